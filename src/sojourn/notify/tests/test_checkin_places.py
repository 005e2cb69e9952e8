"""A check-in's place in a notification's words: its city and its country's name in the
reader's language, from the `city` and `country` params; older rows keep their one `place`."""

from __future__ import annotations

import pytest

from sojourn.notify.texts import render

NEED_HELP = {"traveller": "Li Wei", "time": "2026-03-02T09:00+00:00", "note": "—"}


@pytest.mark.parametrize(
    ("language", "place"),
    [("en", "Checked in from Boston, United States at"), ("zh-hans", "在 美国 Boston 报告")],
)
def test_the_country_is_named_in_the_readers_language(language: str, place: str) -> None:
    """GIVEN a need-help check-in kept as its city and country code WHEN it is worded THEN the
    country reads by its name in the reader's language, with the city."""
    _subject, body = render(
        "escalation.need_help", {**NEED_HELP, "city": "Boston", "country": "US"}, language
    )

    assert place in body


@pytest.mark.parametrize(
    ("city", "country", "place"),
    [
        ("", "JP", "在 日本 报告"),
        ("", "", "在 未知地点 报告"),
        ("Atlantis", "", "在 Atlantis 报告"),
    ],
)
def test_a_place_known_in_part_reads_with_what_is_known(
    city: str, country: str, place: str
) -> None:
    _subject, body = render(
        "escalation.need_help", {**NEED_HELP, "city": city, "country": country}, "zh-hans"
    )

    assert place in body


def test_an_off_itinerary_check_in_names_the_country_too() -> None:
    params = {"title": "Workshop", "traveller": "Li Wei", "city": "Warsaw", "country": "PL"}

    _subject, body = render("escalation.off_itinerary", params, "zh-hans")

    assert body.startswith("Li Wei 在 波兰 Warsaw 报平安")


def test_a_row_written_with_one_place_reads_as_it_was_written() -> None:
    """GIVEN a notification stored before city and country were kept apart ("Boston, US")
    WHEN it is worded THEN its place reads as stored."""
    _subject, body = render("escalation.need_help", {**NEED_HELP, "place": "Boston, US"}, "en")

    assert "Checked in from Boston, US at" in body


def test_a_deviations_country_is_named_in_the_readers_language() -> None:
    params = {"title": "Workshop", "traveller": "Li Wei", "country": "US"}

    _subject, body = render("escalation.deviation", params, "zh-hans")

    assert "美国" in body
    assert "US" not in body
