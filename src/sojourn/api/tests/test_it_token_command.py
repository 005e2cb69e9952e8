"""`sojourn token create|list|revoke`: an operator makes a person's API token, prints it once,
lists and revokes tokens; every refusal names the option to fix."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sojourn.api.tests.conftest import ApiClient
from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.security import tokens
from sojourn.security.models import AccessToken


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_a_working_token_and_nothing_else(cast: Cast, api_clock) -> None:
    """GIVEN the traveller WHEN an operator creates a write token for 30 days THEN standard
    output holds the token alone, it calls the API as the traveller, and only its hash is
    stored."""
    out, err = run(
        "create", "traveller", "--name", "HR sync", "--scope", "write", "--expires-days", "30"
    )

    secret = out.strip()
    assert out == secret + "\n"
    assert secret.startswith(tokens.TOKEN_PREFIX)
    assert "'HR sync' (write) for traveller" in err
    assert "shown once" in err
    token = AccessToken.objects.get()
    assert (token.user, token.name, token.scope) == (cast.traveller, "HR sync", "write")
    assert token.expires_at is not None
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    assert token.digest == tokens.digest(secret)
    assert secret not in str(AccessToken.objects.values_list())
    answer = ApiClient(secret).get("me")
    assert answer.status == 200
    assert answer.json["username"] == "traveller"
    event = AuditEvent.objects.get(action="token.created")
    # Made by an operator on the command line, for the traveller.
    assert event.actor_label == "system"
    assert (event.data["for"], event.data["via"]) == ("traveller", "command line")
    assert secret not in str(event.data)


def test_create_defaults_to_a_read_token_expiring_after_the_default_days(
    cast: Cast, settings
) -> None:
    settings.SOJOURN_TOKEN_DAYS = 90

    _out, err = run("create", "officer")

    token = AccessToken.objects.get()
    assert (token.name, token.scope) == ("command line", "read")
    assert token.expires_at is not None
    assert token.expires_at - token.created_at == datetime.timedelta(days=90)
    assert f"expires {token.expires_at:%Y-%m-%d %H:%M}" in err


def test_create_refuses_more_days_than_the_maximum_by_option_name(cast: Cast, settings) -> None:
    settings.SOJOURN_TOKEN_MAX_DAYS = 365

    with pytest.raises(
        CommandError, match=r"--expires-days: Give a number of days from 1 to 365\."
    ):
        run("create", "officer", "--expires-days", "366")
    run("create", "officer", "--expires-days", "365")

    token = AccessToken.objects.get()
    assert token.expires_at is not None
    assert token.expires_at - token.created_at == datetime.timedelta(days=365)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "nobody"], "USERNAME: there is no user named 'nobody'."),
        (["create", "traveller", "--expires-days", "0"], "--expires-days: Give a number of days"),
        (["create", "traveller", "--expires-days", "9999"], "--expires-days: Give a number"),
        (["create", "traveller", "--expires-days", "soon"], "--expires-days: invalid int"),
        (["create", "traveller", "--scope", "admin"], "--scope: invalid choice: 'admin'"),
        (["create", "traveller", "--name", "  "], "--name: Name the token after what"),
        (["create", "traveller", "--name", "x" * 101], "--name: Keep the name under 100"),
        (["revoke", "traveller"], "--prefix"),
        (["revoke", "traveller", "--prefix", "sjt_nope"], "--prefix: traveller has no token"),
        (["list", "nobody"], "USERNAME: there is no user named 'nobody'."),
    ],
)
def test_refusals_name_the_option(cast: Cast, args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as refused:
        run(*args)

    assert message in str(refused.value)
    assert not AccessToken.objects.exists()


def test_a_disabled_account_gets_no_token(cast: Cast) -> None:
    cast.traveller.is_active = False
    cast.traveller.save()

    with pytest.raises(CommandError, match="USERNAME: This account is disabled"):
        run("create", "traveller")


def test_list_shows_each_token_by_prefix_and_state(cast: Cast) -> None:
    now = timezone.now()  # what `list` compares the expiry with
    kept = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="Calendar", scope="read", now=now
    )
    gone = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="Old sync", scope="write", now=now
    )
    tokens.revoke(gone.token, actor=cast.traveller, now=now)
    tokens.create_token(
        actor=cast.colleague, user=cast.colleague, name="Not hers", scope="read", now=now
    )

    out, _err = run("list", "traveller")

    lines = out.splitlines()
    assert lines[0].split() == [
        "prefix",
        "scope",
        "created",
        "expires",
        "last",
        "used",
        "from",
        "state",
        "name",
    ]
    assert len(lines) == 3
    assert any(
        kept.token.prefix in line and "active" in line and "Calendar" in line for line in lines
    )
    assert any(gone.token.prefix in line and "revoked" in line for line in lines)
    assert "Not hers" not in out
    assert kept.secret not in out


def test_revoke_by_prefix_stops_the_token(cast: Cast, now: datetime.datetime) -> None:
    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="HR sync", scope="read", now=now
    )

    out, _err = run("revoke", "traveller", "--prefix", made.token.prefix)

    assert f"Token {made.token.prefix} ('HR sync') is revoked." in out
    assert tokens.authenticate(made.secret, now=now) is None
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1
    again, _err = run("revoke", "traveller", "--prefix", made.token.prefix)
    assert "was already revoked" in again
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


def test_revoke_only_touches_the_named_persons_tokens(cast: Cast, now: datetime.datetime) -> None:
    hers = tokens.create_token(
        actor=cast.colleague, user=cast.colleague, name="Hers", scope="read", now=now
    )

    with pytest.raises(CommandError, match="--prefix: traveller has no token"):
        run("revoke", "traveller", "--prefix", hers.token.prefix)

    assert tokens.authenticate(hers.secret, now=now) is not None


def test_list_shows_when_and_from_where_each_token_was_last_used(cast: Cast) -> None:
    """GIVEN a token that called the API from 192.0.2.7 and one never used
    WHEN an operator lists the person's tokens
    THEN the first shows that use's time and address, the other `never` and `-`."""
    now = timezone.now()
    used = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="Calendar", scope="read", now=now
    )
    tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="Spare", scope="read", now=now
    )
    Client(REMOTE_ADDR="192.0.2.7").get(
        "/api/v1/me", headers={"Authorization": f"Bearer {used.secret}"}
    )

    out, _err = run("list", "traveller")

    rows = {line.split()[-1]: line for line in out.splitlines()[1:]}
    assert "192.0.2.7" in rows["Calendar"]
    assert "never" not in rows["Calendar"].split()[:6]
    assert rows["Spare"].split()[6:9] == ["never", "-", "active"]


def test_list_without_a_name_shows_everyones_live_tokens_with_their_owner(cast: Cast) -> None:
    now = timezone.now()
    tokens.create_token(actor=cast.traveller, user=cast.traveller, name="A", scope="read", now=now)
    gone = tokens.create_token(
        actor=cast.officer, user=cast.officer, name="B", scope="read", now=now
    )
    tokens.revoke(gone.token, actor=cast.officer, now=now)
    tokens.create_token(actor=cast.officer, user=cast.officer, name="C", scope="write", now=now)

    out, _err = run("list")

    lines = out.splitlines()
    assert lines[0].split()[0] == "owner"
    assert [(line.split()[0], line.split()[-1]) for line in lines[1:]] == [
        ("officer", "C"),
        ("traveller", "A"),
    ]


def test_a_person_holds_at_most_the_cap_of_live_tokens(cast: Cast, settings) -> None:
    """GIVEN a cap of two tokens WHEN a third is made, on the command line or the page's service
    THEN it is refused until one is revoked; expired and revoked ones do not count."""
    settings.SOJOURN_TOKEN_CAP = 2
    run("create", "traveller")
    second, _err = run("create", "traveller")

    with pytest.raises(CommandError, match="USERNAME: 2 tokens are alive already"):
        run("create", "traveller")
    assert AccessToken.objects.filter(user=cast.traveller).count() == 2

    run("revoke", "traveller", "--prefix", second.strip()[: len(tokens.TOKEN_PREFIX) + 6])
    run("create", "traveller")
    assert AccessToken.objects.filter(user=cast.traveller, revoked_at__isnull=True).count() == 2
    run("create", "colleague")  # the cap is per person
