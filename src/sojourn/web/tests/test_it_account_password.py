"""Changing one's password through Django's views, wired under /account/password/."""

from __future__ import annotations

from django.test import Client

from sojourn.conftest import PASSWORD, Cast

URL = "/account/password/"
NEW = "a-new-and-longer-passphrase-7"


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_the_form_has_labelled_fields(client: Client, cast: Cast) -> None:
    client.force_login(cast.officer)

    content = client.get(URL).content.decode()

    assert '<label for="id_old_password">Old password:</label>' in content
    assert '<label for="id_new_password1">New password:</label>' in content
    assert 'href="/account/"' in content


def test_a_wrong_old_password_is_refused_at_its_field(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        URL, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.content.decode()
    cast.traveller.refresh_from_db()
    assert cast.traveller.check_password(PASSWORD)


def test_the_password_changes_and_the_session_stays(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )

    assert response.redirect_chain == [("/account/password/done/", 302)]
    assert "Your password has been changed" in response.content.decode()
    cast.traveller.refresh_from_db()
    assert cast.traveller.check_password(NEW)
    assert client.get("/account/").status_code == 200
