"""The keys come from SOJOURN_ENCRYPTION_KEYS; a missing or malformed one is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sojourn.vault.checks import keys_from_environment
from sojourn.vault.keys import from_environment, new_key, parse

STRONG = "k" * 30 + "Q2w3E4r5T6y7U8i9O0pAsDfGhJkL"
KEY = "m2tfUOUMn8XnW4iPgTzqC1J8jxL9y7oJfVv6kAVd3sE="  # 32 bytes, for the ids of the cases below


def test_the_first_key_seals_and_every_key_opens():
    first, second = new_key(), new_key()
    ring = parse(f"k2:{first}, k1:{second}")
    assert ring.current == "k2"
    assert set(ring.keys) == {"k2", "k1"}


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("k1", "each entry is id:key"),
        ("K1:" + KEY, "each entry is id:key"),
        ("k1:c2hvcnQ=", "must be 32 random bytes"),
        ("k1:not base64!", "must be 32 random bytes"),
        (f"k1:{KEY},k1:{KEY}", "twice"),
        (" , ", "holds no key"),
    ],
)
def test_a_malformed_setting_names_the_variable(value, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint) as caught:
        parse(value)
    assert "SOJOURN_ENCRYPTION_KEYS" in str(caught.value)


def test_production_refuses_a_missing_key(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SOJOURN_ENCRYPTION_KEYS is required"):
        from_environment(production=True, key_file=tmp_path / "keys", environ={})
    assert not (tmp_path / "keys").exists()


def test_outside_production_a_development_key_is_generated_once_and_private(tmp_path):
    key_file = tmp_path / "var" / "encryption_keys"
    ring = from_environment(production=False, key_file=key_file, environ={})
    again = from_environment(production=False, key_file=key_file, environ={})
    assert ring.keys == again.keys
    assert not ring.from_environment
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_the_deploy_check_refuses_the_development_key(tmp_path, settings):
    settings.SOJOURN_ENCRYPTION_KEYS = from_environment(
        production=False, key_file=tmp_path / "keys", environ={}
    )
    assert [problem.id for problem in keys_from_environment()] == ["sojourn.E020"]
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"k1:{new_key()}")
    assert keys_from_environment() == []


def test_production_settings_refuse_to_start_without_the_keys(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
    environment = {
        **clean,
        "SOJOURN_VAR_DIR": str(tmp_path),
        "SOJOURN_ENV": "production",
        "SOJOURN_SECRET_KEY": STRONG,
        "SOJOURN_ALLOWED_HOSTS": "travel.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import sojourn.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SOJOURN_ENCRYPTION_KEYS is required when SOJOURN_ENV=production" in result.stderr
