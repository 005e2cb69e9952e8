"""The API's conventions: bearer tokens, scopes, problem+json errors, body limits, docs."""

from __future__ import annotations

import datetime

from sojourn.audit.models import AuditEvent
from sojourn.conftest import NOW
from sojourn.security import tokens
from sojourn.security.models import AccessToken


def test_me_answers_the_token_owner_with_role_and_organisation(cast, api_for, api_clock):
    answer = api_for(cast.officer).get("me")
    assert answer.status == 200
    body = answer.json
    assert body["username"] == "officer"
    assert body["role"] == "officer"
    assert body["organisation"]["slug"] == "lab"
    assert body["token"]["scopes"] == ["read", "write"]


def test_no_token_is_401_problem_with_a_challenge(cast, api_for, api_clock):
    answer = api_for(None).get("me")
    assert answer.status == 401
    assert answer.content_type == "application/problem+json"
    assert answer.json["status"] == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_401(cast, api_clock):
    from sojourn.api.tests.conftest import ApiClient

    assert ApiClient("sjt_not-a-real-token").get("me").status == 401
    assert ApiClient("not even the prefix").get("me").status == 401


def test_a_revoked_token_is_401(cast, api_clock):
    from sojourn.api.tests.conftest import ApiClient

    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="sync", scope="read", now=NOW
    )
    client = ApiClient(made.secret)
    assert client.get("me").status == 200
    tokens.revoke(made.token, actor=cast.traveller, now=NOW)
    assert client.get("me").status == 401
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


def test_an_expired_token_is_401(cast, api_clock):
    from sojourn.api.tests.conftest import ApiClient

    made = tokens.create_token(
        actor=cast.traveller,
        user=cast.traveller,
        name="sync",
        scope="read",
        now=NOW,
        expires_days=1,
    )
    client = ApiClient(made.secret)
    assert client.get("me").status == 200
    api_clock(NOW + datetime.timedelta(days=1, seconds=1))
    assert client.get("me").status == 401


def test_a_disabled_users_token_is_401(cast, api_for, api_clock):
    client = api_for(cast.traveller)
    cast.traveller.is_active = False
    cast.traveller.save()
    assert client.get("me").status == 401


def test_tokens_are_stored_hashed_and_record_last_use(cast, api_clock):
    from sojourn.api.tests.conftest import ApiClient

    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="sync", scope="read", now=NOW
    )
    stored = AccessToken.objects.get(pk=made.token.pk)
    assert made.secret not in (stored.digest, stored.prefix)
    assert stored.digest == tokens.digest(made.secret)
    assert stored.last_used_at is None
    ApiClient(made.secret).get("me")
    stored.refresh_from_db()
    assert stored.last_used_at == NOW


def test_token_creation_refuses_bad_input_naming_the_fields(cast):
    import pytest

    from sojourn.trips.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        tokens.create_token(
            actor=cast.traveller,
            user=cast.traveller,
            name=" ",
            scope="admin",
            now=NOW,
            expires_days=0,
        )
    assert set(refused.value.errors) == {"name", "scope", "expires_days"}


def test_openapi_description_is_served_without_a_token(cast, api_for):
    answer = api_for(None).get("/api/v1/openapi.json")
    assert answer.status == 200
    schema = answer.json
    assert schema["info"]["title"] == "Sojourn API"
    assert "/api/v1/me" in schema["paths"]


def test_docs_page_uses_only_local_assets(cast, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "https://" not in page.replace("https://spec.openapis.org", "")


def test_an_unknown_query_parameter_is_refused_by_name(cast, api_for, api_clock):
    answer = api_for(cast.officer).get("me", stauts="approved")
    assert answer.status == 422
    assert set(answer.problem_fields) == {"stauts"}
    (error,) = answer.json["errors"]
    assert (error["code"], error["params"]) == ("unknown_parameter", {"parameters": []})


def test_a_path_with_no_operation_is_a_problem_404(cast, api_for, api_clock):
    answer = api_for(cast.officer).get("no-such-resource/1")
    assert answer.status == 404
    assert answer.content_type == "application/problem+json"


def test_a_single_valued_parameter_given_twice_is_refused(cast, api_for, api_clock):
    client = api_for(cast.officer)
    answer = client.get("/api/v1/trips?tier=restricted&tier=standard")
    assert answer.status == 422
    assert set(answer.problem_fields) == {"tier"}
    # A list parameter may repeat.
    assert client.get("/api/v1/trips?status=submitted&status=approved").status == 200


def test_token_use_is_audited_at_most_once_a_minute_with_the_address(cast, api_clock):
    from sojourn.api.tests.conftest import ApiClient

    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="sync", scope="read", now=NOW
    )
    client = ApiClient(made.secret)
    client.get("me")
    client.get("me")
    api_clock(NOW + datetime.timedelta(minutes=2))
    client.get("me")

    used = AuditEvent.objects.filter(action="token.used").order_by("seq")
    assert [event.at for event in used] == [NOW, NOW + datetime.timedelta(minutes=2)]
    assert used[0].client == "127.0.0.1"
    assert used[0].actor == cast.traveller
