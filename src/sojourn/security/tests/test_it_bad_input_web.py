"""Every form refuses bad input at the field, keeps everything typed, and stores nothing.

For each form a person can send (see `forms.FORMS`), one field at a time is broken: an
impossible date (30 February, words), an end before the start, an unknown country code,
letters where a number goes, text longer than the field takes, a choice that is not offered.
The page comes back with 422, the message tied to the field (aria-invalid, aria-describedby),
every other value as it was typed, and not one row changed.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sojourn.conftest import Cast
from sojourn.security.tests.forms import FORMS, day
from sojourn.security.tests.hostile import Page, assert_kept, stored

FEBRUARY_30 = "2026-02-30"
NOT_A_DATE = "not a date"
UNKNOWN_COUNTRY = "XX"


def long(limit: int) -> str:
    return "x" * (limit + 1)


# (form, field broken, value sent, field where the message must be)
BAD_INPUT = [
    # The trip form and its rows.
    ("trip-new", "title", long(200), "title"),
    ("trip-new", "purpose", "espionage", "purpose"),
    ("trip-new", "necessity", long(10000), "necessity"),
    ("trip-new", "alternatives", long(10000), "alternatives"),
    ("trip-new", "legs-0-starts_on", FEBRUARY_30, "legs-0-starts_on"),
    ("trip-new", "legs-0-ends_on", NOT_A_DATE, "legs-0-ends_on"),
    ("trip-new", "legs-0-ends_on", day(20), "legs-0-ends_on"),
    ("trip-new", "legs-0-country", UNKNOWN_COUNTRY, "legs-0-country"),
    ("trip-new", "legs-0-city", long(120), "legs-0-city"),
    ("trip-new", "meetings-0-counterpart", long(200), "meetings-0-counterpart"),
    ("trip-new", "meetings-0-country", UNKNOWN_COUNTRY, "meetings-0-country"),
    ("trip-new", "meetings-0-topics", long(300), "meetings-0-topics"),
    ("trip-new", "meetings-0-date", FEBRUARY_30, "meetings-0-date"),
    ("trip-edit", "legs-0-ends_on", day(20), "legs-0-ends_on"),
    ("trip-edit", "legs-0-country", UNKNOWN_COUNTRY, "legs-0-country"),
    ("trip-edit", "title", long(200), "title"),
    # Invitations.
    ("invitation-new", "starts_on", FEBRUARY_30, "starts_on"),
    ("invitation-new", "ends_on", day(39), "ends_on"),
    ("invitation-new", "received_on", NOT_A_DATE, "received_on"),
    ("invitation-new", "country", UNKNOWN_COUNTRY, "country"),
    ("invitation-new", "event", long(200), "event"),
    ("invitation-new", "paid_by", "a friend", "paid_by"),
    ("invitation-new", "notes", long(10000), "notes"),
    ("invitation-decline", "reason", long(2000), "reason"),
    # Acting on a trip.
    ("withdraw", "reason", long(2000), "reason"),
    ("checkin", "country", UNKNOWN_COUNTRY, "country"),
    ("checkin", "city", long(120), "city"),
    ("checkin", "note", long(2000), "note"),
    ("checkin-link", "city", long(120), "city"),
    ("checkin-link", "note", long(2000), "note"),
    ("deviation", "starts_on", FEBRUARY_30, "starts_on"),
    ("deviation", "ends_on", NOT_A_DATE, "ends_on"),
    ("deviation", "ends_on", day(20), "ends_on"),
    ("deviation", "country", UNKNOWN_COUNTRY, "country"),
    ("deviation", "reason", long(2000), "reason"),
    ("debrief", "summary", long(20000), "summary"),
    ("debrief", "meetings-0-country", UNKNOWN_COUNTRY, "meetings-0-country"),
    ("debrief", "meetings-0-counterpart", long(200), "meetings-0-counterpart"),
    ("debrief", "incidents-0-occurred_on", FEBRUARY_30, "incidents-0-occurred_on"),
    ("debrief", "incidents-0-country", UNKNOWN_COUNTRY, "incidents-0-country"),
    ("debrief", "incidents-0-kind", "burglary", "incidents-0-kind"),
    # The console.
    ("review-decision", "comment", long(4000), "comment"),
    ("review-decision", "conditions", long(4000), "conditions"),
    ("debrief-review", "comment", long(4000), "comment"),
    ("follow-up", "late-{id}-note", long(4000), "late-{id}-note"),
    ("close-escalation", "escalation-{id}-note", long(4000), "escalation-{id}-note"),
    # Oversight.
    ("advisory", "starts_on", FEBRUARY_30, "starts_on"),
    ("advisory", "ends_on", day(-1), "ends_on"),
    ("advisory", "destinations", "DE, XX", "destinations"),
    ("advisory", "text", long(4000), "text"),
    ("instruction-cancel", "trip_id", "twelve", "trip_id"),
    ("instruction-cancel", "trip_id", "99999999", "trip_id"),
    ("instruction-cancel", "text", long(4000), "text"),
    ("instruction-hold", "hold_until", FEBRUARY_30, "hold_until"),
    ("instruction-hold", "hold_until", NOT_A_DATE, "hold_until"),
    ("instruction-hold", "person_id", "nobody-by-that-name", "person_id"),
    ("instruction-hold", "person_id", "99999999", "person_id"),
    # The account page.
    ("profile", "language", "klingon", "language"),
    ("profile", "emergency_contact_name", long(200), "emergency_contact_name"),
    ("profile", "emergency_contact_phone", long(50), "emergency_contact_phone"),
    ("token", "token-expires_days", "thirty", "token-expires_days"),
    ("token", "token-expires_days", "0", "token-expires_days"),
    ("token", "token-name", long(100), "token-name"),
    ("token", "token-scope", "admin", "token-scope"),
    ("password-change", "new_password2", "another passphrase 43", "new_password2"),
    ("password-change", "old_password", "not my password at all", "old_password"),
]
# Password fields are never sent back to the browser, by design.
NOT_SHOWN_AGAIN = {"old_password", "new_password1", "new_password2"}


def unshowable(page: Page, field: str) -> set[str]:
    """A list of choices cannot show a value it does not offer (only a forged request sends
    one); everything else must come back as typed."""
    control = page.control(field)
    choice = control.tag == "select" or control.attrs.get("type") == "radio"
    return {field} if choice else set()


def _ids(field: str, url: str) -> str:
    """`late-{id}-note` with the id of the object in the address."""
    if "{id}" not in field:
        return field
    object_id = next(part for part in url.split("/") if part.isdigit())
    return field.replace("{id}", object_id)


@pytest.mark.parametrize(("name", "field", "value", "error_field"), BAD_INPUT)
def test_bad_input_is_refused_at_its_field_keeping_what_was_typed(
    client: Client,
    cast: Cast,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    field: str,
    value: str,
    error_field: str,
) -> None:
    """GIVEN a form filled in correctly but for one field
    WHEN it is sent
    THEN the page answers 422 (Django's own password page: 200) with the message at that
    field, every value typed is still in the form, and nothing at all is stored."""
    form = FORMS[name](cast)
    monkeypatch.setattr(timezone, "now", lambda: form.at)
    if form.who is not None:
        client.force_login(form.who)
    field, error_field = _ids(field, form.url), _ids(error_field, form.url)
    sent = {**form.data, field: value}
    before = stored()

    response = client.post(form.url, sent)

    assert response.status_code == form.refused, response.content.decode()[:2000]
    page = Page(response.content, action=form.url)
    assert page.error_at(error_field)
    assert_kept(page, sent, skip=NOT_SHOWN_AGAIN | unshowable(page, field))
    assert stored() == before


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_correct_submission_is_accepted(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The control: each form, as built, is accepted and stores something, so every refusal
    above is the broken field's doing."""
    form = FORMS[name](cast)
    monkeypatch.setattr(timezone, "now", lambda: form.at)
    if form.who is not None:
        client.force_login(form.who)
    before = stored()

    response = client.post(form.url, form.data)

    assert response.status_code in {200, 302}, response.content.decode()[:2000]
    assert b'aria-invalid="true"' not in response.content
    assert stored() != before


def test_every_form_is_broken_somewhere() -> None:
    """A form added to `FORMS` is covered by at least one bad value."""
    assert {name for name, *_rest in BAD_INPUT} == set(FORMS)


# Hidden fields and row counts: only a forged or stale page sends these wrong.

TAMPERED = [
    ("withdraw", "version", "abc"),
    ("trip-edit", "version", "abc"),
    ("review-decision", "version", "abc"),
    ("review-decision", "opened", "yesterday"),
    ("debrief-review", "version", ""),
    ("debrief", "version", "-3"),
    ("checkin", "status", "panic"),
    ("token", "token-once", long(64)),
    ("trip-new", "legs-TOTAL_FORMS", "5000"),
    ("debrief", "meetings-TOTAL_FORMS", "5000"),
]


@pytest.mark.parametrize(("name", "field", "value"), TAMPERED)
def test_a_tampered_hidden_field_is_refused_with_a_message(
    client: Client,
    cast: Cast,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    field: str,
    value: str,
) -> None:
    """GIVEN a form whose hidden field (a version, a row count, the button's status) was changed
    WHEN it is sent
    THEN the page answers 422 and says something is wrong (there is no field to mark), keeps
    what was typed, and stores nothing."""
    form = FORMS[name](cast)
    monkeypatch.setattr(timezone, "now", lambda: form.at)
    if form.who is not None:
        client.force_login(form.who)
    sent = {**form.data, field: value}
    before = stored()

    response = client.post(form.url, sent)

    assert response.status_code == 422, response.content.decode()[:2000]
    page = Page(response.content, action=form.url)
    assert any(alert.strip() for alert in page.alerts), "no message on the page"
    assert_kept(page, sent, skip={field, "status"})
    assert stored() == before


# Signing in: Django's own view answers 200 with the error, the same for any wrong input.


@pytest.mark.parametrize(
    "username",
    ["traveller", "nobody", long(150), "traveller' OR '1'='1", "<b>traveller</b>"],
)
def test_a_refused_sign_in_keeps_the_name_and_says_the_same_thing(
    client: Client, cast: Cast, username: str
) -> None:
    """GIVEN a wrong password, an unknown or over-long name, or one that looks like SQL
    WHEN it is sent to the sign-in page
    THEN the page says the one same thing, keeps the name typed (never the password), and
    nobody is signed in."""
    response = client.post("/login/", {"username": username, "password": "wrong password 1"})

    assert response.status_code == 200
    page = Page(response.content, action="/login/")
    assert [" ".join(alert.split()) for alert in page.alerts] == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]
    assert page.values()["username"] == [username]
    assert page.values()["password"] == [""]
    assert "_auth_user_id" not in client.session


def test_a_sign_in_without_a_name_says_so_at_the_field(client: Client, db: None) -> None:
    response = client.post("/login/", {"username": "", "password": "a password"})

    assert response.status_code == 200
    assert Page(response.content, action="/login/").error_at("username") == (
        "This field is required."
    )
