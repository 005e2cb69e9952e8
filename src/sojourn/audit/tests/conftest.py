"""The admin's world: a superuser, and a row of every model the admin registers."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sojourn.debriefs.models import Debrief
from sojourn.debriefs.services import IncidentInput, save_draft
from sojourn.security.tests.matrix_world import build_world


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.test", "x" * 16)


@pytest.fixture
def world(cast, superuser):
    """A row of every registered model (the matrix's world, with an incident and second factors)."""
    build_world(cast)
    # The summary is sealed at rest: the database cannot search it, Python reads it.
    [draft] = [d.trip for d in Debrief.objects.all() if d.summary.startswith("MATRIX-SECRET-DRAFT")]
    assert draft.ends_on is not None
    writing = datetime.datetime.combine(
        draft.ends_on + datetime.timedelta(days=1), datetime.time(11), tzinfo=datetime.UTC
    )
    save_draft(
        draft,
        actor=cast.traveller,
        now=writing,
        summary="MATRIX-SECRET-DRAFT again",
        incidents=[IncidentInput(kind="questioning", description="MATRIX-SECRET-INCIDENT")],
    )
    Group.objects.create(name="helpdesk")
    TOTPDevice.objects.create(user=cast.officer, name="phone")
    StaticDevice.objects.create(user=cast.officer, name="backup").token_set.create(token="abc123")
