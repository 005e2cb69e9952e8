"""The base of every scoped queryset: `visible_to(user)` for lists, `get_for(user, ...)` for one.

A single object the user may not see is a 404, exactly like one that does not exist, so a
response never confirms that something is there.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M], Generic[M]):
    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        raise NotImplementedError  # each model says who sees its rows

    def get_for(self, user: Any, **lookup: Any) -> M:
        found = self.visible_to(user).filter(**lookup).first()
        if found is None:
            raise Http404(f"No {self.model._meta.verbose_name} matches.")
        return found
