"""`sojourn check` warns when a translation catalogue is missing or older than its .po."""

from __future__ import annotations

import os

from sojourn.conf.messages import LOCALE, compile_stale
from sojourn.web.checks import catalogues_compiled

MO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"


def test_a_compiled_catalogue_raises_no_warning():
    compile_stale()

    assert catalogues_compiled() == []


def test_a_catalogue_older_than_its_source_is_named(monkeypatch):
    compile_stale()
    real = os.stat
    older = MO.stat().st_mtime - 3600

    def stat(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        if str(path) == str(MO):
            return os.stat_result((*result[:7], older, older, result[9]))
        return result

    monkeypatch.setattr(os, "stat", stat)

    [warning] = catalogues_compiled()
    assert warning.id == "sojourn.W001"
    assert "django.po" in warning.msg
