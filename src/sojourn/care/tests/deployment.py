"""A small deployment on loopback, as docs/deploy.md describes it, for tests: gunicorn web
processes and `sojourn worker` processes against the test's own database, an SMTP server that
keeps what the workers send, and a client that sends each API request to the next web process.

Every process writes its output to a log file; `logs()` gives their tails for a failure message.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from django.db import connection

from sojourn.notify.tests.builders import SmtpServer, free_port
from sojourn.testing.keys import shared_keys

T = TypeVar("T")
BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"


class Deadline:
    """One time budget for a whole test: every wait takes what is left of it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()


def database_url() -> str:
    """The database this test runs in (pytest-django's `test_…` one), as the processes need it."""
    settings = connection.settings_dict
    assert connection.vendor == "postgresql", connection.vendor
    user = quote(str(settings["USER"] or ""), safe="")
    password = quote(str(settings["PASSWORD"] or ""), safe="")
    return (
        f"postgresql://{user}:{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 150) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass(frozen=True)
class Answer:
    status: int
    json: Any
    web: str  # which web process answered

    def __repr__(self) -> str:  # what a failed `assert answer.status == …, answer` shows
        return f"{self.status} from {self.web}: {json.dumps(self.json)[:800]}"


class Webs:
    """The web processes, taking turns: each request, whoever sends it, goes to the next one."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.served: Counter[str] = Counter()
        self._turn = 0

    def call(self, method: str, path: str, *, token: str, body: Any = None) -> Answer:
        url = self.urls[self._turn % len(self.urls)]
        self._turn += 1
        self.served[url] += 1
        request = urllib.request.Request(
            f"{url}/api/v1/{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        return Answer(status, _parsed(raw), url)


@dataclass
class ApiUser:
    """One person's token, sent through whichever web process has the turn."""

    webs: Webs
    token: str

    def get(self, path: str) -> Answer:
        return self.webs.call("GET", path, token=self.token)

    def post(self, path: str, body: Any) -> Answer:
        return self.webs.call("POST", path, token=self.token, body=body)

    def put(self, path: str, body: Any) -> Answer:
        return self.webs.call("PUT", path, token=self.token, body=body)


class Deployment:
    def __init__(self, directory: Path, smtp: SmtpServer, deadline: Deadline) -> None:
        self.directory = directory
        self.smtp = smtp
        self.deadline = deadline
        self.processes: list[Process] = []
        self.webs = Webs([])
        self.exit_codes: dict[str, int] = {}
        self.env: dict[str, str] = {}
        self.killed: set[str] = set()

    def start(self, *, webs: int, workers: int) -> None:
        ports = [free_port() for _ in range(webs)]
        self.webs = Webs([f"http://{LOOPBACK}:{port}" for port in ports])
        self.env = self._environment(base_url=self.webs.urls[0])
        for number, port in enumerate(ports, start=1):
            self._spawn(
                f"web-{number}",
                [
                    str(BIN / "gunicorn"),
                    "sojourn.wsgi:application",
                    "--bind",
                    f"{LOOPBACK}:{port}",
                    "--workers",
                    "1",
                    # Gunicorn's control socket has one default path per user: two servers on
                    # one machine would take it from each other.
                    "--no-control-socket",
                ],
            )
        for number in range(1, workers + 1):
            self._spawn(f"worker-{number}", [str(BIN / "sojourn"), "worker", "--interval", "1"])
        for process, url in zip(self.processes, self.webs.urls, strict=False):
            self.wait_for(f"{process.name} to answer", functools.partial(_answers, url))
        for process in self.processes[webs:]:
            self.wait_for(f"{process.name} to start", functools.partial(_started, process))

    def start_worker(self, name: str, *, interval: float, settings: dict[str, str]) -> Process:
        """One more `sojourn worker`, with these settings (SOJOURN_… variables) added; returns
        once it has started."""
        if not self.env:
            self.env = self._environment(base_url="https://travel.example.org")
        self._spawn(
            name,
            [str(BIN / "sojourn"), "worker", "--interval", f"{interval:g}"],
            extra=settings,
        )
        process = self.processes[-1]
        self.wait_for(f"{name} to start", functools.partial(_started, process))
        return process

    def kill(self, process: Process) -> None:
        """`kill -9`: the process ends at once, in the middle of whatever it was doing."""
        self.killed.add(process.name)
        process.popen.send_signal(signal.SIGKILL)
        process.popen.wait(timeout=30)

    def wait_for(self, what: str, check: Callable[[], T | None], pause: float = 0.2) -> T:
        """Poll `check` until it gives something truthy; fail with every process's log if the
        test's deadline passes or a process dies first."""
        while True:
            found = check()
            if found:
                return found
            dead = [
                p.name
                for p in self.processes
                if p.popen.poll() is not None and p.name not in self.killed
            ]
            if dead:
                raise AssertionError(
                    f"{', '.join(dead)} exited while waiting for {what}.\n" + self.logs()
                )
            if self.deadline.left() <= 0:
                raise AssertionError(
                    f"Timed out after {self.deadline.seconds:g} s waiting for {what}.\n"
                    + self.logs()
                )
            time.sleep(pause)

    def stop(self) -> dict[str, int]:
        """SIGTERM to every process still running, then their exit statuses (SIGKILL after 30 s:
        recorded as -9, which fails the test's assertion on it)."""
        for process in self.processes:
            if process.popen.poll() is None:
                process.popen.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.popen.kill()
                process.popen.wait(timeout=10)
            self.exit_codes[process.name] = process.popen.returncode
        return dict(self.exit_codes)

    def tracebacks(self) -> dict[str, str]:
        """The log of every process that logged an exception (a 500, a failed worker pass)."""
        return {
            process.name: process.tail()
            for process in self.processes
            if "Traceback" in process.log.read_text(errors="replace")
        }

    def logs(self) -> str:
        return "\n".join(
            f"----- {process.name} (exit {process.popen.poll()}), last lines of {process.log} -----"
            f"\n{process.tail()}"
            for process in self.processes
        )

    def _environment(self, *, base_url: str) -> dict[str, str]:
        # Nothing of the developer's own Sojourn settings leaks in: only what a deployment sets.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "sojourn.settings",
            "SOJOURN_ENV": "local",
            "SOJOURN_SERVE_RUNS_WORKER": "false",
            "SOJOURN_DATABASE_URL": database_url(),
            # One key for every process, from the environment, as in production (docs/deploy.md).
            "SOJOURN_SECRET_KEY": secrets.token_urlsafe(64),
            "SOJOURN_BASE_URL": base_url,
            "SOJOURN_VAR_DIR": str(self.directory / "var"),
            "SOJOURN_EMAIL_HOST": LOOPBACK,
            "SOJOURN_EMAIL_PORT": str(self.smtp.port),
            "SOJOURN_EMAIL_FROM": "Sojourn <sojourn@travel.example.org>",
            # The keys of the test's own rows and events: every process seals and verifies alike.
            **shared_keys(),
        }

    def _spawn(self, name: str, command: list[str], extra: dict[str, str] | None = None) -> None:
        log = self.directory / f"{name}.log"
        env = {**self.env, **(extra or {})}
        with log.open("wb") as output:
            popen = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        self.processes.append(Process(name, popen, log))


def _parsed(raw: bytes) -> Any:
    """JSON as the API answers; anything else (a server error's HTML page) as text, so that a
    failed assertion shows it."""
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")


def _started(worker: Process) -> bool:
    return "a pass every" in worker.tail()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/login/", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:  # refused while it starts; URLError and HTTPError are OSErrors
        return False


@contextlib.contextmanager
def deployed(directory: Path, *, seconds: float) -> Iterator[Deployment]:
    """A deployment in `directory` with its own SMTP server on loopback, nothing started yet (the
    test starts its processes once its data is in). On the way out its processes are stopped
    (SIGTERM), then the server, and their logs are printed: pytest shows them when a test fails.
    `seconds` is the time the whole may take, start-up to shutdown."""
    # aiosmtpd logs every SMTP command at INFO; a failing test's output should show ours.
    mail_log = logging.getLogger("mail.log")
    level = mail_log.level
    mail_log.setLevel(logging.WARNING)
    smtp = SmtpServer(free_port())
    smtp.start()
    running = Deployment(directory, smtp, Deadline(seconds))
    try:
        yield running
    finally:
        running.stop()
        smtp.stop()
        mail_log.setLevel(level)
        print(running.logs())
