"""The page fixtures the web face's tests define (a settable clock for the views, a headless
browser), shared here rather than copied."""

from sojourn.web.tests.conftest import browser, page

__all__ = ["browser", "page"]
