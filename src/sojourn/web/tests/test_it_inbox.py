"""The inbox lists the viewer's own in-app notifications, and nobody else's."""

from __future__ import annotations

import datetime

from django.test import Client

from sojourn.conftest import Cast
from sojourn.web.tests import builders


def test_only_own_notifications(client: Client, cast: Cast, now: datetime.datetime) -> None:
    builders.submitted(cast.traveller, now, title="Summit in Paris")

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
    builders.submitted(cast.traveller, now, title="Emergency in Tokyo", starts_in_days=0)
    builders.submitted(cast.colleague, now, title="Workshop in Berlin")
    client.force_login(cast.officer)
    content = client.get("/inbox/").content.decode()
    assert "Reported after departure: Emergency in Tokyo" in content
    assert content.count(">Urgent</span>") == 1


def test_newest_first(client: Client, cast: Cast, now: datetime.datetime) -> None:
    builders.submitted(cast.traveller, now, title="Older trip")
    builders.submitted(cast.traveller, now + datetime.timedelta(hours=1), title="Newer trip")
    client.force_login(cast.officer)
    content = client.get("/inbox/").content.decode()
    assert content.index("Newer trip") < content.index("Older trip")
