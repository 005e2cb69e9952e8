"""The environment helpers fail loudly, naming the variable, on every bad value."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sojourn.conf import env


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False), ("", False)],
)
def test_get_bool_reads_the_usual_spellings(raw, expected):
    assert env.get_bool("X", not expected, environ={"X": raw}) is expected


def test_get_bool_defaults_when_unset():
    assert env.get_bool("X", True, environ={}) is True


def test_get_bool_names_the_variable_on_nonsense():
    with pytest.raises(ImproperlyConfigured, match=r"SOJOURN_DEBUG must be a boolean.*'maybe'"):
        env.get_bool("SOJOURN_DEBUG", False, environ={"SOJOURN_DEBUG": "maybe"})


def test_get_int_checks_type_and_bounds():
    assert env.get_int("P", 25, environ={"P": " 587 "}) == 587
    assert env.get_int("P", 25, environ={}) == 25
    with pytest.raises(ImproperlyConfigured, match="P must be a whole number"):
        env.get_int("P", 25, environ={"P": "5x"})
    with pytest.raises(ImproperlyConfigured, match="P must be at most 65535, got 70000"):
        env.get_int("P", 25, maximum=65535, environ={"P": "70000"})
    with pytest.raises(ImproperlyConfigured, match="P must be at least 1"):
        env.get_int("P", 25, minimum=1, environ={"P": "0"})


def test_get_list_splits_on_commas_and_drops_blanks():
    assert env.get_list("H", ["a"], environ={"H": "x.org, y.org,,"}) == ["x.org", "y.org"]
    assert env.get_list("H", ["a"], environ={}) == ["a"]


def test_get_choice_lists_what_is_allowed():
    assert env.get_choice("E", "local", ("local", "production"), environ={}) == "local"
    with pytest.raises(
        ImproperlyConfigured, match="E must be one of local, production; got 'prod'"
    ):
        env.get_choice("E", "local", ("local", "production"), environ={"E": "prod"})


def test_get_time_zone_accepts_iana_names_only():
    assert env.get_time_zone("TZ", "UTC", environ={"TZ": "Asia/Shanghai"}) == "Asia/Shanghai"
    with pytest.raises(ImproperlyConfigured, match="TZ must be an IANA time zone"):
        env.get_time_zone("TZ", "UTC", environ={"TZ": "Mars/Olympus"})


def test_get_database_defaults_to_sqlite_in_var(tmp_path: Path):
    config = env.get_database("DB", tmp_path / "s.sqlite3", environ={})
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "s.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # type: ignore[index]


def test_get_database_reads_a_postgresql_url(tmp_path: Path):
    config = env.get_database(
        "DB", tmp_path / "x", environ={"DB": "postgresql://u:p@127.0.0.1:5433/sojourn"}
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("127.0.0.1", 5433, "sojourn")


def test_a_postgresql_connection_gives_up_connecting_after_5_seconds(tmp_path: Path):
    """A database host gone silent fails a readiness probe within its interval."""
    url = "postgresql://u:p@127.0.0.1:5433/sojourn"
    config = env.get_database("DB", tmp_path / "x", environ={"DB": url})
    assert config["OPTIONS"]["connect_timeout"] == 5  # type: ignore[index]
    told = env.get_database("DB", tmp_path / "x", environ={"DB": url + "?connect_timeout=2"})
    assert told["OPTIONS"]["connect_timeout"] in (2, "2")  # type: ignore[index]


@pytest.mark.parametrize("url", ["", "postgresql://u:p@127.0.0.1:5433/sojourn"])
def test_a_process_keeps_its_database_connection_between_requests(tmp_path: Path, url: str):
    # dj_database_url answers CONN_MAX_AGE 0 (a new connection per request) unless told.
    config = env.get_database("DB", tmp_path / "s.sqlite3", environ={"DB": url})
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_get_database_refuses_other_schemes(tmp_path: Path):
    with pytest.raises(
        ImproperlyConfigured, match="DB must start with sqlite:/// or postgresql://"
    ):
        env.get_database("DB", tmp_path / "x", environ={"DB": "mysql://u@h/db"})


def test_the_local_secret_key_is_generated_once_and_kept(tmp_path: Path):
    key_file = tmp_path / "var" / "secret_key"

    first = env.get_secret_key("K", production=False, key_file=key_file, environ={})
    second = env.get_secret_key("K", production=False, key_file=key_file, environ={})

    assert first == second
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_production_requires_a_secret_key(tmp_path: Path):
    with pytest.raises(ImproperlyConfigured, match="K is required when SOJOURN_ENV=production"):
        env.get_secret_key("K", production=True, key_file=tmp_path / "k", environ={})
    assert not (tmp_path / "k").exists()


def test_production_refuses_a_weak_secret_key(tmp_path: Path):
    with pytest.raises(ImproperlyConfigured, match="K is too weak for production"):
        env.get_secret_key("K", production=True, key_file=tmp_path / "k", environ={"K": "secret"})
    strong = "Zq8-" * 5 + "mN3vR7tY1uI5oP9aS2dF6gH0jK4lX8cB"
    assert (
        env.get_secret_key("K", production=True, key_file=tmp_path / "k", environ={"K": strong})
        == strong
    )
