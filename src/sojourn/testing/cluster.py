"""The throwaway PostgreSQL cluster `scripts/with-postgres` runs the tests on: its tools, its
data directory and its owner (SOJOURN_PG_BIN, SOJOURN_PG_DATA, SOJOURN_PG_OWNER), for the tests
that dump, restore or restart it."""

from __future__ import annotations

import getpass
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection


@dataclass(frozen=True)
class Cluster:
    bin: Path
    data: Path
    owner: str

    @classmethod
    def of_this_run(cls) -> Cluster:
        missing = [v for v in ("SOJOURN_PG_BIN", "SOJOURN_PG_DATA") if not os.environ.get(v)]
        if missing:
            pytest.fail(f"{', '.join(missing)} unset: run the tests under scripts/with-postgres")
        owner = os.environ.get("SOJOURN_PG_OWNER") or getpass.getuser()
        return cls(Path(os.environ["SOJOURN_PG_BIN"]), Path(os.environ["SOJOURN_PG_DATA"]), owner)

    def tool(self, name: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """A client tool (pg_dump, pg_restore), connecting as the test's own user over TCP."""
        settings = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": str(settings["PASSWORD"] or "")}
        command = [str(self.bin / name), "-h", str(settings["HOST"]), "-p", str(settings["PORT"])]
        command += ["-U", str(settings["USER"]), *args]
        # The cluster's own tools, from the variables scripts/with-postgres sets.
        return subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, timeout=timeout
        )

    def pg_ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """pg_ctl on the cluster, as the account that owns it (PostgreSQL refuses root)."""
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        if self.owner != getpass.getuser():
            command = ["runuser", "-u", self.owner, "--", *command]
        # From a directory the owner may enter (not the caller's, which it may not).
        return subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=timeout, cwd=self.data.parent
        )


def url_of(database: str) -> str:
    """A database of the test's cluster as SOJOURN_DATABASE_URL names it."""
    settings = connection.settings_dict
    user, password = settings["USER"], settings["PASSWORD"] or ""
    where = f"{settings['HOST']}:{settings['PORT']}"
    return f"postgresql://{user}:{password}@{where}/{database}"
