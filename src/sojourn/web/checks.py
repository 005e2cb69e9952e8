"""A system check: every translation catalogue is compiled and current.

The `.mo` files are built from the `.po` sources, not shipped in git; a deployment that skipped
`python -m sojourn.conf.messages` would serve every page in English without a word of complaint.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning

from sojourn.conf.messages import stale_catalogues


def catalogues_compiled(**kwargs: Any) -> list[CheckMessage]:
    return [
        Warning(
            f"The translation catalogue {po} is not compiled or is older than its source.",
            hint="Run `python -m sojourn.conf.messages` (make messages) once per release.",
            id="sojourn.W001",
        )
        for po in stale_catalogues()
    ]
