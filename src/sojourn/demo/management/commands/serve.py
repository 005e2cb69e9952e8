"""`sojourn serve`: migrate, load the demo into an empty local database, then run gunicorn.

The embedded default in one command: `sojourn serve` on a fresh checkout gives a working site
with the demo world to log into. In production it only migrates and collects static files.

gunicorn runs threaded workers (gthread): `--workers` processes of `--threads` threads each, so
a slow request holds a thread and the liveness probe is answered by another (docs/deploy.md,
"Web processes").
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import gunicorn.app.base
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import connections
from django.utils import timezone

from sojourn.conf import addresses
from sojourn.conf.messages import compile_stale
from sojourn.demo import mailcatcher
from sojourn.demo.world import load_demo, login_table
from sojourn.people.models import Organisation

MAX_PORT = 65535
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
"""Threads per worker process (gunicorn's gthread workers): a request that waits (a slow page,
the database) holds one thread, not the process, so the liveness probe and other requests are
answered by the others. Each thread keeps its own database connection."""
# Listening on every address: links point at the loopback one.
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104 -- names, not a bind


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int = DEFAULT_THREADS

    @property
    def bind(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.bind}/"

    @property
    def public_url(self) -> str:
        """Where people reach this server: a wildcard bind is reached on loopback."""
        host = WILDCARDS.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"


def check_options(
    *, host: str, port: int, workers: int, threads: int = DEFAULT_THREADS
) -> ServeOptions:
    host = host.strip()
    if not host or any(char.isspace() or char in "/[]" for char in host):
        raise CommandError(
            f"--host must be a host name or an IP address such as 127.0.0.1, got {host!r}."
        )
    if not 1 <= port <= MAX_PORT:
        raise CommandError(f"--port must be between 1 and {MAX_PORT}, got {port}.")
    if workers < 1:
        raise CommandError(f"--workers must be at least 1, got {workers}.")
    if threads < 1:
        raise CommandError(f"--threads must be at least 1, got {threads}.")
    return ServeOptions(host=host, port=port, workers=workers, threads=threads)


def follow_served_address(options: ServeOptions, out: OutputWrapper) -> None:
    """Without SOJOURN_BASE_URL, the links Sojourn writes point at the address it serves.

    The web processes are forked from this one and read its settings; the worker is started
    with this environment and reads the variable as its own settings load.
    """
    if settings.SOJOURN_BASE_URL_SET:
        return
    settings.SOJOURN_BASE_URL = options.public_url
    os.environ[addresses.SERVED_URL] = options.public_url
    out.write(f"Links in emails and calendar addresses point at {options.public_url}.")


def prepare(out: OutputWrapper, *, verbosity: int = 1) -> bool:
    """Everything before the server starts. Returns whether the demo world was loaded."""
    for catalogue in compile_stale():
        out.write(f"Compiled the translation catalogue {catalogue.parent.parent.name}.")
    # migrate writes its progress in pieces ("Applying x..." then " OK"): hand it the raw stream
    # so our wrapper does not break each piece onto a line of its own.
    call_command("migrate", interactive=False, verbosity=verbosity, stdout=out._out)
    loaded = False
    if not settings.PRODUCTION and not Organisation.objects.exists():
        result = load_demo(timezone.now())
        out.write("The database was empty: loaded the demo world.")
        for line in login_table(result):
            out.write(line)
        loaded = True
    if settings.PRODUCTION:
        call_command("collectstatic", interactive=False, verbosity=0)
        out.write(f"Collected static files into {settings.STATIC_ROOT}.")
    return loaded


WORKER_INTERVAL = "30"


def start_worker(out: OutputWrapper) -> subprocess.Popen[bytes]:
    """The worker loop in a process of its own beside the web server (the embedded default):
    a separate process, so gunicorn's forks never share its database connection."""
    # Our own interpreter and module, fixed arguments: nothing comes from outside.
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sojourn", "worker", "--interval", WORKER_INTERVAL]
    )
    out.write(f"Started the worker (pid {worker.pid}): a pass every {WORKER_INTERVAL} s.")
    return worker


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()  # SIGTERM: the worker finishes the chunk in hand
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


class SojournServer(gunicorn.app.base.BaseApplication):  # type: ignore[misc]
    """Gunicorn run in-process, configured here rather than from its command line."""

    def __init__(self, options: ServeOptions, out: OutputWrapper) -> None:
        self.options = options
        self.out = out
        super().__init__()

    def load_config(self) -> None:
        def when_ready(server: Any) -> None:
            self.out.write(f"Sojourn is running on {self.options.url}")
            self.out.flush()

        self.cfg.set("bind", [self.options.bind])
        self.cfg.set("workers", self.options.workers)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("threads", self.options.threads)
        self.cfg.set("accesslog", "-")
        # Check-in links and feed addresses are credentials: masked in the access log.
        self.cfg.set("logger_class", "sojourn.security.logmask.AccessLogger")
        self.cfg.set("proc_name", "sojourn")
        self.cfg.set("when_ready", when_ready)
        # Gunicorn 25.1+ opens a control socket at one path per user ($HOME/.gunicorn): two
        # servers on one machine (a test next to a dev server) would take it from each other.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> WSGIHandler:
        from sojourn.wsgi import application

        return application


class Command(BaseCommand):
    help = (
        "Serve Sojourn with gunicorn: applies migrations, loads the demo world into an empty "
        "local database, collects static files in production, then serves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (1-65535).")
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"Gunicorn worker processes (default: {DEFAULT_WORKERS}).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=DEFAULT_THREADS,
            help=f"Threads per worker process, each serving one request at a time with its own "
            f"database connection (default: {DEFAULT_THREADS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        serve = check_options(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
        )
        follow_served_address(serve, self.stdout)
        prepare(self.stdout, verbosity=options["verbosity"])
        # The workers are forked from this process: they must not share its database connection.
        connections.close_all()
        catcher = mailcatcher.start(self.stdout)
        worker = start_worker(self.stdout) if settings.SOJOURN_SERVE_RUNS_WORKER else None
        try:
            SojournServer(serve, self.stdout).run()
        finally:
            if worker is not None:
                stop_worker(worker)
            if catcher is not None:
                mailcatcher.stop(catcher)
