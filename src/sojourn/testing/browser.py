"""What every browser test shares.

`TIMEOUT_MS` is how long a browser test waits for a page, a navigation or an element before it
fails. Two test workers, a database and Chromium share two cores, and a CI machine can be slower
still: a page that takes seconds there is slow, not broken, while one that never comes still
fails, with Playwright's account of what it was waiting for.
"""

TIMEOUT_MS = 30_000
