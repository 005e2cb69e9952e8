"""A person who never chose a language gets their emails in the language their browser last asked
for (an email has no browser to follow); a stored choice wins once made."""

from __future__ import annotations

from django.contrib.auth.models import User

from sojourn.notify.delivery import deliver_due
from sojourn.notify.services import notify
from sojourn.notify.tests.builders import parts
from sojourn.people.models import Person

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


def _cancelled(user: User, now) -> None:
    # A fresh user: the one the send reads, not the fixture's copy from before the request.
    notify(
        [User.objects.get(pk=user.pk)],
        kind="trip.cancelled",
        params={"title": "Paris", "actor": "Officer", "reason": "Plans changed"},
        now=now,
    )


def test_a_person_who_browsed_in_chinese_gets_the_next_email_in_chinese(client, cast, now, smtp):
    """
    GIVEN a traveller who never chose a language
    WHEN their browser asks for Chinese on a page, and then a notification is emailed to them
    THEN the email is in Chinese, subject, text and HTML
    """
    assert Person.objects.get(user=cast.traveller).language == ""
    client.force_login(cast.traveller)
    client.get("/", headers=CHINESE)

    _cancelled(cast.traveller, now)
    deliver_due(now=now)

    [message] = smtp.mailbox.messages
    assert message["Subject"] == "行程已取消：Paris"
    text, html = parts(message)
    assert text.startswith("您好，Traveller：")
    assert 'lang="zh-hans"' in html
    assert "Hello" not in text + html


def test_a_person_who_never_browsed_gets_the_site_default(cast, now, smtp):
    _cancelled(cast.traveller, now)
    deliver_due(now=now)

    [message] = smtp.mailbox.messages
    assert message["Subject"] == "Trip cancelled: Paris"


def test_the_stored_choice_wins_over_the_browser_for_emails(client, cast, now, smtp):
    """
    GIVEN a traveller who chose English
    WHEN their browser asks for Chinese on a page, and then a notification is emailed to them
    THEN the email is in English
    """
    Person.objects.filter(user=cast.traveller).update(language="en")
    client.force_login(cast.traveller)
    client.get("/", headers=CHINESE)

    _cancelled(cast.traveller, now)
    deliver_due(now=now)

    [message] = smtp.mailbox.messages
    assert message["Subject"] == "Trip cancelled: Paris"
    text, html = parts(message)
    assert text.startswith("Hello Traveller,")
    assert 'lang="en"' in html
