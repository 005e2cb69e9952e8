"""The settings module as a whole: the local default works, production turns hardening on."""

from __future__ import annotations

import os
import subprocess
import sys

from sojourn.vault.keys import new_key

STRONG = "k" * 30 + "Q2w3E4r5T6y7U8i9O0pAsDfGhJkL"


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import json; from sojourn import settings as s; print(json.dumps({"
        "'prod': s.PRODUCTION, 'secure': getattr(s, 'SESSION_COOKIE_SECURE', False),"
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0),"
        "'ssl': getattr(s, 'SECURE_SSL_REDIRECT', False),"
        "'hosts': s.ALLOWED_HOSTS, 'engine': s.DATABASES['default']['ENGINE']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_local_default_is_sqlite_on_loopback(tmp_path):
    result = _settings(SOJOURN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert '"prod": false' in result.stdout
    assert "sqlite3" in result.stdout
    assert "127.0.0.1" in result.stdout
    assert (tmp_path / "secret_key").exists()


def test_production_turns_every_hardening_on(tmp_path):
    result = _settings(
        SOJOURN_VAR_DIR=str(tmp_path),
        SOJOURN_ENV="production",
        SOJOURN_SECRET_KEY=STRONG,
        SOJOURN_ALLOWED_HOSTS="travel.example.org",
        SOJOURN_ENCRYPTION_KEYS=f"k1:{new_key()}",
    )
    assert result.returncode == 0, result.stderr
    assert '"secure": true' in result.stdout
    assert '"hsts": 31536000' in result.stdout
    assert '"ssl": true' in result.stdout
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _settings(
        SOJOURN_VAR_DIR=str(tmp_path),
        SOJOURN_ENV="production",
        SOJOURN_ALLOWED_HOSTS="travel.example.org",
    )
    assert result.returncode != 0
    assert "SOJOURN_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _settings(
        SOJOURN_VAR_DIR=str(tmp_path), SOJOURN_ENV="production", SOJOURN_SECRET_KEY=STRONG
    )
    assert result.returncode != 0
    assert "SOJOURN_ALLOWED_HOSTS is required" in result.stderr


def test_a_bad_value_names_its_variable(tmp_path):
    result = _settings(SOJOURN_VAR_DIR=str(tmp_path), SOJOURN_EMAIL_PORT="smtp")
    assert result.returncode != 0
    assert "SOJOURN_EMAIL_PORT must be a whole number" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    import re
    from pathlib import Path

    import sojourn.settings

    source = Path(sojourn.settings.__file__).read_text()
    example = Path(sojourn.settings.__file__).parents[2] / ".env.example"
    read = set(re.findall(r'"(SOJOURN_[A-Z_]+)"', source))
    listed = set(re.findall(r"(SOJOURN_[A-Z_]+)=", example.read_text()))
    assert read
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
