"""A person's preferred language applies when they sign in; the switcher overrides it."""

from __future__ import annotations

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
