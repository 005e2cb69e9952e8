"""The API's throughput under wrk: the trips list against a trivial JSON endpoint (issue 8).

One gunicorn serves sojourn's WSGI application on loopback (sync workers, one per core: two
here, one thread each, `--no-control-socket`: as in the runs this figure is compared with;
docs/deploy.md now recommends 4 threads per process, for the liveness probe's sake), with
production settings (`SOJOURN_ENV=production`, DEBUG off) against the benchmark's own
database, which holds the committed synthetic world. wrk asks, in turn, for:

- `GET /api/v1/health/live`: the trivial endpoint (liveness: no table read), through the same
  middleware stack as every request (no token, no query); the baseline. (`GET /api/v1/health`
  is readiness since issue 15: it asks the database and the worker's heartbeat);
- `GET /api/v1/trips`: the first page of the trips list (default page size), with the read token
  of the officer of the organisation with the most trips: whose list is large.

The server is given the world's encryption and audit keys (production refuses to write an
audit event without the latter: the token's use is one, once a minute), and the rate limit at
its most (SOJOURN_API_REQUESTS_PER_MINUTE, 100,000): every request still pays its count, one
UPDATE, but wrk's thousands a minute from one person are not answered 429.

Each request carries `X-Forwarded-Proto: https`, as the TLS-terminating proxy sends it. A plain
request first checks that both answer 200 and that the list has rows; then a warm-up run of
each, then ROUNDS rounds of each, alternating; the figure is the best round of each. Any
non-2xx answer or socket error in a round stops the benchmark. The figure: trips list req/s
against the trivial endpoint's req/s (the issue's goal: a ratio of at least 0.5); the latency
percentiles of the best rounds are printed under the table.

Left behind in the world: one read-only access token (its `token.created` and `token.used`
audit events, its last use).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchkit.report import Figure
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from scalebench import Part, World
from sojourn.people.models import Person, Role
from sojourn.security import tokens
from sojourn.trips.models import Trip
from sojourn.vault.keys import as_setting

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
WORKERS = 2
"""One sync worker per core of this machine (docs/deploy.md says about 2 × cores for a server
that also waits on a database elsewhere; here the database shares the two cores)."""
SECONDS = {"quick": 3, "full": 10}
WARM_UP_SECONDS = {"quick": 2, "full": 5}
ROUNDS = 3
CONNECTIONS = 4
THREADS = 1
GOAL_RATIO = 0.5
HEALTH = "/api/v1/health/live"
TRIPS = "/api/v1/trips"
PROXY = {"X-Forwarded-Proto": "https"}
RATE_LIMIT = 100_000
"""The most SOJOURN_API_REQUESTS_PER_MINUTE allows: above what wrk asks of the trips list."""


@dataclass(frozen=True)
class Round:
    path: str
    requests_per_s: float
    requests: int
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float


def measure(world: World) -> Part:
    _ensure_wrk()
    officer = _officer()
    secret = tokens.create_token(
        actor=None, user=officer, name="bench throughput", scope="read", now=timezone.now()
    ).secret
    if connection.in_atomic_block:
        raise SystemExit("throughput: the world is not committed; the server would not see it")
    seconds = SECONDS[world.size]
    with tempfile.TemporaryDirectory(prefix="sojourn-throughput-") as directory:
        server = _Server(Path(directory))
        try:
            server.start()
            rows = _check(server.url, secret)
            print(
                f"throughput: gunicorn ({WORKERS} sync workers) on {server.url}; "
                f"{TRIPS} answers {rows} rows to {officer.get_username()}",
                flush=True,
            )
            _wrk(server, HEALTH, None, WARM_UP_SECONDS[world.size])
            _wrk(server, TRIPS, secret, WARM_UP_SECONDS[world.size])
            health: list[Round] = []
            trips: list[Round] = []
            for _ in range(ROUNDS):
                health.append(_wrk(server, HEALTH, None, seconds))
                trips.append(_wrk(server, TRIPS, secret, seconds))
        finally:
            server.stop()
    best_health = max(health, key=lambda r: r.requests_per_s)
    best_trips = max(trips, key=lambda r: r.requests_per_s)
    ratio = best_trips.requests_per_s / best_health.requests_per_s
    verdict = "met" if ratio >= GOAL_RATIO else "NOT met"
    return Part(
        figures=[
            Figure(
                f"API throughput: GET {TRIPS} (first page, {rows} rows)",
                best_trips.requests_per_s,
                "req/s",
                f"GET {HEALTH} (trivial JSON), same server",
                best_health.requests_per_s,
            ),
        ],
        lines=[
            f"wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s, {ROUNDS} rounds each, alternating, "
            f"best round; gunicorn {WORKERS} sync workers, SOJOURN_ENV=production",
            f"goal (issue 8): trips list ≥ {GOAL_RATIO:.0%} of the trivial endpoint's req/s: "
            f"{ratio:.2f} — {verdict}",
            _latency("health", best_health),
            _latency("trips", best_trips),
            "rounds req/s: health "
            + ", ".join(f"{r.requests_per_s:,.0f}" for r in health)
            + "; trips "
            + ", ".join(f"{r.requests_per_s:,.0f}" for r in trips),
        ],
        details={
            "user": officer.get_username(),
            "rows": rows,
            "workers": WORKERS,
            "wrk": {"threads": THREADS, "connections": CONNECTIONS, "seconds": seconds},
            "ratio": round(ratio, 3),
            "goal_ratio": GOAL_RATIO,
            "health": [r.__dict__ for r in health],
            "trips": [r.__dict__ for r in trips],
        },
    )


def _latency(name: str, best: Round) -> str:
    return (
        f"latency of the best {name} round: p50 {best.p50_ms:.1f} ms, p99 {best.p99_ms:.1f} ms "
        f"({best.requests:,} requests)"
    )


def _ensure_wrk() -> None:
    done = subprocess.run([str(ROOT / "scripts" / "ensure-wrk")], check=False)  # noqa: S603 - ours
    if done.returncode != 0 or shutil.which("wrk") is None:
        raise SystemExit("throughput: wrk is needed (scripts/ensure-wrk could not install it)")


def _officer() -> User:
    """The security officer of the organisation with the most trips: a large list to page."""
    biggest = (
        Trip.objects.order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")[0]["organisation_id"]
    )
    person = (
        Person.objects.filter(role=Role.OFFICER, organisation_id=biggest, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if person is None:
        raise SystemExit("throughput: the biggest organisation has no active officer")
    return person.user


class _Server:
    """gunicorn on a free loopback port, in a process group of its own (stopped as a whole)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = directory / "gunicorn.log"
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        environment = {
            **os.environ,  # SOJOURN_DATABASE_URL and the rest of the benchmark's settings
            "DJANGO_SETTINGS_MODULE": "sojourn.settings",
            "SOJOURN_ENV": "production",
            "SOJOURN_DEBUG": "false",
            "SOJOURN_ALLOWED_HOSTS": HOST,
            "SOJOURN_SECRET_KEY": secrets.token_urlsafe(64),
            # The keys the benchmark's world was sealed with (production needs them set), and
            # the audit trail's (a token's use is an audit event once a minute).
            "SOJOURN_ENCRYPTION_KEYS": as_setting(settings.SOJOURN_ENCRYPTION_KEYS),
            "SOJOURN_AUDIT_KEYS": ",".join(f"{i}:{s}" for i, s in settings.SOJOURN_AUDIT_KEYS),
            # Every request is still counted against the rate limit (one UPDATE), but wrk's
            # thousands a minute from one person must not be answered 429.
            "SOJOURN_API_REQUESTS_PER_MINUTE": str(RATE_LIMIT),
            "SOJOURN_SERVE_RUNS_WORKER": "false",
            "SOJOURN_VAR_DIR": str(self.directory / "var"),
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "sojourn.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            "1",
            "--timeout",
            "30",
            "--graceful-timeout",
            "30",
            "--no-control-socket",
        ]
        with self.log.open("wb") as output:
            self.popen = subprocess.Popen(  # noqa: S603 - gunicorn, fixed arguments
                command,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise SystemExit(f"throughput: gunicorn exited at start:\n{self.tail()}")
            if _status(self.url + HEALTH, None) == 200:
                return
            time.sleep(0.2)
        raise SystemExit(f"throughput: gunicorn did not answer in 60 s:\n{self.tail()}")

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        group = os.getpgid(self.popen.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _request(url: str, secret: str | None) -> urllib.request.Request:
    headers = dict(PROXY)
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return urllib.request.Request(url, headers=headers)  # noqa: S310 - http on loopback


def _status(url: str, secret: str | None) -> int | None:
    try:
        with urllib.request.urlopen(_request(url, secret), timeout=5) as response:  # noqa: S310
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _check(url: str, secret: str) -> int:
    """Both endpoints answer 200 with what they should; the number of rows of the list page."""
    with urllib.request.urlopen(_request(url + HEALTH, None), timeout=30) as response:  # noqa: S310
        if response.status != 200 or json.loads(response.read()) != {"status": "ok"}:
            raise SystemExit(f"throughput: {HEALTH} did not answer 200 ok")
    try:
        with urllib.request.urlopen(_request(url + TRIPS, secret), timeout=30) as response:  # noqa: S310
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SystemExit(
            f"throughput: {TRIPS} answered {error.code}: {error.read()[:500]!r}"
        ) from None
    rows = len(body.get("items") or [])
    if not rows:
        raise SystemExit(f"throughput: {TRIPS} answered no rows")
    return rows


LATENCY = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(server: _Server, path: str, secret: str | None, seconds: int) -> Round:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        "X-Forwarded-Proto: https",
    ]
    if secret is not None:
        command += ["-H", f"Authorization: Bearer {secret}"]
    done = subprocess.run(  # noqa: S603 - wrk, fixed arguments
        [*command, server.url + path], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"throughput: wrk failed on {path}:\n{done.stdout}{done.stderr}")
    found = _parsed(path, done.stdout)
    if found.non_2xx or found.socket_errors:
        raise SystemExit(
            f"throughput: {path} answered {found.non_2xx} non-2xx and {found.socket_errors} "
            f"socket errors under wrk:\n{done.stdout}\ngunicorn:\n{server.tail()}"
        )
    return found


def _parsed(path: str, output: str) -> Round:
    """wrk's --latency report: requests/s, the number of requests, errors, p50 and p99."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    if rate is None or total is None:
        raise SystemExit(f"throughput: wrk's report not understood:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    latency = {m[1]: float(m[2]) * UNIT_MS[m[3]] for m in LATENCY.finditer(output)}
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"throughput: wrk's latency distribution not found:\n{output}")
    return Round(
        path=path,
        requests_per_s=float(rate[1]),
        requests=int(total[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        p50_ms=latency["50"],
        p99_ms=latency["99"],
    )
