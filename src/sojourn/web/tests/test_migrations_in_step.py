"""Every model change has its migration: a renamed field without one would pass every test
that builds its tables from the models and break the first real upgrade."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as stopped:
        pytest.fail(f"makemigrations would write (exit {stopped.code}):\n{out.getvalue()}")
