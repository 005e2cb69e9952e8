"""The inbox lists the viewer's own in-app notifications, and nobody else's."""

from __future__ import annotations

import datetime

from django.test import Client

from sojourn.conftest import Cast
from sojourn.testing import builders


def test_only_own_notifications(client: Client, cast: Cast, now: datetime.datetime) -> None:
    builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Summit in Paris", purpose="conference")
    )

    client.force_login(cast.officer)
    response = client.get("/inbox/")
    content = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # The officer also has an email row for it: only the in-app one is listed.
    assert content.count("Trip to review: Summit in Paris") == 1

    for who in (cast.traveller, cast.colleague, cast.other_officer):
        client.force_login(who)
        content = client.get("/inbox/").content.decode()
        assert "Trip to review" not in content
        assert "No notifications." in content


def test_urgent_notifications_are_marked(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    # Reported on the day of departure: officers get an urgent late-report notice.
    builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Emergency in Tokyo", purpose="conference", starts_in_days=0),
    )
    builders.submitted(
        cast.colleague, now, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )
    client.force_login(cast.officer)
    content = client.get("/inbox/").content.decode()
    assert "Reported after departure: Emergency in Tokyo" in content
    assert content.count(">Urgent</span>") == 1


def test_newest_first(client: Client, cast: Cast, now: datetime.datetime) -> None:
    builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Older trip", purpose="conference")
    )
    builders.submitted(
        cast.traveller,
        now + datetime.timedelta(hours=1),
        builders.Itinerary(title="Newer trip", purpose="conference"),
    )
    client.force_login(cast.officer)
    content = client.get("/inbox/").content.decode()
    assert content.index("Newer trip") < content.index("Older trip")


def test_opening_the_inbox_marks_what_it_shows_read(client, cast, now):
    """GIVEN a new notification WHEN the traveller opens the inbox THEN it is shown as new
    this once, and is read afterwards."""
    from sojourn.notify.models import Notification
    from sojourn.notify.services import notify

    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Paris", purpose="conference")
    )
    params = {"title": "Paris", "actor": "Officer", "reason": "B"}
    notify([cast.traveller], kind="trip.cancelled", trip=trip, now=now, params=params)
    client.force_login(cast.traveller)

    first = client.get("/inbox/").content.decode()
    second = client.get("/inbox/").content.decode()

    assert "badge--new" in first
    assert "badge--new" not in second
    in_app = Notification.objects.visible_to(cast.traveller).inbox()
    assert in_app.exists()
    assert not in_app.filter(read_at__isnull=True).exists()
