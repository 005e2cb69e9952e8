"""Where a job's time goes in the database: every statement it executes, by kind and table.

A `connection.execute_wrapper` counts the statements and the time spent inside `execute()`.
That time is the server's work plus the round trip for most statements; it leaves out the rows
a server-side cursor (`.iterator()` on PostgreSQL) fetches after the first batch, and commits
(psycopg and sqlite3 commit outside `execute()`). The cost of the wrapper itself is a dict
lookup and two clock reads per statement.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Execute = Callable[[str, Any, bool, dict[str, Any]], Any]

_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)


@dataclass
class Statement:
    count: int = 0
    seconds: float = 0.0


@dataclass
class Probe:
    statements: dict[str, Statement] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)

    def __call__(
        self, execute: Execute, sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        kind = self._kinds.get(sql)
        if kind is None:
            kind = self._kinds[sql] = statement_kind(sql)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen = self.statements.get(kind)
            if seen is None:
                seen = self.statements[kind] = Statement()
            seen.count += 1
            seen.seconds += time.perf_counter() - started

    @property
    def queries(self) -> int:
        return sum(statement.count for statement in self.statements.values())

    @property
    def seconds(self) -> float:
        return sum(statement.seconds for statement in self.statements.values())

    def top(self, limit: int = 8) -> list[tuple[str, Statement]]:
        return sorted(self.statements.items(), key=lambda item: -item[1].seconds)[:limit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "queries": self.queries,
            "execute_s": round(self.seconds, 4),
            "statements": {
                kind: {"count": seen.count, "execute_s": round(seen.seconds, 4)}
                for kind, seen in self.top(limit=len(self.statements))
            },
        }


def statement_kind(sql: str) -> str:
    """ "SELECT trips_trip", "INSERT care_escalation", "SAVEPOINT": the verb and the first table."""
    words = sql.split(None, 1)
    verb = words[0].upper() if words else "?"
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"):
        return "ROLLBACK TO SAVEPOINT" if sql.upper().startswith("ROLLBACK TO") else verb
    table = _TABLE.search(sql)
    locking = " FOR UPDATE" if sql.rstrip().upper().endswith("FOR UPDATE") else ""
    return f"{verb} {table.group(1) if table else '?'}{locking}"


def summary(probe: Probe, units: int, *, limit: int = 6) -> str:
    per_unit = f" ({probe.queries / units:.1f} per unit)" if units else ""
    parts = [
        f"{kind} {seen.count:,} / {seen.seconds:.2f} s" for kind, seen in probe.top(limit=limit)
    ]
    return (
        f"{probe.queries:,} statements{per_unit}, {probe.seconds:.2f} s inside execute(): "
        + "; ".join(parts)
    )
