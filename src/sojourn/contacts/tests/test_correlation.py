"""A contact seen by N travellers or M times within the window alerts the officers once per
threshold; seen by travellers of several organisations, oversight too."""

from __future__ import annotations

import datetime

from sojourn.contacts.identifiers import email
from sojourn.contacts.models import CorrelationAlert
from sojourn.contacts.tests.conftest import Sight
from sojourn.notify.models import Notification

MAIL = (email("lm@example.org"),)


def _kinds(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, channel="in_app").values_list("kind", flat=True)
    )


def test_two_travellers_then_three_sightings_alert_once_each(cast, sight: Sight) -> None:
    sight(cast.traveller, "Lin Mei", identifiers=MAIL)
    assert not CorrelationAlert.objects.exists()

    sight(cast.colleague, "Lin Mei", identifiers=MAIL)
    assert list(CorrelationAlert.objects.values_list("threshold", "value")) == [("travellers", 2)]

    sight(cast.colleague, "Lin Mei", identifiers=MAIL)
    sight(cast.traveller, "Lin Mei", identifiers=MAIL)

    alerts = sorted(CorrelationAlert.objects.values_list("threshold", "value"))
    assert alerts == [("sightings", 3), ("travellers", 2)]
    assert sorted(_kinds(cast.officer)) == ["contact.correlation"] * 2
    assert _kinds(cast.other_officer) == []


def test_sightings_outside_the_window_do_not_count(cast, sight: Sight, now) -> None:
    long_ago = now.date() - datetime.timedelta(days=400)
    sight(cast.traveller, "Lin Mei", identifiers=MAIL, occurred_on=long_ago)
    sight(cast.colleague, "Lin Mei", identifiers=MAIL)

    assert not CorrelationAlert.objects.exists()


def test_travellers_of_two_organisations_alert_oversight_once(
    cast, sight: Sight, robo_traveller
) -> None:
    sight(cast.traveller, "Lin Mei", identifiers=MAIL)
    sight(robo_traveller, "Mei Lin", identifiers=MAIL)
    sight(robo_traveller, "Mei Lin", identifiers=MAIL)

    [alert] = CorrelationAlert.objects.filter(threshold="organisations")
    assert alert.value == 2
    assert alert.cluster_id is not None
    assert _kinds(cast.oversight) == ["contact.cross_organisation"]
    assert "contact.cross_organisation" in _kinds(cast.other_officer)


def test_oversight_sees_cross_organisation_clusters_most_seen_first(
    cast, sight: Sight, robo_traveller
) -> None:
    from sojourn.contacts.clusters import cross_organisation

    sight(cast.traveller, "Lin Mei", identifiers=MAIL)
    sight(robo_traveller, "Mei Lin", identifiers=MAIL)
    sight(robo_traveller, "Mei Lin", identifiers=MAIL)
    other = (email("zw@example.org"),)
    sight(cast.traveller, "Zhang Wei", identifiers=other)  # one organisation only: no cluster

    [seen] = cross_organisation(cast.oversight)
    assert (seen.organisations, seen.sightings, seen.travellers) == (2, 3, 2)
    assert cross_organisation(cast.officer) == []
    assert cross_organisation(cast.traveller) == []
