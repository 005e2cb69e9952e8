"""The account page's personal access tokens and calendar address: made by their owner, shown
once in the answer that made them and never again, revoked by their owner only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.conftest import NOW, Cast
from sojourn.security import tokens
from sojourn.security.models import AccessToken, FeedSecret

ACCOUNT = "/account/"
CREATE = "/account/tokens/"
FEED = "/account/feed/"
EVERYONE = ("traveller", "colleague", "officer", "other_officer", "oversight", "auditor")
FORM = {"token-name": "HR sync", "token-scope": "write", "token-expires_days": "30"}


@pytest.fixture(autouse=True)
def _clock(view_clock, now: datetime.datetime) -> None:
    view_clock(now)


def revoke_url(token: AccessToken) -> str:
    return f"/account/tokens/{token.pk}/revoke/"


def shown_secret(content: str) -> str:
    found = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', content)
    assert found is not None, "no new token on the page"
    return found.group(1)


def shown_feed_url(content: str) -> str:
    found = re.search(r'id="new-feed-url" type="url" readonly value="([^"]+)"', content)
    assert found is not None, "no new calendar address on the page"
    return found.group(1)


def everything_stored(client: Client) -> str:
    """The session as stored, and every token row: where a secret must never be."""
    sessions = " ".join(str(session.get_decoded()) for session in Session.objects.all())
    return sessions + str(list(AccessToken.objects.values_list()))


# Who may -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CREATE, FEED, "/account/tokens/1/revoke/"])
def test_anonymous_is_sent_to_login(client: Client, db: None, url: str) -> None:
    response = client.post(url, FORM)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("url", [CREATE, FEED])
def test_the_actions_are_posts(client: Client, cast: Cast, url: str) -> None:
    client.force_login(cast.traveller)

    assert client.get(url).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.traveller)

    assert client.post(CREATE, FORM).status_code == 403
    assert client.post(FEED).status_code == 403
    assert not AccessToken.objects.exists()
    assert not FeedSecret.objects.exists()


# Creating: shown once -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_creates_their_own_token_and_sees_it_once(
    client: Client, cast: Cast, who: str
) -> None:
    """GIVEN anyone signed in WHEN they create a token THEN the answer shows it once, uncached,
    and it calls the API as them; the next page, and the session, never hold it again."""
    user = getattr(cast, who)
    client.force_login(user)

    response = client.post(CREATE, FORM)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    secret = shown_secret(content)
    assert "Copy it now and keep it as safe as a password: it will not be shown again." in content
    made = tokens.authenticate(secret, now=NOW)
    assert made is not None
    assert (made.user, made.name, made.scope) == (user, "HR sync", "write")
    later = client.get(ACCOUNT).content.decode()
    assert f"<code>{made.prefix}…</code>" in later
    assert secret not in later
    assert secret not in client.get("/").content.decode()
    assert secret not in everything_stored(client)


def test_sending_the_form_again_makes_no_second_token(client: Client, cast: Cast) -> None:
    """GIVEN a token just made WHEN the browser sends the same form again (a reload) THEN no
    second token is made and the page says why the token is not shown."""
    client.force_login(cast.traveller)
    page = client.get(ACCOUNT).content.decode()
    once = re.search(r'name="token-once" value="([^"]+)"', page)
    assert once is not None
    form = {**FORM, "token-once": once.group(1)}
    first = client.post(CREATE, form)
    secret = shown_secret(first.content.decode())

    again = client.post(CREATE, form, follow=True)

    assert AccessToken.objects.count() == 1
    content = again.content.decode()
    assert "That form was already sent: its token exists and was shown once." in content
    assert secret not in content
    assert 'id="new-token"' not in content


def test_the_list_tells_each_tokens_state(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    user = cast.traveller
    active = tokens.create_token(
        actor=user, user=user, name="Booking", scope="read", now=now, expires_days=90
    )
    expired = tokens.create_token(
        actor=user,
        user=user,
        name="Trial",
        scope="read",
        now=now - 40 * datetime.timedelta(days=1),
        expires_days=30,
    )
    revoked = tokens.create_token(actor=user, user=user, name="Leaked", scope="write", now=now)
    tokens.revoke(revoked.token, actor=user, now=now)
    tokens.create_token(
        actor=cast.colleague, user=cast.colleague, name="Hers", scope="read", now=now
    )
    client.force_login(user)

    content = client.get(ACCOUNT).content.decode()

    assert f'action="{revoke_url(active.token)}"' in content
    assert f'action="{revoke_url(expired.token)}"' not in content
    assert f'action="{revoke_url(revoked.token)}"' not in content
    assert "Expired" in content
    assert f"Revoked on {now:%Y-%m-%d}" in content
    assert "Read and write" in content
    assert "Hers" not in content
    for made in (active, expired, revoked):
        assert made.secret not in content


def test_a_long_list_pages_at_a_constant_cost(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN one token, then 25 WHEN the account page lists them THEN it costs the same
    queries, 20 tokens a page."""

    def make(count: int) -> None:
        for number in range(count):
            made = tokens.create_token(
                actor=cast.traveller, user=cast.traveller, name=f"T{number}", scope="read", now=now
            )
            if number % 3:  # the list keeps revoked tokens too; the cap counts live ones only
                tokens.revoke(made.token, actor=cast.traveller, now=now)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            content = client.get(ACCOUNT).content.decode()
        return len(captured.captured_queries), content

    client.force_login(cast.traveller)
    make(1)
    client.get(ACCOUNT)  # the session settles
    one, _content = queries()
    make(24)

    many, first = queries()
    second = client.get(f"{ACCOUNT}?tokens_page=2").content.decode()

    assert many == one
    assert first.count("<code>sjt_") == 20
    assert second.count("<code>sjt_") == 5
    assert "tokens_page=2" in first


# Form errors keep the input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "field", "message", "kept"),
    [
        (
            {"token-name": "", "token-scope": "write", "token-expires_days": "30"},
            "name",
            "Name the token after what will use it",
            'name="token-expires_days" value="30"',
        ),
        (
            {"token-name": "   ", "token-scope": "write", "token-expires_days": ""},
            "name",
            "Name the token after what will use it",
            'value="write" required aria-invalid="false" id="id_token-scope_1" checked',
        ),
        (
            {"token-name": "HR sync", "token-scope": "write", "token-expires_days": "0"},
            "expires_days",
            "Give at least one day, or leave it empty.",
            'name="token-name" value="HR sync"',
        ),
        (
            {"token-name": "HR sync", "token-scope": "read", "token-expires_days": "4000"},
            "expires_days",
            "Give at most 365 days.",
            'name="token-expires_days" value="4000"',
        ),
        (
            {"token-name": "HR sync", "token-scope": "read", "token-expires_days": "soon"},
            "expires_days",
            "Give a whole number of days, or leave it empty.",
            'name="token-name" value="HR sync"',
        ),
        (
            {"token-name": "HR sync", "token-scope": "root", "token-expires_days": "7"},
            "scope",
            "Choose read, or read and write.",
            'name="token-expires_days" value="7"',
        ),
        (
            {"token-name": "x" * 101, "token-scope": "read", "token-expires_days": ""},
            "name",
            "Keep the name under 100 characters.",
            'value="' + "x" * 101 + '"',
        ),
    ],
)
def test_a_refused_form_keeps_the_input_and_says_why_at_the_field(
    client: Client, cast: Cast, form: dict[str, str], field: str, message: str, kept: str
) -> None:
    client.force_login(cast.traveller)

    response = client.post(CREATE, form)

    assert response.status_code == 422
    content = response.content.decode()
    error = re.search(rf'<ul class="errorlist" id="id_token-{field}_error">(.*?)</ul>', content)
    assert error is not None
    assert message in error.group(1)
    assert f"id_token-{field}_error" in re.sub(r"<ul class=\"errorlist\"[^>]*>", "", content)
    assert kept.replace(' aria-invalid="false"', "") in content
    assert "no token has been made yet" in content
    assert not AccessToken.objects.exists()


def test_a_person_at_the_cap_is_told_to_revoke_one_first(
    client: Client, cast: Cast, settings, now: datetime.datetime
) -> None:
    """GIVEN a person holding as many live tokens as the cap allows WHEN they ask for another
    THEN the page refuses it (422), says why, and keeps what they typed."""
    settings.SOJOURN_TOKEN_CAP = 1
    tokens.create_token(actor=cast.traveller, user=cast.traveller, name="A", scope="read", now=now)
    client.force_login(cast.traveller)

    response = client.post(CREATE, FORM)

    assert response.status_code == 422
    content = response.content.decode()
    assert "1 tokens are alive already, the most one person may hold" in content
    assert 'value="HR sync"' in content
    assert AccessToken.objects.count() == 1


# Revoking: one's own only ------------------------------------------------------------------------


def test_the_owner_revokes_a_token(client: Client, cast: Cast, now: datetime.datetime) -> None:
    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="HR sync", scope="read", now=now
    )
    client.force_login(cast.traveller)

    response = client.post(revoke_url(made.token), follow=True)

    assert response.redirect_chain == [(ACCOUNT, 302)]
    assert "The token “HR sync” is revoked" in response.content.decode()
    assert tokens.authenticate(made.secret, now=now) is None
    event = AuditEvent.objects.get(action="token.revoked")
    assert event.actor_label == "traveller"
    again = client.post(revoke_url(made.token), follow=True)
    assert "was already revoked" in again.content.decode()
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


@pytest.mark.parametrize("who", [w for w in EVERYONE if w != "traveller"])
def test_nobody_revokes_anyone_elses_token(
    client: Client, cast: Cast, now: datetime.datetime, who: str
) -> None:
    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="HR sync", scope="read", now=now
    )
    client.force_login(getattr(cast, who))

    response = client.post(revoke_url(made.token))

    assert response.status_code == 404
    assert tokens.authenticate(made.secret, now=now) is not None


def test_revoking_a_token_that_does_not_exist_is_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    assert client.post("/account/tokens/999999/revoke/").status_code == 404
    assert client.get("/account/tokens/999999/revoke/").status_code == 405


# The calendar address -----------------------------------------------------------------------------


def test_the_calendar_address_is_shown_once_and_retired_by_a_new_one(
    client: Client, cast: Cast
) -> None:
    """GIVEN a traveller WHEN they make a calendar address THEN it is shown once and works; the
    page afterwards says it cannot be shown again; a new address retires the old one."""
    client.force_login(cast.traveller)
    assert "You have no calendar address yet." in client.get(ACCOUNT).content.decode()

    made = client.post(FEED)

    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    first = shown_feed_url(made.content.decode())
    assert first.startswith("http://testserver/feeds/")  # the address the page was asked at
    assert first.endswith("/trips.ics")
    path = first[first.index("/feeds/") :]
    assert Client().get(path).status_code == 200
    later = client.get(ACCOUNT).content.decode()
    assert path.split("/")[2] not in later
    assert "It is stored as a fingerprint only and cannot be shown again." in later
    assert path.split("/")[2] not in everything_stored(client)

    replaced = client.post(FEED).content.decode()

    second = shown_feed_url(replaced)
    assert second != first
    assert "The previous address stopped working" in replaced
    assert Client().get(path).status_code == 404
    assert Client().get(second[second.index("/feeds/") :]).status_code == 200
    actions = list(
        AuditEvent.objects.filter(action__startswith="feed.").values_list("action", flat=True)
    )
    assert actions == ["feed.created", "feed.rotated"]
