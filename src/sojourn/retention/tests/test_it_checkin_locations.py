"""Check-ins keep only their country once their trip has been closed for the period: the
setting's, or the organisation's pack's where it sets one. Each purge is audited by counts."""

from __future__ import annotations

import datetime

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn, Escalation
from sojourn.care.services import check_in
from sojourn.directives.models import PolicyVersion
from sojourn.retention.job import run
from sojourn.retention.models import Purge
from sojourn.retention.tests.conftest import CITY, DAY, NOTE
from sojourn.testing import builders


def where(trip) -> list[tuple[str, str, str]]:
    return list(CheckIn.objects.filter(trip=trip).values_list("country", "city", "note"))


def test_before_the_period_the_check_in_keeps_its_city_and_note(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    run(closed.closed_at + 89 * DAY, apply=True)

    assert where(closed) == [("DE", CITY, NOTE)]
    assert not Purge.objects.filter(what="checkin_locations").exists()


def test_after_the_period_the_check_in_keeps_only_its_country(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    moment = closed.closed_at + 91 * DAY

    run(moment, apply=True)

    assert where(closed) == [("DE", "", "")]
    [purge] = Purge.objects.filter(what="checkin_locations")
    assert (purge.count, purge.organisation, purge.at) == (1, cast.lab, moment)


def test_the_purge_is_audited_by_counts_never_values(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    run(closed.closed_at + 91 * DAY, apply=True)

    [event] = AuditEvent.objects.filter(action="retention.purged", data__what="checkin_locations")
    assert event.data == {"what": "checkin_locations", "count": 1, "organisation_id": cast.lab.pk}
    assert event.actor_label == "system"


def test_a_second_pass_purges_nothing_again(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    run(closed.closed_at + 91 * DAY, apply=True)
    run(closed.closed_at + 92 * DAY, apply=True)

    assert Purge.objects.filter(what="checkin_locations").count() == 1


def test_a_place_an_older_escalation_kept_goes_too(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    escalation = Escalation.objects.get(trip=closed, kind="need_help")
    escalation.data = {**escalation.data, "city": CITY}  # as written before events carried ids
    escalation.save(update_fields=["data"])

    run(closed.closed_at + 91 * DAY, apply=True)

    escalation.refresh_from_db()
    assert "city" not in escalation.data
    assert escalation.data["country"] == "DE"


def test_the_organisations_pack_sets_a_shorter_period(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    current = PolicyVersion.objects.get(pack_id="lifecycle-test", version=1)
    PolicyVersion.objects.create(
        pack_id="lifecycle-test",
        version=2,
        title=current.title,
        source=current.source.replace("version: 1", "version: 2")
        + "retention:\n  checkin_location_days: 7\n",
        effective_from=datetime.datetime(2000, 1, 2, tzinfo=datetime.UTC),
    )

    run(closed.closed_at + 8 * DAY, apply=True)

    assert where(closed) == [("DE", "", "")]


def test_a_trip_not_closed_keeps_its_check_ins(cast, now, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 1
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip, actor=cast.traveller, status="ok", now=builders.at(trip.starts_on, 12), city=CITY
    )

    run(builders.at(trip.starts_on) + 400 * DAY, apply=True)

    assert CheckIn.objects.get(trip=trip).city == CITY
