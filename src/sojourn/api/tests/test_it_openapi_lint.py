"""Spectral, an outside linter, finds nothing to say about the API's OpenAPI description.

The ruleset is the repository's `.spectral.yaml`: Spectral's own `spectral:oas` (tags declared
and described, `servers` present, every operation with a description, no unused schema, ...),
every parameter described, and Sojourn's conventions (operation ids `verb_thing`, every answer
described). Any result fails, down to a hint.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from sojourn.api.tests.outside_tools import ROOT, RULESET, served_description, spectral


@pytest.mark.django_db
def test_spectral_finds_nothing_in_the_description(tmp_path):
    linter = spectral()
    path, _document = served_description(tmp_path)
    run = subprocess.run(
        [
            str(linter),
            "lint",
            str(path),
            f"--ruleset={RULESET}",
            "--format=json",
            "--fail-severity=hint",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    # The JSON array of results, then (when it is empty) a sentence saying so.
    start = run.stdout.find("[")
    assert start >= 0, run.stdout + run.stderr
    results, _end = json.JSONDecoder().raw_decode(run.stdout, start)
    found = [f"{r['code']} at {'.'.join(map(str, r['path']))}: {r['message']}" for r in results]
    assert not found, "Spectral:\n" + "\n".join(found)
    assert run.returncode == 0, run.stdout + run.stderr
