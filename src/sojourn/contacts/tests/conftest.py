"""The register's tests share a traveller of a second organisation and a way to record a
sighting as a trip's planned meeting would."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from sojourn.conftest import Cast
from sojourn.contacts.identifiers import StrongIdentifier
from sojourn.contacts.models import Sighting, SightingSource
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.testing import builders

Sight = Callable[..., Sighting]


@pytest.fixture
def robo_traveller(cast: Cast) -> User:
    return builders.traveller("robo_traveller", organisation=cast.robo)


@pytest.fixture
def sight(now: datetime.datetime) -> Sight:
    def sight(
        reporter: User,
        name: str,
        *,
        identifiers: tuple[StrongIdentifier, ...] = (),
        affiliation: str = "",
        country: str = "",
        occurred_on: datetime.date | None = None,
    ) -> Sighting:
        return record_sighting(
            SightingInput(
                source=SightingSource.PLANNED_MEETING,
                occurred_on=occurred_on or now.date(),
                name=name,
                country=country,
                affiliation=affiliation,
                identifiers=identifiers,
                details="Asked about our robot arms.",
            ),
            reporter=reporter,
            organisation=reporter.person.organisation,
            now=now,
        )

    return sight
