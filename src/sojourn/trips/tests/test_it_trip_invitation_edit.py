"""A draft's invitation can be changed while the draft is edited: linked to another of the
traveller's own invitations, or unlinked. `update_draft` keeps the link unless told otherwise, and
refuses an invitation that is not the traveller's."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.drafts import KEEP, LegInput, TripInput, create_draft, update_draft
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Invitation, Trip

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


def record(who: User, now: datetime.datetime, event: str) -> Invitation:
    return invitations.record(
        actor=who,
        now=now,
        data=invitations.InvitationInput(
            event=event,
            host_organisation="Host",
            country="FR",
            city="Paris",
            starts_on=now.date() + 40 * DAY,
            ends_on=now.date() + 41 * DAY,
            paid_by="host",
            received_on=now.date(),
        ),
    )


@pytest.fixture
def summit(cast: Cast, now: datetime.datetime) -> Invitation:
    return record(cast.traveller, now, "AI Action Summit")


@pytest.fixture
def forum(cast: Cast, now: datetime.datetime) -> Invitation:
    return record(cast.traveller, now, "Robotics Forum")


@pytest.fixture
def colleagues(cast: Cast, now: datetime.datetime) -> Invitation:
    return record(cast.colleague, now, "Colleague's Gala")


@pytest.fixture
def draft(cast: Cast, now: datetime.datetime, summit: Invitation) -> Trip:
    start = now.date() + 40 * DAY
    data = TripInput(
        title="Paris",
        legs=[LegInput(country="FR", city="Paris", starts_on=start, ends_on=start + DAY)],
    )
    return create_draft(actor=cast.traveller, data=data, now=now, invitation=summit)


def same(trip: Trip) -> TripInput:
    return TripInput(
        title=trip.title,
        legs=[
            LegInput(leg.country, leg.starts_on, leg.ends_on, leg.city) for leg in trip.legs.all()
        ],
    )


# The service ----------------------------------------------------------------------------------


def test_the_invitation_is_kept_unless_named(
    cast: Cast, now: datetime.datetime, draft: Trip, summit: Invitation
) -> None:
    trip = update_draft(draft, actor=cast.traveller, data=same(draft), now=now)

    assert trip.invitation == summit
    update_draft(trip, actor=cast.traveller, data=same(trip), now=now, invitation=KEEP)
    trip.refresh_from_db()
    assert trip.invitation == summit


def test_another_own_invitation_replaces_it(
    cast: Cast, now: datetime.datetime, draft: Trip, forum: Invitation
) -> None:
    trip = update_draft(draft, actor=cast.traveller, data=same(draft), now=now, invitation=forum)

    trip.refresh_from_db()
    assert trip.invitation == forum
    edited = AuditEvent.objects.filter(action="trip.edited").last()
    assert edited is not None
    assert edited.data["invitation"] == forum.pk


def test_none_unlinks_it(cast: Cast, now: datetime.datetime, draft: Trip) -> None:
    trip = update_draft(draft, actor=cast.traveller, data=same(draft), now=now, invitation=None)

    trip.refresh_from_db()
    assert trip.invitation is None


def test_an_invitation_of_someone_else_is_refused(
    cast: Cast, now: datetime.datetime, draft: Trip, summit: Invitation, colleagues: Invitation
) -> None:
    with pytest.raises(InvalidInput) as refused:
        update_draft(draft, actor=cast.traveller, data=same(draft), now=now, invitation=colleagues)

    assert set(refused.value.errors) == {"invitation"}
    draft.refresh_from_db()
    assert draft.invitation == summit
    assert draft.version == 1


def test_a_new_draft_cannot_answer_someone_elses_invitation(
    cast: Cast, now: datetime.datetime, colleagues: Invitation
) -> None:
    start = now.date() + 40 * DAY
    data = TripInput(title="Gala", legs=[LegInput("FR", start, start)])

    with pytest.raises(InvalidInput) as refused:
        create_draft(actor=cast.traveller, data=data, now=now, invitation=colleagues)

    assert set(refused.value.errors) == {"invitation"}
    assert not Trip.objects.exists()


def test_a_declined_invitation_cannot_be_newly_linked_but_stays_where_it_was(
    cast: Cast, now: datetime.datetime, draft: Trip, summit: Invitation, forum: Invitation
) -> None:
    invitations.decline(forum, actor=cast.traveller, reason="Clashes.", now=now)
    invitations.decline(summit, actor=cast.traveller, reason="Too far.", now=now)
    forum.refresh_from_db()
    summit.refresh_from_db()

    with pytest.raises(InvalidInput) as refused:
        update_draft(draft, actor=cast.traveller, data=same(draft), now=now, invitation=forum)
    assert set(refused.value.errors) == {"invitation"}

    trip = update_draft(draft, actor=cast.traveller, data=same(draft), now=now, invitation=summit)
    assert trip.invitation == summit


# The edit page --------------------------------------------------------------------------------


def edit_post(trip: Trip, **changes: str) -> dict[str, Any]:
    leg = trip.legs.get()
    return {
        "title": trip.title,
        "purpose": trip.purpose,
        "necessity": "",
        "alternatives": "",
        "version": str(trip.version),
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": leg.country,
        "legs-0-city": leg.city,
        "legs-0-starts_on": leg.starts_on.isoformat(),
        "legs-0-ends_on": leg.ends_on.isoformat(),
        "meetings-TOTAL_FORMS": "0",
        "meetings-INITIAL_FORMS": "0",
        **changes,
    }


def test_the_edit_page_offers_the_travellers_own_open_invitations(
    client: Client,
    cast: Cast,
    now: datetime.datetime,
    draft: Trip,
    summit: Invitation,
    forum: Invitation,
    colleagues: Invitation,
) -> None:
    declined = record(cast.traveller, now, "Declined Dinner")
    invitations.decline(declined, actor=cast.traveller, reason="No.", now=now)
    client.force_login(cast.traveller)

    page = client.get(f"/trips/{draft.pk}/edit/").content.decode()

    assert '<label for="id_invitation"' in page
    assert f'<option value="{summit.pk}" selected>AI Action Summit' in page
    assert f'<option value="{forum.pk}">Robotics Forum' in page
    assert '<option value="">None</option>' in page
    assert f'value="{colleagues.pk}"' not in page
    assert f'value="{declined.pk}"' not in page


def test_changing_the_invitation_on_the_edit_page_stores_it(
    client: Client, cast: Cast, draft: Trip, forum: Invitation
) -> None:
    """GIVEN a draft that answers one invitation WHEN the traveller picks another in the edit
    form and saves THEN the draft answers the other, and its page links to it."""
    client.force_login(cast.traveller)

    response = client.post(f"/trips/{draft.pk}/edit/", edit_post(draft, invitation=str(forum.pk)))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.invitation == forum
    page = client.get(f"/trips/{draft.pk}/").content.decode()
    assert f'href="/invitations/{forum.pk}/">Robotics Forum</a>' in page


def test_choosing_none_unlinks_it(client: Client, cast: Cast, draft: Trip) -> None:
    client.force_login(cast.traveller)

    response = client.post(f"/trips/{draft.pk}/edit/", edit_post(draft, invitation=""))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.invitation is None


def test_someone_elses_invitation_is_refused_at_the_field_with_input_kept(
    client: Client, cast: Cast, draft: Trip, summit: Invitation, colleagues: Invitation
) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        f"/trips/{draft.pk}/edit/",
        edit_post(draft, title="Paris, renamed", invitation=str(colleagues.pk)),
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_invitation_error"' in content
    assert 'value="Paris, renamed"' in content
    draft.refresh_from_db()
    assert draft.invitation == summit
    assert draft.title == "Paris"


def test_a_draft_answering_a_declined_invitation_keeps_it_on_save(
    client: Client, cast: Cast, now: datetime.datetime, draft: Trip, summit: Invitation
) -> None:
    invitations.decline(summit, actor=cast.traveller, reason="Too far.", now=now)
    client.force_login(cast.traveller)

    page = client.get(f"/trips/{draft.pk}/edit/").content.decode()
    assert f'<option value="{summit.pk}" selected>AI Action Summit' in page

    response = client.post(f"/trips/{draft.pk}/edit/", edit_post(draft, invitation=str(summit.pk)))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.invitation == summit


def test_without_invitations_the_edit_page_shows_no_select_and_saving_keeps_nothing_linked(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    plain = builders.draft(cast.traveller, now, builders.Itinerary(title="Berlin"))
    client.force_login(cast.traveller)

    page = client.get(f"/trips/{plain.pk}/edit/").content.decode()
    assert 'name="invitation"' not in page

    leg = plain.legs.get()
    response = client.post(
        f"/trips/{plain.pk}/edit/",
        {
            **edit_post(plain),
            "legs-0-country": leg.country,
            "meetings-TOTAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.invitation is None
