"""Statements compiled once: the ORM's SQL for a query the API runs on every request, kept.

Building a queryset and compiling it to SQL costs the ORM more than running the SQL on the
API's busiest reads (the token check, a page of trips): about a millisecond against a few
tenths. A `StatementCache` compiles a `.values()` queryset the first time a key is asked for
and keeps its SQL; later calls with the same key run that SQL with their own values and convert
the columns exactly as the ORM would (the same converters, taken from the same compile).

The values that change from call to call (a cursor's keys, a token's digest) are passed to the
`build` function, which makes the queryset from them. Where each one lands among the SQL's
parameters is found by compiling again with that one value changed: the parameters that change
are its slots. A query is kept only when that proves exact: the SQL text stays the same, every
slot holds the value as it was given (not a form the database adapter made of it), and the
rebuilt parameters equal the ORM's own. Otherwise the key is marked as not kept and every call
simply runs the ORM. Everything else the query depends on (the caller, the filters, the page
size) must be in the key: the cache never looks inside a query to tell two apart.
"""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

Build = Callable[[Sequence[Any]], QuerySet[Any, Any]]
Converters = dict[int, tuple[list[Any], Any]]


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]
    """(position among the parameters, index of the value that fills it)"""
    names: tuple[str, ...]
    width: int
    converters: Converters

    def parameters(self, values: Sequence[Any]) -> list[Any]:
        params = list(self.params)
        for position, index in self.slots:
            params[position] = values[index]
        return params

    def run(self, alias: str, values: Sequence[Any]) -> list[dict[str, Any]]:
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.parameters(values))
            fetched = cursor.fetchall()
        names, width = self.names, self.width
        rows: list[dict[str, Any]] = []
        for found in fetched:
            row = list(found[:width])
            for position, (functions, expression) in self.converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            rows.append(dict(zip(names, row, strict=True)))
        return rows


def _other(value: Any) -> Any:
    """A value of the same type that differs from `value`; None for a type not handled."""
    kind = type(value)
    if kind is int:
        return value + 1
    if kind is str:
        return value + "~"
    if kind is datetime.datetime:
        return value + datetime.timedelta(microseconds=1)
    if kind is datetime.date:
        return value + datetime.timedelta(days=1)
    return None


def _compiled(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...], Any]:
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    return sql, tuple(params), compiler


def compile_statement(build: Build, values: Sequence[Any]) -> Statement | None:
    """The statement `build(values)` compiles to, with the slots of `values`; None when that
    cannot be proven exact (see the module's description), or when the query selects nothing
    (`.none()`: the ORM answers it without asking the database)."""
    try:
        return _statement(build, values)
    except EmptyResultSet:
        return None


def _statement(build: Build, values: Sequence[Any]) -> Statement | None:
    queryset = build(values)
    if queryset.db != DEFAULT_DB_ALIAS or not issubclass(queryset._iterable_class, ValuesIterable):
        return None
    sql, params, compiler = _compiled(queryset)
    slots: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        other = _other(value)
        if other is None:
            return None
        changed = [*values[:index], other, *values[index + 1 :]]
        other_sql, other_params, _compiler = _compiled(build(changed))
        if other_sql != sql or len(other_params) != len(params):
            return None
        moved = [i for i, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b]
        if not moved or any(params[i] != value or other_params[i] != other for i in moved):
            return None
        slots += [(position, index) for position in moved]
    query = queryset.query
    if query.selected:
        names = tuple(query.selected)
    else:
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    statement = Statement(
        sql=sql,
        params=params,
        slots=tuple(slots),
        names=names,
        width=compiler.col_count,
        converters=compiler.get_converters(fields),
    )
    if tuple(statement.parameters(values)) != params or len(names) != statement.width:
        return None
    return statement


Key = tuple[Hashable, tuple[type[Any], ...]]


class StatementCache:
    """At most `size` statements by key, the least recently used forgotten first; shared by
    the threads of a process (a lock guards the order). A key whose query cannot be kept is
    remembered as None, so it is not compiled again on every call."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._kept: OrderedDict[Key, Statement | None] = OrderedDict()
        self._lock = threading.Lock()

    def rows(self, key: Hashable, build: Build, values: Sequence[Any]) -> list[Any]:
        """`list(build(values))`, from the statement kept for `key` when there is one. `build`
        must make its queryset on the default database (the one kept statements run on)."""
        whole = (key, tuple(type(value) for value in values))
        with self._lock:
            known = whole in self._kept
            if known:
                statement = self._kept[whole]
                self._kept.move_to_end(whole)
        if not known:
            statement = compile_statement(build, values)
            with self._lock:
                self._kept[whole] = statement
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        if statement is None:
            return list(build(values))
        return statement.run(DEFAULT_DB_ALIAS, values)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
