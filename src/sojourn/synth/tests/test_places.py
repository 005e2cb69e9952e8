"""The destinations, hubs and events are real ISO countries, and the organisations follow packs
that ship with Sojourn."""

from __future__ import annotations

from sojourn.policy import is_country, shipped_pack_ids
from sojourn.synth import texts
from sojourn.synth.people import PROFILES
from sojourn.synth.places import BY_CODE, COUNTRIES, HUBS, TIME_ZONES


def test_every_destination_and_hub_is_a_country():
    assert [c.code for c in COUNTRIES if not is_country(c.code)] == []
    assert [code for code, _, _ in HUBS if not is_country(code)] == []
    assert len(BY_CODE) == len(COUNTRIES)


def test_the_big_business_destinations_weigh_most():
    top = [c.code for c in sorted(COUNTRIES, key=lambda c: -c.weight)[:8]]
    assert set(top) == {"US", "JP", "SG", "DE", "GB", "FR", "KR", "CN"}
    assert len(COUNTRIES) > 60


def test_events_are_held_in_known_countries():
    assert set(texts.EVENTS) <= set(BY_CODE)


def test_organisations_follow_shipped_packs_from_homes_with_a_time_zone():
    assert {profile.pack for profile in PROFILES} == set(shipped_pack_ids())
    assert {home for profile in PROFILES for home in profile.homes} <= set(TIME_ZONES)
