"""Submission counts days as the organisation does, not by the UTC date.

A New York evening is already tomorrow in UTC; a Tokyo morning is still yesterday. Whether a trip
is already under way (a late report, live at once without approval), whether it was reported in
time, and which policy version and directives are in force are all decided on the
organisation's own date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from sojourn.conftest import TEST_PACK, follow_test_pack
from sojourn.directives.models import PolicyVersion
from sojourn.people.models import Organisation
from sojourn.testing import builders
from sojourn.trips import assessing, services
from sojourn.trips.drafts import LegInput, TripInput, create_draft
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
# Winter dates, away from daylight saving: New York is UTC-5, Tokyo UTC+9.
DEPARTS = datetime.date(2026, 2, 20)


def at(day: datetime.date, hour: int, zone: ZoneInfo) -> datetime.datetime:
    """That hour of the day where `zone` is, as the clock gives it: in UTC."""
    local = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
    return local.astimezone(datetime.UTC)


@dataclass
class Office:
    organisation: Organisation
    traveller: User
    officer: User


def office(slug: str, time_zone: str, home_country: str) -> Office:
    organisation = Organisation.objects.create(
        name=slug.capitalize(),
        slug=slug,
        sectors=["ai"],
        home_country=home_country,
        time_zone=time_zone,
    )
    follow_test_pack(organisation)  # one review step, seven days' notice
    return Office(
        organisation=organisation,
        traveller=builders.traveller(f"{slug}-traveller", organisation=organisation),
        officer=builders.officer(f"{slug}-officer", organisation=organisation),
    )


@pytest.fixture
def new_york(db: None) -> Office:
    return office("newyork", "America/New_York", "US")


@pytest.fixture
def tokyo(db: None) -> Office:
    return office("tokyo", "Asia/Tokyo", "JP")


def trip_of(
    who: Office, *, written_at: datetime.datetime, departs: datetime.date = DEPARTS
) -> Trip:
    return create_draft(
        actor=who.traveller,
        now=written_at,
        data=TripInput(
            title="Workshop in Berlin",
            purpose="academic",
            legs=[LegInput(country="DE", city="Berlin", starts_on=departs, ends_on=departs + DAY)],
        ),
    )


def test_a_new_york_evening_before_departure_goes_to_review(new_york):
    """GIVEN a New York traveller whose trip leaves tomorrow
    WHEN they submit it at 20:00 New York time, when the UTC date is already the departure day
    THEN it waits for the officer's approval: it is not treated as already under way."""
    moment = at(DEPARTS - DAY, 20, NEW_YORK)
    assert moment.date() == DEPARTS
    trip = trip_of(new_york, written_at=moment - 2 * DAY)

    trip = services.submit(trip, actor=new_york.traveller, now=moment)

    assert trip.status == TripStatus.SUBMITTED
    assert trip.departed_at is None
    assert list(trip.reviews.values_list("step", "decision")) == [("org_security", "pending")]


def test_a_new_york_submission_on_the_departure_day_is_a_late_report(new_york):
    """GIVEN a New York traveller whose trip leaves today, New York time
    WHEN they submit it that evening (already tomorrow in UTC)
    THEN it is live at once as a late report, followed up three days after New York's date."""
    moment = at(DEPARTS, 20, NEW_YORK)
    assert moment.date() == DEPARTS + DAY
    trip = trip_of(new_york, written_at=moment - 2 * DAY)

    trip = services.submit(trip, actor=new_york.traveller, now=moment)

    assert trip.status == TripStatus.IN_PROGRESS
    assert trip.late_report is True
    assert trip.follow_up_due == DEPARTS + 3 * DAY
    assert not trip.reviews.exists()


def test_a_tokyo_morning_on_the_departure_day_is_a_late_report(tokyo):
    """GIVEN a Tokyo traveller whose trip leaves today, Tokyo time
    WHEN they submit it at 08:00, when the UTC date is still yesterday
    THEN it is already under way: live at once as a late report, reported on Tokyo's date."""
    moment = at(DEPARTS, 8, TOKYO)
    assert moment.date() == DEPARTS - DAY
    trip = trip_of(tokyo, written_at=moment - 2 * DAY)

    trip = services.submit(trip, actor=tokyo.traveller, now=moment)

    assert trip.status == TripStatus.IN_PROGRESS
    assert trip.late_report is True
    assert trip.follow_up_due == DEPARTS + 3 * DAY
    (late,) = [f for f in trip.findings if f["code"] == "late_report"]
    assert f"Reported on {DEPARTS.isoformat()}" in late["message"]


def test_a_new_york_report_on_the_last_day_to_report_is_in_time(new_york):
    """GIVEN a trip whose last day to report (seven days ahead) is today in New York
    WHEN the traveller submits it at 20:00 New York time (tomorrow in UTC)
    THEN it was reported in time: no late-report finding, no follow-up."""
    last_day = DEPARTS - 7 * DAY
    moment = at(last_day, 20, NEW_YORK)
    trip = trip_of(new_york, written_at=moment - 2 * DAY)
    assert trip.report_by == last_day

    trip = services.submit(trip, actor=new_york.traveller, now=moment)

    assert trip.status == TripStatus.SUBMITTED
    assert trip.late_report is False
    assert trip.follow_up_due is None
    assert "late_report" not in [f["code"] for f in trip.findings]
    assert not trip.escalations.exists()


def test_the_pack_version_already_in_force_on_a_new_york_evening_applies(new_york):
    """GIVEN a stricter pack version (fourteen days' notice) in force since 00:30 UTC, which is
    19:30 New York time
    WHEN a New York traveller writes and submits a trip at 20:00 New York time, the same evening
    THEN the draft's report-by date and the submission both follow the new version: a date in
    the organisation's evening must not reach back to the end of the previous UTC day."""
    evening = DEPARTS - 10 * DAY
    moment = at(evening, 20, NEW_YORK)
    PolicyVersion.objects.create(
        pack_id="lifecycle-test",
        version=2,
        title="Lifecycle test pack, fourteen days' notice",
        source=TEST_PACK.read_text()
        .replace("version: 1", "version: 2")
        .replace("days: 7, business_days", "days: 14, business_days"),
        effective_from=at(evening, 19, NEW_YORK) + datetime.timedelta(minutes=30),
    )

    trip = trip_of(new_york, written_at=moment)

    assert trip.report_by == DEPARTS - 14 * DAY

    trip = services.submit(trip, actor=new_york.traveller, now=moment)

    assert trip.policy == "lifecycle-test@2"
    assert trip.late_report is True
    assert trip.status == TripStatus.SUBMITTED


def test_a_caller_counting_by_the_utc_date_still_sees_what_is_in_force(tokyo):
    """GIVEN a stricter pack version in force since 16:30 UTC (01:30 the next day in Tokyo)
    WHEN a Tokyo trip is assessed at 17:00 UTC by a caller passing the UTC date as `today`
    THEN the new version applies: that day's end in Tokyo is already past, the UTC day's is not."""
    day = DEPARTS - 10 * DAY
    now = datetime.datetime.combine(day, datetime.time(17), tzinfo=datetime.UTC)
    PolicyVersion.objects.create(
        pack_id="lifecycle-test",
        version=2,
        title="Lifecycle test pack, version 2",
        source=TEST_PACK.read_text().replace("version: 1", "version: 2"),
        effective_from=now - datetime.timedelta(minutes=30),
    )
    trip = trip_of(tokyo, written_at=now - 2 * DAY)

    assert assessing.assess(trip, today=now.date()).policy == "lifecycle-test@2"
