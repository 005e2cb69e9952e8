"""Sojourn served for the load benchmark: `sojourn serve` on a free loopback port.

The way `make run` serves it (gunicorn with sync workers, from `sojourn serve`), with as many
workers as docs/deploy.md recommends (about 2 × cores), against the benchmark's own database
and var/ directory (its SOJOURN_DATABASE_URL and SOJOURN_VAR_DIR: the keys the world was sealed
with). The worker loop is not started (SOJOURN_SERVE_RUNS_WORKER=false): the load is the web's;
the outbox the run fills waits. In its own process group, stopped as a whole.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
LIVENESS = "/api/v1/health/live"
"""The liveness probe: the process answers (no table read)."""
START_SECONDS = 180


def workers() -> int:
    """docs/deploy.md: `--workers` ≈ 2 × cores."""
    return 2 * len(os.sched_getaffinity(0))


class Server:
    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = directory / "serve.log"
        self.workers = workers()
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        environment = {
            **os.environ,
            "SOJOURN_ENV": "local",
            "SOJOURN_DEBUG": "false",
            "SOJOURN_SERVE_RUNS_WORKER": "false",
        }
        command = [
            str(Path(sys.executable).parent / "sojourn"),
            "serve",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        with self.log.open("wb") as output:
            self.popen = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
                command,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise SystemExit(f"load: sojourn serve exited at start:\n{self.tail()}")
            if status(self.url + LIVENESS) == 200:
                return
            time.sleep(0.5)
        raise SystemExit(f"load: sojourn serve did not answer in {START_SECONDS} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        group = os.getpgid(self.popen.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.popen.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def errors(self) -> list[str]:
        """Tracebacks and error lines of the server's log (its access lines left out)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http on loopback
            answered: int = response.status
            return answered
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None
