"""The base of every scoped queryset: `visible_to(user)` for lists, `get_for(user, ...)` for one.

Most models are owned by one person and belong to one organisation; they name the two lookups
(`owner_lookup`, `organisation_lookup`) and inherit the common rule: travellers see their own,
officers their organisation's, oversight and auditors everything, anyone else nothing. Models
with another rule override `visible_to`.

A single object the user may not see is a 404, exactly like one that does not exist, so a
response never confirms that something is there.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Self, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M], Generic[M]):
    owner_lookup: ClassVar[str] = ""
    organisation_lookup: ClassVar[str] = ""

    def visible_to(self, user: Any) -> Self:
        # Imported here: the access module reads people.models, which builds on this module.
        from sojourn.people.access import scope_q

        if not (self.owner_lookup and self.organisation_lookup):
            return self.none()  # a model that names no owner is visible to nobody by default
        q = scope_q(user, owner=self.owner_lookup, organisation=self.organisation_lookup)
        return self.none() if q is None else self.filter(q)

    def get_for(self, user: Any, **lookup: Any) -> M:
        found = self.visible_to(user).filter(**lookup).first()
        if found is None:
            raise Http404(f"No {self.model._meta.verbose_name} matches.")
        return found
