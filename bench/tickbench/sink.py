"""The SMTP sink the benchmark delivers to, and the bare `smtplib` sender it is compared with.

The sink is aiosmtpd (the tests' SMTP server, `sojourn.notify.tests.builders`) on loopback, in a
process of its own, so that neither the worker's threads nor the bare sender share its
interpreter: it accepts every message and counts them, their bytes and their distinct
Message-IDs, and keeps nothing else (the tests' Mailbox parses and keeps every message; a sink
that does less is the harder baseline). The benchmark talks to it over its standard input and
output: `count` answers the counts as JSON, `reset` sets them to zero, end of input stops it.

    python bench/tickbench/sink.py   # prints `ready PORT`, then answers one line per command
"""

from __future__ import annotations

import json
import smtplib
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import IO, Any

HEADER = b"\nmessage-id:"


class Counter:
    """The aiosmtpd handler: accepts every message and counts it."""

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.ids: set[bytes] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.original_content or envelope.content
        self.messages += 1
        self.bytes += len(content)
        self.ids.add(_message_id(content))
        return "250 Message accepted for delivery"

    def counts(self) -> dict[str, int]:
        return {"messages": self.messages, "bytes": self.bytes, "distinct": len(self.ids)}


def _message_id(content: bytes) -> bytes:
    head = b"\n" + content.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n").lower()
    start = head.find(HEADER)
    if start < 0:
        return b""
    return head[start + len(HEADER) :].split(b"\n", 1)[0].strip()


def serve() -> None:
    from aiosmtpd.controller import Controller

    counter = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    print(f"ready {port}", flush=True)
    for line in sys.stdin:
        if line.strip() == "reset":
            counter.__init__()  # type: ignore[misc]
            print("ok", flush=True)
        else:
            print(json.dumps(counter.counts()), flush=True)
    controller.stop()


@dataclass
class Sink:
    """The sink's process, seen from the benchmark."""

    process: subprocess.Popen[str]
    port: int

    @classmethod
    def start(cls) -> Sink:
        process = subprocess.Popen(  # noqa: S603 — this interpreter, this file
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        word, port = process.stdout.readline().split()
        if word != "ready":
            raise SystemExit(f"the SMTP sink did not start: {word} {port}")
        return cls(process, int(port))

    def _ask(self, command: str) -> str:
        stdin, stdout = self._pipes()
        stdin.write(command + "\n")
        stdin.flush()
        return stdout.readline()

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = json.loads(self._ask("count"))
        return counted

    def reset(self) -> None:
        self._ask("reset")

    def stop(self) -> None:
        stdin, _stdout = self._pipes()
        stdin.close()
        self.process.wait(timeout=10)


def message_of_size(size: int) -> bytes:
    """A plain message of about `size` bytes, as the worker's emails are on average."""
    message = EmailMessage()
    message["From"] = "Sojourn <sojourn@localhost>"
    message["To"] = "traveller@example.org"
    message["Subject"] = "Bench"
    message["Message-ID"] = make_msgid(domain="bench.invalid")
    head = len(message.as_bytes())
    lines = max(1, (size - head - 80) // 77)
    message.set_content(("x" * 75 + "\n") * lines)
    return message.as_bytes(policy=policy.SMTP)  # CRLF line ends, as a mail client sends


@dataclass(frozen=True)
class Sent:
    messages: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


def bare_send(port: int, *, messages: int, size: int) -> Sent:
    """One `smtplib` connection sending `messages` ready-made messages of `size` bytes."""
    body = message_of_size(size)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for _ in range(messages):
            smtp.sendmail("sojourn@localhost", ["traveller@example.org"], body)
    return Sent(messages, time.perf_counter() - started)


if __name__ == "__main__":
    serve()
