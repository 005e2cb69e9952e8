"""Secrets in addresses never reach a log: the token of a one-tap check-in link, the secret of a
calendar feed, a token or key in a query string.

Such an address is a credential: whoever reads it in a log (the access log, the "Gone:
/checkin/…" line Django writes for a used link, a Referer sent by the page the link opened) may
use it. `mask` replaces the secret part with `[masked]`; `MaskSecrets` applies it to every
record the app logs (settings.LOGGING), `AccessLogger` to every line of gunicorn's access log
(`sojourn serve`, and `gunicorn --logger-class sojourn.security.logmask.AccessLogger`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

MASK = "[masked]"
# A path segment that is a secret: the one after these prefixes (see sojourn/urls.py).
_SECRET_SEGMENT = re.compile(r"(/(?:checkin|feeds)/)(?!\[masked\])[^/?#\s\"']+")
# A query parameter whose value is a secret, whatever the path.
_SECRET_PARAMETER = re.compile(
    r"([?&;](?:token|secret|key|code|password|signature|sig)=)[^&#\s\"']*", re.IGNORECASE
)
# Request headers that are credentials through and through.
_SECRET_HEADERS = {"{authorization}i", "{cookie}i", "{x-api-key}i"}


def mask(text: str) -> str:
    """`text` with every secret of an address in it replaced by `[masked]`."""
    return _SECRET_PARAMETER.sub(rf"\1{MASK}", _SECRET_SEGMENT.sub(rf"\1{MASK}", text))


class MaskSecrets(logging.Filter):
    """A logging filter: the record's message, arguments merged in, masked (it never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class AccessLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger with the request line, path, query and Referer of each access masked."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if name in _SECRET_HEADERS:
                atoms[name] = MASK
            elif isinstance(value, str):
                atoms[name] = mask(value)
        return atoms
