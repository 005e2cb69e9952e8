"""The outside tools the API's description is checked with, found or skipped loudly.

Spectral comes from npm (package.json, installed by scripts/ensure-node-tools); the client
generator from PyPI (the dev extras). Where one is missing a test skips with a banner, and fails
under CI=true, where `make test` installs them (as the browser tests do for Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[4]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / ".spectral.yaml"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def missing(tool: str, how: str) -> None:
    """Skips the calling test with a banner, or fails it under CI."""
    problem = f"{tool} is missing ({how})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"THE OPENAPI CHECK CANNOT RUN: {problem}; CI=true does not allow skipping")
    pytest.skip(f"OPENAPI CHECK SKIPPED: {problem}")


def spectral() -> Path:
    if shutil.which("node") is None:
        missing("Node.js", "install nodejs and npm, then run scripts/ensure-node-tools")
    if not SPECTRAL.exists():
        missing("Spectral", "run scripts/ensure-node-tools")
    return SPECTRAL


def generator() -> Path:
    if not GENERATOR.exists():
        missing("openapi-python-client", "pip install -e '.[dev]'")
    return GENERATOR


def served_description(folder: Path) -> tuple[Path, dict[str, Any]]:
    """The description exactly as `/api/v1/openapi.json` serves it, written to `folder`."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    path = folder / "openapi.json"
    path.write_bytes(response.content)
    return path, json.loads(response.content)
