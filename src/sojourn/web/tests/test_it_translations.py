"""Every user-facing string has its Simplified Chinese translation, and the compiled catalogue
matches the source catalogue."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sojourn

PACKAGE = Path(sojourn.__file__).parent
PO = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(po: Path) -> list[tuple[str, str, bool, str]]:
    """(msgid, msgstr, fuzzy, msgctxt) for every entry but the header."""
    entries = []
    for block in po.read_text().split("\n\n"):
        parts: dict[str, str] = {
            "msgctxt": "",
            "msgid": "",
            "msgid_plural": "",
            "msgstr": "",
            "msgstr[0]": "",
        }
        current = None
        for line in block.splitlines():
            keyword = line.split(" ", 1)[0]
            if keyword in parts or keyword.startswith("msgstr["):
                current = keyword if keyword in parts else None
                line = line[len(keyword) + 1 :]
            if current and line.startswith('"'):
                parts[current] += line[1:-1]
        # A plural entry is checked by its first form.
        parts["msgstr"] = parts["msgstr"] or parts["msgstr[0]"]
        if parts["msgid"]:
            entries.append((parts["msgid"], parts["msgstr"], "#, fuzzy" in block, parts["msgctxt"]))
    return entries


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = _entries(PO)
    assert len(entries) > 100
    assert [m for m, s, _f, _c in entries if not s] == []
    assert [m for m, _s, f, _c in entries if f] == []


def test_the_compiled_catalogue_matches_the_source():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, msgstr, _fuzzy, context in _entries(PO):
        original = msgid.encode().decode("unicode_escape").encode("latin-1").decode()
        expected = msgstr.encode().decode("unicode_escape").encode("latin-1").decode()
        if context:  # the same English in another sense: looked up with its context
            singular = catalogue.pgettext(context, original)
            plural = catalogue.npgettext(context, original, original, 1)
        else:
            singular = catalogue.gettext(original)
            plural = catalogue.ngettext(original, original, 1)
        assert expected in (singular, plural), msgid


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the package and compare with the catalogue."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (GNU gettext) is missing: make test installs it")
        pytest.skip("XGETTEXT IS MISSING: CANNOT CHECK FOR UNTRANSLATED STRINGS")
    copy = tmp_path / "sojourn"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "sojourn", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {m for m, _s, _f, _c in _entries(copy / "locale/zh_Hans/LC_MESSAGES/django.po")}
    committed = {m for m, _s, _f, _c in _entries(PO)}
    assert sorted(fresh - committed) == [], "run makemessages in src/sojourn and translate"
