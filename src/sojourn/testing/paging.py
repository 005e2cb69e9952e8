"""Reading the API's lists as a client does: one page's ids, and every page through `next`."""

from __future__ import annotations

from typing import Any


def ids(answer: Any) -> list[int]:
    """The ids of one page of a list answer."""
    assert answer.status == 200, answer.raw[:500]
    return [item["id"] for item in answer.json["items"]]


def walk(api: Any, path: str) -> list[list[int]]:
    """The ids of every page of a list, passing each page's `next` back as `cursor`."""
    pages = []
    answer = api.get(path)
    while True:
        pages.append(ids(answer))
        cursor = answer.json["next"]
        if cursor is None:
            return pages
        answer = api.get(f"{path}{'&' if '?' in path else '?'}cursor={cursor}")
