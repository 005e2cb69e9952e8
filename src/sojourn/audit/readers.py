"""Who may read the audit trail.

The audit trail sits below `people`: it knows a user only by id and label, so it cannot ask for
a role itself. The rule is registered by `people` at start-up (`PeopleConfig.ready`); until one
is registered nobody reads the trail (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Rule = Callable[[Any], bool]


def _nobody(_user: Any) -> bool:
    return False


_rule: Rule = _nobody


def register(rule: Rule) -> None:
    """Set the rule that says whether a user reads the whole trail (one rule per deployment)."""
    global _rule
    _rule = rule


def may_read(user: Any) -> bool:
    return _rule(user)
