"""Properties that hold for every trip under every shipped pack (hypothesis)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.policy import (
    Advisory,
    Assessment,
    Leg,
    Route,
    Severity,
    Traveller,
    TripFacts,
    add_days,
    assess,
    is_business_day,
    shipped_pack,
    shipped_pack_ids,
    subtract_days,
)
from sojourn.policy.calendar import public_holidays, weekend
from sojourn.policy.inputs import Effect

PACKS = [shipped_pack(pack_id) for pack_id in shipped_pack_ids()]
COUNTRIES = ["CN", "US", "FR", "JP", "SG", "IN", "VN", "TH", "KP", "RU", "HK", "DE", "BR", "AE"]
CALENDARS = ["CN", "US", "GB", "JP", "IL", "AE", "DE", "SG", "AQ"]
FIRST = datetime.date(2026, 1, 1)

days = st.integers(min_value=0, max_value=700).map(lambda n: FIRST + datetime.timedelta(days=n))


@st.composite
def legs(draw: st.DrawFn) -> Leg:
    start = draw(days)
    length = draw(st.integers(min_value=0, max_value=20))
    return Leg(
        country=draw(st.sampled_from(COUNTRIES)),
        starts_on=start,
        ends_on=start + datetime.timedelta(days=length),
        transit=draw(st.booleans()),
    )


@st.composite
def trips(draw: st.DrawFn, *, max_legs: int = 4) -> TripFacts:
    return TripFacts(
        traveller=Traveller(
            positions=(draw(st.sampled_from(["founder", "researcher", "staff", "executive"])),),
            sectors=tuple(
                draw(st.sets(st.sampled_from(["ai", "academia", "aerospace"]), min_size=1))
            ),
            home_country=draw(st.sampled_from(["CN", "US"])),
        ),
        purpose="conference",
        reported_on=draw(days),
        legs=tuple(draw(st.lists(legs(), min_size=1, max_size=max_legs))),
        necessity=draw(st.sampled_from(["", "Needed in person."])),
        alternatives=draw(st.sampled_from(["", "Remote attendance declined."])),
    )


@st.composite
def advisories(draw: st.DrawFn) -> list[Advisory]:
    found = []
    for index in range(draw(st.integers(min_value=0, max_value=2))):
        starts = draw(days)
        effect: Effect = draw(st.sampled_from(["raise_tier", "prohibit"]))
        found.append(
            Advisory(
                id=f"A{index}",
                destinations=tuple(draw(st.sets(st.sampled_from(COUNTRIES), min_size=1))),
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=draw(st.integers(0, 60))),
                effect=effect,
                tier=None if effect == "prohibit" else draw(st.sampled_from(["restricted", "x"])),
                text="",
            )
        )
    return found


packs = st.sampled_from(PACKS)


def rank(result: Assessment) -> int:
    return result.tier_rank or 0


def with_legs(trip: TripFacts, legs_: tuple[Leg, ...]) -> TripFacts:
    return TripFacts(
        traveller=trip.traveller,
        purpose=trip.purpose,
        reported_on=trip.reported_on,
        legs=legs_,
        meetings=trip.meetings,
        necessity=trip.necessity,
        alternatives=trip.alternatives,
    )


@settings(deadline=None)
@given(packs, trips(), legs(), advisories())
def test_adding_a_leg_never_lowers_the_tier(pack, trip, extra, in_force) -> None:
    before = assess(pack, trip, advisories=in_force)
    after = assess(pack, with_legs(trip, (*trip.legs, extra)), advisories=in_force)

    assert rank(after) >= rank(before)


@settings(deadline=None)
@given(packs, trips(), advisories())
def test_the_result_is_deterministic(pack, trip, in_force) -> None:
    first = assess(pack, trip, advisories=in_force)
    second = assess(pack, trip, advisories=list(reversed(in_force)))

    assert first == second
    assert Assessment.from_dict(first.to_dict()) == first


@settings(deadline=None)
@given(packs, trips(), st.data())
def test_reordering_legs_changes_nothing(pack, trip, data) -> None:
    shuffled = data.draw(st.permutations(trip.legs))

    assert assess(pack, with_legs(trip, tuple(shuffled))) == assess(pack, trip)


@settings(deadline=None)
@given(packs, trips(), st.sampled_from(COUNTRIES), days)
def test_a_transit_counts_like_a_stay(pack, trip, country, on) -> None:
    stay = Leg(country=country, starts_on=on, ends_on=on)
    layover = Leg(country=country, starts_on=on, ends_on=on, transit=True)

    staying = assess(pack, with_legs(trip, (*trip.legs, stay)))
    passing = assess(pack, with_legs(trip, (*trip.legs, layover)))

    assert passing.tier == staying.tier
    assert passing.covered == staying.covered
    tier = pack.tier_of(country, trip.traveller.home_country)
    if passing.covered and tier is not None:
        assert rank(passing) >= tier.rank


@settings(deadline=None)
@given(packs, trips(), advisories())
def test_a_blocker_never_auto_approves(pack, trip, in_force) -> None:
    result = assess(pack, trip, advisories=in_force)

    if result.route == Route.AUTO_APPROVE:
        assert result.findings == ()
    if any(f.severity == Severity.BLOCKER for f in result.findings):
        assert result.route in (Route.REVIEW, Route.DENY)
    if result.route == Route.REVIEW:
        assert result.approvals
    assert 0 <= result.risk.score <= 100


@settings(deadline=None)
@given(packs, trips())
def test_business_day_deadlines_are_business_days(pack, trip) -> None:
    result = assess(pack, trip)
    tier = pack.tier(result.tier) if result.tier else None

    if tier and tier.debrief and tier.debrief.business_days:
        assert result.debrief_due is not None
        assert is_business_day(result.debrief_due, trip.traveller.home_country)
    if tier and tier.advance_notice.business_days:
        assert result.report_by is not None
        assert is_business_day(result.report_by, trip.traveller.home_country)


@given(days, st.integers(min_value=1, max_value=40), st.sampled_from(CALENDARS))
def test_business_days_skip_weekends_and_holidays(start, n, country) -> None:
    later = add_days(start, n, business=True, country=country)
    earlier = subtract_days(start, n, business=True, country=country)

    for deadline in (later, earlier):
        assert deadline.weekday() not in weekend(country)
        assert deadline not in public_holidays(country, deadline.year)
    assert _business_days(start + ONE_DAY, later, country) == n
    assert _business_days(earlier, start - ONE_DAY, country) == n


@given(days, st.sampled_from(CALENDARS))
def test_zero_business_days_moves_only_off_a_day_off(start, country) -> None:
    forward = add_days(start, 0, business=True, country=country)
    back = subtract_days(start, 0, business=True, country=country)

    assert is_business_day(forward, country)
    assert is_business_day(back, country)
    assert _business_days(start, forward, country) == 1
    assert _business_days(back, start, country) == 1


ONE_DAY = datetime.timedelta(days=1)


def _business_days(first: datetime.date, last: datetime.date, country: str) -> int:
    """Business days from `first` to `last`, both included."""
    count = 0
    day = first
    while day <= last:
        count += is_business_day(day, country)
        day += ONE_DAY
    return count
