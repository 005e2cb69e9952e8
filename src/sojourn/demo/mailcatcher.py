"""A mail catcher for `sojourn serve` on a developer's machine (`make run`).

The worker delivers email through an SMTP server (`SOJOURN_EMAIL_HOST`/`_PORT`, by default
127.0.0.1:1025). On a fresh checkout nothing listens there: every email would wait in the outbox
and the worker would report the server down on every probe. So, outside production, when the
configured server is on this machine and nothing answers on its port, `sojourn serve` starts this
catcher there, in a process of its own: it accepts every message, writes it to `var/mail/` as an
`.eml` file (the owner's alone, like the rest of `var/`), keeps only the newest `KEEP` of them —
the demo's check-in links and alerts are there to be opened, not archived — and prints one line
per message: to whom, what.

An SMTP server of the developer's own on that port (a MailHog, say) is left to do its job.
Production never starts the catcher.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import OutputWrapper

from sojourn.conf import private

KEEP = 50
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
START_SECONDS = 15.0


class Catcher:
    """aiosmtpd's handler: each message is written to `directory`, the oldest beyond KEEP go."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        path = self.directory / f"{time.time_ns()}-{self.count:06d}.eml"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, private.FILE_MODE)
        with os.fdopen(descriptor, "wb") as file:
            file.write(envelope.content)
        self.prune()
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        print(f"mail to {', '.join(envelope.rcpt_tos)}: {message['subject']} ({path})", flush=True)
        return "250 Message accepted for delivery"

    def prune(self) -> None:
        kept = sorted(self.directory.glob("*.eml"))
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)


def answers(host: str, port: int) -> bool:
    """Whether something accepts connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def directory() -> Path:
    return Path(settings.VAR_DIR) / "mail"


def start(out: OutputWrapper) -> subprocess.Popen[bytes] | None:
    """The catcher on the configured server's port, when this is a developer's machine and no
    SMTP server answers there; None (and a line saying where email goes) otherwise."""
    host, port = str(settings.EMAIL_HOST), int(settings.EMAIL_PORT)
    if settings.PRODUCTION or host not in LOOPBACK:
        return None
    if answers(host, port):
        out.write(f"Email goes to the SMTP server on {host}:{port}.")
        return None
    try:
        import aiosmtpd  # noqa: F401 -- only to know the catcher can run
    except ImportError:
        out.write(
            f"No SMTP server on {host}:{port}: email waits in the outbox until one answers "
            "(install the dev extras for a local mail catcher)."
        )
        return None
    target = directory()
    private.private_directory(target, tighten=True)
    # Our own interpreter and module, fixed arguments: nothing comes from outside.
    catcher = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sojourn.demo.mailcatcher", "--port", str(port), str(target)]
    )
    deadline = time.monotonic() + START_SECONDS
    while not answers(host, port):
        if catcher.poll() is not None or time.monotonic() > deadline:
            stop(catcher)
            out.write(f"The mail catcher did not start on {host}:{port}: email waits.")
            return None
        time.sleep(0.1)
    out.write(f"Email is caught on {host}:{port} and written to {target} (the newest {KEEP}).")
    return catcher


def stop(catcher: subprocess.Popen[bytes]) -> None:
    catcher.terminate()
    try:
        catcher.wait(timeout=10)
    except subprocess.TimeoutExpired:
        catcher.kill()


def main(argv: Sequence[str]) -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(prog="sojourn.demo.mailcatcher")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("directory", type=Path)
    arguments = parser.parse_args(argv)
    controller = Controller(Catcher(arguments.directory), hostname="127.0.0.1", port=arguments.port)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    controller.start()
    try:
        stopping.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
