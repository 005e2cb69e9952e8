"""The translation catalogue is compiled from its .po, and only when the .po changed."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

from sojourn.conf.messages import LOCALE, compile_stale, stale_catalogues


def _copy_of_the_catalogue(tmp_path: Path) -> Path:
    locale = tmp_path / "locale"
    target = locale / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po", target / "django.po")
    return locale


def test_a_missing_mo_is_compiled_and_translates(tmp_path):
    locale = _copy_of_the_catalogue(tmp_path)

    written = compile_stale(locale)

    mo = locale / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    assert written == [mo]
    with mo.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)
    assert catalogue.gettext("Some fields cannot be accepted.") == "部分字段无法接受。"


def test_an_up_to_date_mo_is_left_alone_and_a_newer_po_recompiles_it(tmp_path):
    locale = _copy_of_the_catalogue(tmp_path)
    compile_stale(locale)
    po = locale / "zh_Hans" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert stale_catalogues(locale) == []
    assert compile_stale(locale) == []

    later = mo.stat().st_mtime + 10
    os.utime(po, (later, later))

    assert stale_catalogues(locale) == [po]
    assert compile_stale(locale) == [mo]
