"""An email for one outbox row: its words in the recipient's language, text and HTML, with the
headers that make a resend recognisably the same message.

The two bodies come from frames (sojourn.notify.frames): the templates are rendered once per
language and filled for each message, not rendered again for every recipient.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from email.utils import formatdate, make_msgid

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import translation

from sojourn.conf.addresses import base_url, mail_domain
from sojourn.notify import frames
from sojourn.notify.models import Notification
from sojourn.notify.services import language_of
from sojourn.notify.templatetags.email_links import own_links
from sojourn.notify.texts import word


def build_message(
    row: Notification, *, connection: BaseEmailBackend | None = None
) -> mail.EmailMultiAlternatives:
    """The email for one row: text and HTML, in the recipient's language."""
    recipient = row.recipient
    language = language_of(recipient)
    # Links that are credentials are built now, for this email only; the row keeps none.
    word(row, language, live=True)
    with translation.override(language):
        text, html = render_email(
            subject=row.subject,
            body=row.body,
            urgent=row.urgent,
            on_trip=row.trip_id is not None,
            name=recipient.get_full_name() or recipient.get_username(),
            link=_link(row),
        )
    headers = {
        # Given once and stored on the row (delivery gives it before the first try), so a retry
        # or a resend is recognisably the same message.
        "Message-ID": row.message_id or new_message_id(),
        # RFC 5322 section 3.3: "-0000" is a UTC time that says nothing of the sender's own zone,
        # which is the truth here (the recipient's organisation has its own time zone).
        "Date": formatdate(localtime=False, usegmt=False),
        "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation auto-replies
    }
    if row.urgent:
        headers |= {"Importance": "high", "X-Priority": "1"}
    message = mail.EmailMultiAlternatives(
        subject=" ".join(row.subject.split()),
        body=re.sub(r"\n{3,}", "\n\n", text).strip() + "\n",
        to=[recipient.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def render_email(
    *, subject: str, body: str, urgent: bool, on_trip: bool, name: str, link: str
) -> tuple[str, str]:
    """The text and the HTML of an email, in the active language. In the HTML, only Sojourn's
    own addresses in the body become links (email_links.own_links)."""
    context = {
        "subject": subject,
        "body": body,
        "body_html": linebreaks_filter(own_links(body)),
        "urgent": urgent,
        "on_trip": on_trip,
        "name": name,
        "link": link,
    }
    return frames.render("notify/email.txt", context), frames.render("notify/email.html", context)


def new_message_id() -> str:
    """A globally unique Message-ID on the base address's domain (RFC 5322 section 3.6.4)."""
    return make_msgid(domain=mail_domain())


def message_id_ends() -> tuple[str, str]:
    """What comes before and after a row's id in the Message-IDs one claim gives its rows:
    `<TIME.PID.RANDOM` and `@DOMAIN>`, make_msgid's form, with the row's id appended to a random
    part of fixed width, so that each row has its own and no two claims make the same."""
    moment = int(time.time() * 100)
    random = secrets.randbits(64)
    return f"<{moment}.{os.getpid()}.{random:020d}", f"@{mail_domain()}>"


def _link(row: Notification) -> str:
    if row.trip_id is not None:
        return base_url() + reverse("trip-detail", args=[row.trip_id])
    return base_url() + reverse("inbox")
