"""A password may not be built from the person's own name.

Django's UserAttributeSimilarityValidator compares the whole password with the name, so
`banker-banker` (the name twice) is only 63 % like `banker` and passes its 70 % bar. This one
also takes every name, address and email part out of the password and asks that what is left
be a password of its own: at least `min_rest` characters.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SEPARATORS = re.compile(r"[\W_]+")
SHORTEST_PART = 3


class NameSimilarityValidator(UserAttributeSimilarityValidator):
    def __init__(self, *args: Any, min_rest: int = 6, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.min_rest = min_rest

    def validate(self, password: str, user: Any = None) -> None:
        super().validate(password, user)
        if user is None:
            return
        rest = password.lower()
        for part in sorted(self._parts(user), key=len, reverse=True):
            rest = rest.replace(part, "")
        if len(SEPARATORS.sub("", rest)) < self.min_rest:
            raise ValidationError(
                _("The password is mostly your own name or email: add words of your own."),
                code="password_too_similar",
            )

    def _parts(self, user: Any) -> set[str]:
        parts: set[str] = set()
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if not isinstance(value, str) or not value:
                continue
            words = [value.lower(), *SEPARATORS.split(value.lower())]
            parts.update(word for word in words if len(word) >= SHORTEST_PART)
        return parts

    def get_help_text(self) -> str:
        return _("Your password can’t be your name or email, or be made mostly of them.")
