"""Invitations in the browser: recorded, listed pending first with their pre-assessment, read
by those who may see them, and decided (declined with a reason, or accepted into a draft) only
by the person invited."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.conftest import Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.models import Invitation, InvitationDecision, Trip, TripStatus

DAY = datetime.timedelta(days=1)
AssertMaxQueries = Callable[..., Any]
# Session, user, the viewer's profile, one page of rows with their invitees (keyset: no count).
QUERIES_PER_LIST_PAGE = 4


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


def record(who: User, now: datetime.datetime, **changes: Any) -> Invitation:
    fields: dict[str, Any] = {
        "event": "AI Action Summit",
        "host_organisation": "Élysée",
        "country": "FR",
        "city": "Paris",
        "starts_on": now.date() + 40 * DAY,
        "ends_on": now.date() + 41 * DAY,
        "paid_by": "host",
        "received_on": now.date(),
        **changes,
    }
    return invitations.record(actor=who, data=invitations.InvitationInput(**fields), now=now)


@pytest.fixture
def invitation(cast: Cast, now: datetime.datetime) -> Invitation:
    return record(cast.traveller, now)


def form(now: datetime.datetime, **changes: str) -> dict[str, str]:
    return {
        "event": "World Robot Conference",
        "host_organisation": "RoboCorp",
        "country": "US",
        "city": "Boston",
        "starts_on": (now.date() + 50 * DAY).isoformat(),
        "ends_on": (now.date() + 52 * DAY).isoformat(),
        "paid_by": "employer",
        "received_on": now.date().isoformat(),
        "notes": "Keynote offered.",
        **changes,
    }


# The list -------------------------------------------------------------------------------------


def test_my_invitations_pending_first_with_tier_and_route(
    client: Client, cast: Cast, now: datetime.datetime
):
    decided = record(cast.traveller, now, event="Old summit", starts_on=now.date() + 5 * DAY)
    invitations.decline(decided, actor=cast.traveller, reason="No time.", now=now)
    record(
        cast.traveller,
        now,
        event="Later summit",
        starts_on=now.date() + 60 * DAY,
        ends_on=now.date() + 61 * DAY,
    )
    record(cast.colleague, now, event="Colleague's summit")
    client.force_login(cast.traveller)

    response = client.get("/invitations/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "My invitations" in content
    assert content.index("Later summit") < content.index("Old summit")  # pending first
    assert "Colleague's summit" not in content
    assert "<td>reviewed</td>" in content  # the tier of the lab's test pack
    assert "Review" in content
    assert "Paris, France" in content
    assert 'href="/invitations/new/"' in content


def test_officers_see_their_organisation_and_who_was_invited(
    client: Client, cast: Cast, now: datetime.datetime
):
    record(cast.traveller, now, event="Lab summit")
    robo_exec = builders.traveller("robo_exec", organisation=cast.robo, position=Position.STAFF)
    record(robo_exec, now, event="Robo summit")

    client.force_login(cast.officer)
    content = client.get("/invitations/").content.decode()
    assert "Lab summit" in content
    assert "Robo summit" not in content
    assert "Traveller" in content  # the invitee's name
    assert 'href="/invitations/new/"' not in content

    client.force_login(cast.auditor)
    content = client.get("/invitations/").content.decode()
    assert "Lab summit" in content
    assert "Robo summit" in content


def link(content: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', content)
    return html.unescape(found.group(1)) if found else None


def test_the_list_is_paginated_at_a_constant_cost(
    client: Client,
    cast: Cast,
    now: datetime.datetime,
    django_assert_max_num_queries: AssertMaxQueries,
):
    """GIVEN 30 invitations WHEN an officer follows Next and then Previous THEN each page
    costs the same few queries, the second lists the last five and the way back the first 25."""
    for number in range(30):
        record(cast.traveller, now, event=f"Summit {number:02d}")
    client.force_login(cast.officer)

    with django_assert_max_num_queries(QUERIES_PER_LIST_PAGE):
        content = client.get("/invitations/").content.decode()

    assert len(re.findall(r'href="/invitations/\d+/"', content)) == 25
    assert "Summit 24" in content
    assert "Summit 25" not in content
    assert link(content, "prev") is None
    following = link(content, "next")
    assert following is not None
    with django_assert_max_num_queries(QUERIES_PER_LIST_PAGE):
        second = client.get(f"/invitations/{following}").content.decode()
    assert len(re.findall(r'href="/invitations/\d+/"', second)) == 5
    assert "Summit 25" in second
    assert link(second, "next") is None
    back = link(second, "prev")
    assert back is not None
    first = client.get(f"/invitations/{back}").content.decode()
    assert re.findall(r'href="/invitations/\d+/"', first) == re.findall(
        r'href="/invitations/\d+/"', content
    )


def test_a_garbled_cursor_shows_the_first_page(client: Client, cast: Cast, now: datetime.datetime):
    record(cast.traveller, now, event="Summit 00")
    client.force_login(cast.officer)
    for cursor in ("garbled", "WyJhIixbMCwibm90IGEgZGF0ZSIsMV1d", "%00"):
        response = client.get(f"/invitations/?cursor={cursor}")
        assert response.status_code == 200
        assert "Summit 00" in response.content.decode()


def test_anonymous_is_sent_to_login(client: Client, invitation: Invitation):
    for path in ("/invitations/", "/invitations/new/", f"/invitations/{invitation.pk}/"):
        assert client.get(path)["Location"] == f"/login/?next={path}"


# Recording ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 200),
        ("officer", 403),
        ("other_officer", 403),
        ("oversight", 403),
        ("auditor", 403),
    ],
)
def test_only_travellers_record_invitations(client: Client, cast: Cast, who: str, expected: int):
    client.force_login(getattr(cast, who))
    assert client.get("/invitations/new/").status_code == expected


def test_recording_an_invitation_pre_assesses_it(
    client: Client, cast: Cast, now: datetime.datetime
):
    """GIVEN a robotics executive who received an invitation to Boston
    WHEN they record it
    THEN it is stored with its pre-assessment, and its page shows the restricted tier."""
    robo_exec = builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)
    client.force_login(robo_exec)
    assert f'value="{now.date().isoformat()}"' in client.get("/invitations/new/").content.decode()

    response = client.post("/invitations/new/", form(now))

    invitation = Invitation.objects.get()
    assert response["Location"] == f"/invitations/{invitation.pk}/"
    assert (invitation.invitee, invitation.country, invitation.paid_by) == (
        robo_exec,
        "US",
        "employer",
    )
    content = client.get(response["Location"]).content.decode()
    assert "Invitation recorded." in content
    assert "Pre-assessment" in content
    assert '<dd class="assessment__tier">Restricted</dd>' in content
    assert "Security officer → Oversight" in content
    assert "Keynote offered." in content


def test_an_event_ending_before_it_starts_keeps_the_input(
    client: Client, cast: Cast, now: datetime.datetime
):
    client.force_login(cast.traveller)
    data = form(now, ends_on=(now.date() + 10 * DAY).isoformat())

    response = client.post("/invitations/new/", data)

    content = response.content.decode()
    assert response.status_code == 422
    assert not Invitation.objects.exists()
    assert 'id="id_ends_on_error"' in content
    assert "The event cannot end before it starts." in content
    assert 'value="World Robot Conference"' in content
    assert 'value="RoboCorp"' in content
    assert "Keynote offered." in content
    assert '<option value="US" selected>' in content


# One invitation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 404),
        ("officer", 200),
        ("other_officer", 404),
        ("oversight", 200),
        ("auditor", 200),
    ],
)
def test_who_reads_an_invitation(
    client: Client, cast: Cast, invitation: Invitation, who: str, expected: int
):
    client.force_login(getattr(cast, who))

    response = client.get(f"/invitations/{invitation.pk}/")

    assert response.status_code == expected
    content = response.content.decode()
    if expected == 200:
        assert "AI Action Summit" in content
        assert "Pre-assessment" in content
        decides = who == "traveller"
        assert (f'action="/invitations/{invitation.pk}/decline/"' in content) == decides
        assert (f'action="/invitations/{invitation.pk}/accept/"' in content) == decides
    else:
        assert "AI Action Summit" not in content


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("colleague", 404),
        ("officer", 403),
        ("other_officer", 404),
        ("oversight", 403),
        ("auditor", 403),
    ],
)
@pytest.mark.parametrize("action", ["decline", "accept"])
def test_only_the_invitee_decides(
    client: Client, cast: Cast, invitation: Invitation, who: str, expected: int, action: str
):
    client.force_login(getattr(cast, who))

    response = client.post(f"/invitations/{invitation.pk}/{action}/", {"reason": "No."})

    assert response.status_code == expected
    invitation.refresh_from_db()
    assert invitation.decision == InvitationDecision.PENDING
    assert not Trip.objects.exists()


def test_declining_needs_a_reason_at_its_field(client: Client, cast: Cast, invitation: Invitation):
    client.force_login(cast.traveller)

    response = client.post(f"/invitations/{invitation.pk}/decline/", {"reason": "  "})

    assert response.status_code == 422
    assert 'id="id_reason_error"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.decision == InvitationDecision.PENDING


def test_declining_with_a_reason(client: Client, cast: Cast, invitation: Invitation):
    """GIVEN a pending invitation
    WHEN the invitee declines it with a reason
    THEN it is declined, the reason is kept, and it can no longer be decided."""
    client.force_login(cast.traveller)

    response = client.post(
        f"/invitations/{invitation.pk}/decline/", {"reason": "A colleague attends."}
    )

    assert response["Location"] == f"/invitations/{invitation.pk}/"
    invitation.refresh_from_db()
    assert (invitation.decision, invitation.decision_reason) == ("declined", "A colleague attends.")
    content = client.get(response["Location"]).content.decode()
    assert "Invitation declined." in content
    assert "A colleague attends." in content
    assert f'action="/invitations/{invitation.pk}/accept/"' not in content

    again = client.post(f"/invitations/{invitation.pk}/accept/")
    assert again.status_code == 409
    assert "This invitation is already decided (Declined)." in again.content.decode()


def test_accepting_opens_the_draft_on_its_edit_page(
    client: Client, cast: Cast, invitation: Invitation
):
    """GIVEN a pending invitation to Paris
    WHEN the invitee accepts it
    THEN a draft trip answering it opens on its edit page, prefilled."""
    client.force_login(cast.traveller)

    response = client.post(f"/invitations/{invitation.pk}/accept/")

    trip = Trip.objects.get()
    assert response["Location"] == f"/trips/{trip.pk}/edit/"
    assert (trip.status, trip.invitation) == (TripStatus.DRAFT, invitation)
    content = client.get(response["Location"]).content.decode()
    assert "Invitation accepted." in content
    assert 'value="AI Action Summit"' in content
    assert '<option value="FR" selected>' in content
    page = client.get(f"/invitations/{invitation.pk}/").content.decode()
    assert f'href="/trips/{trip.pk}/"' in page  # the trip answering it


def test_get_never_decides(client: Client, cast: Cast, invitation: Invitation):
    client.force_login(cast.traveller)
    assert client.get(f"/invitations/{invitation.pk}/accept/").status_code == 405
    assert client.get(f"/invitations/{invitation.pk}/decline/").status_code == 405
