"""The page fixtures the web face's tests define (a settable clock for the views, a headless
browser), shared here rather than copied."""

from sojourn.web.tests.conftest import browser, page, view_clock

__all__ = ["browser", "page", "view_clock"]
