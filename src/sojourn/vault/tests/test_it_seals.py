"""Personal data is sealed at rest: the models read plain text, the columns hold none of it."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from sojourn.care.models import CheckIn
from sojourn.care.services import check_in
from sojourn.testing import builders
from sojourn.vault.seal import SealError


@pytest.fixture
def checkin(cast, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    return check_in(
        trip,
        actor=cast.traveller,
        status="ok",
        now=trip.checkin_due_at or now,
        country="DE",
        city="Kreuzberg safehouse",
        note="Met the contact at the café",
    )


def _raw(checkin: CheckIn) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT country, city, note FROM care_checkin WHERE id = %s", [checkin.pk])
        country, city, note = cursor.fetchone()
        return str(country), str(city), str(note)


def _write_raw(checkin: CheckIn, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE care_checkin SET {column} = %s WHERE id = %s", [value, checkin.pk])


def test_the_model_reads_back_what_was_written(checkin):
    again = CheckIn.objects.get(pk=checkin.pk)
    assert (again.city, again.note) == ("Kreuzberg safehouse", "Met the contact at the café")
    assert CheckIn.objects.filter(pk=checkin.pk).values_list("city", flat=True)[0] == (
        "Kreuzberg safehouse"
    )


def test_the_column_holds_no_plain_text(checkin):
    country, city, note = _raw(checkin)
    assert country == "DE"  # the part lists filter on stays plain
    assert "Kreuzberg" not in city
    assert "safehouse" not in city
    assert "contact" not in note
    assert "café" not in note
    assert city.startswith("v1:")
    assert note.startswith("v1:")


def test_two_sealings_of_one_text_differ(checkin):
    checkin.pk = None
    checkin.save()
    first, second = CheckIn.objects.order_by("id")[:2]
    assert first.city == second.city
    assert _raw(first)[1] != _raw(second)[1]


def test_a_tampered_value_is_refused(checkin):
    _, city, _ = _raw(checkin)
    flipped = city[:-3] + ("A" if city[-3] != "A" else "B") + city[-2:]
    _write_raw(checkin, "city", flipped)
    with pytest.raises(SealError, match="SOJOURN_ENCRYPTION_KEYS: the key is wrong or the value"):
        CheckIn.objects.get(pk=checkin.pk)


def test_a_value_moved_to_another_column_is_refused(checkin):
    _, city, _ = _raw(checkin)
    _write_raw(checkin, "note", city)
    with pytest.raises(SealError, match=r"care\.checkin\.note"):
        CheckIn.objects.get(pk=checkin.pk)


def test_plain_text_written_around_sojourn_is_refused(checkin):
    _write_raw(checkin, "note", "typed in by SQL")
    with pytest.raises(SealError, match="not sealed"):
        CheckIn.objects.get(pk=checkin.pk)


def test_a_blank_stays_blank_and_can_be_asked_for(checkin):
    CheckIn.objects.filter(pk=checkin.pk).update(note="")
    assert _raw(checkin)[2] == ""
    assert CheckIn.objects.filter(note="").count() == 1
    assert CheckIn.objects.exclude(city="").count() == 1


def test_searching_sealed_text_in_sql_fails_loudly(checkin):
    with pytest.raises(FieldError, match=r"care.checkin.city is sealed at rest"):
        CheckIn.objects.filter(city__icontains="kreuz").count()
    with pytest.raises(FieldError, match="only a blank value"):
        CheckIn.objects.filter(city="Kreuzberg safehouse").count()
