"""A real SMTP server on loopback (aiosmtpd), rows for it to receive, and reading what came."""

from __future__ import annotations

import asyncio
import datetime
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

from sojourn.notify.models import Channel, Notification

BASE_URL = "https://travel.example.org"


class Mailbox:
    """The aiosmtpd handler: keeps every message accepted (and when it came, in `arrived`),
    refuses the addresses in `refuse`, and, once `hold_after` messages are kept, holds the next
    one before accepting it (`holding` is set) until `release` is set; then answers 451 and
    keeps nothing (its sender is gone by then in the tests that use it)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.arrived: list[float] = []  # time.monotonic() of each message kept
        self.refuse: set[str] = set()
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
            self.arrived.append(time.monotonic())
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages]


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def email_row(
    user: User,
    now: datetime.datetime,
    *,
    subject: str = "Trip approved",
    body: str = "Your trip to Paris was approved.",
    urgent: bool = False,
    **fields: Any,
) -> Notification:
    return Notification.objects.create(
        recipient=user,
        channel=Channel.EMAIL,
        kind="test",
        subject=subject,
        body=body,
        urgent=urgent,
        created_at=now,
        **fields,
    )


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a multipart/alternative message."""
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    return str(text.get_content()), str(html.get_content())
