"""Every page of every role is valid HTML: the W3C Nu validator (vnu-jar, pinned in
package.json and installed by scripts/ensure-node-tools) finds no error in any page of the
sweep (the demo world, every role).

The pages are saved to files and one Java process checks them all. Without Java or the
validator the test skips with a banner saying what is missing; with CI=true it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings

from sojourn.web.tests import sweep as swept
from sojourn.web.tests.sweep import PEOPLE_AND_ANONYMOUS, Page, Sweep

pytestmark = pytest.mark.presentation
sweep = swept.sweep  # the demo world of the sweep, built once for this module
VNU = settings.PACKAGE_DIR.parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SHOWN_PER_MESSAGE = 3


def _validator_or_skip() -> list[str]:
    java = shutil.which("java")
    problem = ""
    if java is None:
        problem = "java is not installed (the Nu validator runs on Java 17)"
    elif not VNU.is_file():
        problem = f"no Nu validator at {VNU} (install it with scripts/ensure-node-tools)"
    if not problem:
        return [str(java), "-jar", str(VNU)]
    if os.environ.get("CI") == "true":
        pytest.fail(f"THE HTML CHECK CANNOT RUN: {problem}; CI=true does not allow skipping it")
    pytest.skip(f"HTML CHECK SKIPPED: {problem}")


def _file_name(number: int, page: Page) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", page.url.lower()).strip("-") or "home"
    return f"{number:03d}-{page.username}-{slug}.html"


def _save_pages(sweep: Sweep, folder: Path) -> dict[str, Page]:
    """Every page of the sweep and every error page, as its person gets it, in a file of its
    own."""
    saved: dict[str, Page] = {}
    for username in PEOPLE_AND_ANONYMOUS:
        client = sweep.client(username)
        for page in [*sweep.pages_of(username), *sweep.error_pages_of(username)]:
            response = client.get(page.url)
            assert response.status_code == page.status, f"{page}: {response.status_code}"
            path = folder / _file_name(len(saved), page)
            path.write_bytes(response.content)
            saved[str(path)] = page
    return saved


def _validate(command: list[str], files: list[str]) -> list[dict[str, Any]]:
    run = subprocess.run(
        [*command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(run.stderr or run.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu validator answered no report (exit {run.returncode}): {run.stderr}")
    return messages


def _path_of(url: str) -> str:
    """The file a message of the validator is about (it names it `file:/...`)."""
    return unquote(urlsplit(url).path)


def _report(messages: list[dict[str, Any]], pages: dict[str, Page]) -> str:
    """The errors grouped by message, most frequent first, with a few pages and extracts each."""
    by_message: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for message in messages:
        by_message[message.get("message", "?")].append(message)
    lines = [f"{len(messages)} HTML error(s) in {len({m.get('url') for m in messages})} page(s):"]
    for text, found in sorted(by_message.items(), key=lambda item: -len(item[1])):
        lines.append(f"\n{len(found)} x {text}")
        for message in found[:SHOWN_PER_MESSAGE]:
            page = pages.get(_path_of(message.get("url", "")), message.get("url"))
            extract = message.get("extract", "").strip().replace("\n", " ")
            lines.append(f"    {page} line {message.get('lastLine')}: {extract}")
    return "\n".join(lines)


def test_every_page_of_every_role_is_valid_html(sweep: Sweep, db: None, tmp_path: Path) -> None:
    """GIVEN the demo world WHEN each person (and a signed-out visitor) opens each of their
    pages (and the 403 and 404 pages they meet) THEN the Nu validator finds no error in any of
    them."""
    command = _validator_or_skip()
    pages = _save_pages(sweep, tmp_path)
    assert pages, "the sweep has no page"
    messages = _validate(command, list(pages))
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    assert not errors, _report(errors, pages)


BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+=")


def test_no_template_writes_a_bare_htmx_attribute() -> None:
    """htmx reads `data-hx-*` as well as `hx-*`, and only the first is valid HTML: every
    template (the fragments htmx swaps in too, which the sweep does not open) writes that."""
    templates = sorted((settings.PACKAGE_DIR / "templates").rglob("*.html"))
    assert templates, "no template found"
    bare = [
        f"{path.relative_to(settings.PACKAGE_DIR)}:{number}: {line.strip()}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BARE_HTMX.search(line)
    ]
    assert not bare, "write data-hx-… instead:\n" + "\n".join(bare)
