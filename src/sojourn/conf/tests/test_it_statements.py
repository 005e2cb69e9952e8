"""Statements compiled once (`sojourn.conf.statements`): a kept statement answers exactly what
the ORM answers, for every value it is run with; a query whose values do not land as plain
parameters is not kept, and is answered by the ORM every time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from sojourn.conf.statements import StatementCache, compile_statement
from sojourn.people.models import Person


def people(values: Sequence[Any]) -> QuerySet[Any, Any]:
    """Dates, a JSON column, a boolean and a relation: every column converted as the ORM does."""
    return (
        Person.objects.filter(Q(user__username__gte=values[0]) | Q(user__pk=values[1]))
        .order_by("user__username")
        .values("pk", "role", "sectors", "user__username", "user__is_active", "user__date_joined")
    )


@pytest.mark.parametrize("start", ["a", "officer", "traveller", "zz"])
def test_a_kept_statement_answers_what_the_orm_answers(cast, start):
    cache = StatementCache()
    cache.rows("people", people, ["a", cast.officer.pk])  # kept on the first call

    rows = cache.rows("people", people, [start, cast.auditor.pk])

    assert rows == list(people([start, cast.auditor.pk]))
    (kept,) = cache._kept.values()
    assert kept is not None


def test_each_value_fills_every_place_it_lands(cast):
    twice = compile_statement(
        lambda values: User.objects.filter(Q(pk__gte=values[0]) | Q(pk=values[0])).values("pk"),
        [cast.officer.pk],
    )

    assert twice is not None
    assert [index for _, index in twice.slots] == [0, 0]


def test_a_value_written_into_the_sql_is_not_kept_and_the_orm_answers(cast):
    def first(values: Sequence[Any]) -> QuerySet[Any, Any]:
        return User.objects.order_by("pk").values("pk")[: values[0]]  # LIMIT n, not a parameter

    cache = StatementCache()

    assert cache.rows("first", first, [2]) == list(first([2]))
    assert cache.rows("first", first, [3]) == list(first([3]))
    assert list(cache._kept.values()) == [None]
    assert len(cache.rows("first", first, [3])) == 3


def test_model_objects_and_empty_querysets_are_answered_by_the_orm(cast):
    cache = StatementCache()

    objects = cache.rows(
        "objects", lambda values: User.objects.filter(pk=values[0]), [cast.officer.pk]
    )
    nothing = cache.rows("none", lambda values: User.objects.none().values("pk"), [])

    assert objects == [cast.officer]
    assert nothing == []
    assert list(cache._kept.values()) == [None, None]


def test_the_least_recently_used_statement_is_forgotten_first(cast):
    cache = StatementCache(size=2)
    for key in ("a", "b", "a", "c"):
        cache.rows(key, people, ["a", 1])

    assert [whole[0] for whole in cache._kept] == ["a", "c"]
