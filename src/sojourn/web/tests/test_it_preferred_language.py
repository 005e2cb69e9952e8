"""A person's preferred language applies when they sign in; the switcher overrides it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from sojourn.people.models import Person


def test_the_profile_language_is_used_after_login(client, cast):
    Person.objects.filter(user=cast.traveller).update(language="zh-hans")
    client.force_login(cast.traveller)

    page = client.get("/").content.decode()

    assert 'lang="zh-hans"' in page


def test_the_language_switcher_wins_over_the_profile(client, cast):
    Person.objects.filter(user=cast.traveller).update(language="zh-hans")
    client.force_login(cast.traveller)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()

    assert 'lang="en"' in page


def test_a_person_who_never_chose_follows_the_browser(client, cast):
    """GIVEN a person who never chose a language WHEN their browser asks for Chinese
    THEN the pages are Chinese; asking for English gives English."""
    assert Person.objects.get(user=cast.traveller).language == ""
    client.force_login(cast.traveller)

    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})

    assert 'lang="zh-hans"' in chinese.content.decode()
    assert 'lang="en"' in english.content.decode()


def test_the_stored_choice_wins_over_the_browser(client, cast):
    Person.objects.filter(user=cast.traveller).update(language="en")
    client.force_login(cast.traveller)

    page = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).content.decode()

    assert 'lang="en"' in page


def test_choosing_to_follow_the_browser_again_clears_the_choice(client, cast):
    Person.objects.filter(user=cast.traveller).update(language="en")
    client.force_login(cast.traveller)

    answer = client.post(
        "/account/",
        {"language": "", "emergency_contact_name": "", "emergency_contact_phone": ""},
    )

    assert answer.status_code == 302

    assert Person.objects.get(user=cast.traveller).language == ""


@contextmanager
def _person_updates() -> Iterator[list[str]]:
    """The UPDATEs of people's rows run inside the block (a wrapper, not the debug query log,
    which each request through the test client empties)."""
    updates: list[str] = []

    def record(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if sql.startswith('UPDATE "people_person"'):
            updates.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        yield updates


def test_the_browser_language_is_remembered_once_when_it_changes(client, cast):
    """
    GIVEN a signed-in person who never chose a language
    WHEN their browser asks for Chinese twice, then for English
    THEN the first Chinese request stores zh-hans with one UPDATE, the second writes nothing,
    AND the English one stores en
    """
    client.force_login(cast.traveller)

    with _person_updates() as first:
        client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    with _person_updates() as again:
        client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    stored = Person.objects.get(user=cast.traveller).browser_language
    client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})

    assert len(first) == 1
    assert stored == "zh-hans"
    assert again == []
    assert Person.objects.get(user=cast.traveller).browser_language == "en"


def test_an_anonymous_request_remembers_nothing(client, cast):
    client.get("/login/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})

    assert set(Person.objects.values_list("browser_language", flat=True)) == {""}


def test_a_request_that_names_no_language_remembers_nothing(client, cast):
    """A script or a probe sends no Accept-Language: Django falls back to the site's language,
    which says nothing of the person's browser and must not be stored as if it did."""
    client.force_login(cast.traveller)

    with _person_updates() as written:
        client.get("/")

    assert written == []
    assert Person.objects.get(user=cast.traveller).browser_language == ""
