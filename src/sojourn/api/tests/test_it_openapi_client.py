"""A client generated from the description by an outside generator reads like the API.

openapi-python-client (PyPI, a dev extra) writes a Python client from `/api/v1/openapi.json`
in a few seconds; the test generates it afresh, then reads its names and uses it: each
operation is a module named by its operation id (`api/trips/list_trips.py`), every enum member
is named after its value (`ListTripsOrder.DEPARTURE_DESC`, never `VALUE_2`), and a list is
walked to its end by passing each page's `next` back as `cursor`.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from sojourn.api.api import api
from sojourn.api.tests.outside_tools import generator
from sojourn.conftest import NOW
from sojourn.security import tokens
from sojourn.testing import builders

PACKAGE = "sojourn_generated_client"
TRIPS = 5


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    """The generated package's folder, the description it came from, and what it printed.

    Generated once for the module: the description is the document the API serves."""
    program = generator()
    folder = tmp_path_factory.mktemp("client")
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    description = folder / "openapi.json"
    description.write_text(json.dumps(document))
    config = folder / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run over the output: not needed here
    run = subprocess.run(
        [
            str(program),
            "generate",
            f"--path={description}",
            f"--output-path={folder / PACKAGE}",
            "--meta=none",
            f"--config={config}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return folder / PACKAGE, json.loads(description.read_text()), run.stdout + run.stderr


def _enums(folder: Path) -> dict[str, list[str]]:
    """Every enum class the generator wrote, with its members' names."""
    found: dict[str, list[str]] = {}
    for module in (folder / "models").glob("*.py"):
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id.endswith("Enum") for base in node.bases
            ):
                found[node.name] = [
                    target.id
                    for statement in node.body
                    if isinstance(statement, ast.Assign)
                    for target in statement.targets
                    if isinstance(target, ast.Name)
                ]
    return found


def test_the_generator_has_no_warning(generated):
    _folder, _document, printed = generated
    assert "warning" not in printed.lower(), printed


def test_each_operation_is_a_module_named_by_its_operation_id(generated):
    folder, document, _printed = generated
    operation_ids = {
        operation["operationId"]
        for operations in document["paths"].values()
        for operation in operations.values()
    }
    modules = {path.stem for path in (folder / "api").glob("*/*.py")} - {"__init__"}
    assert modules == operation_ids
    assert {"list_trips", "get_trip", "create_trip", "submit_trip", "decide_trip"} <= modules
    assert (folder / "api" / "trips" / "list_trips.py").exists()
    assert not [name for name in modules if name.startswith("sojourn")]


def test_every_enum_member_is_named_after_its_value(generated):
    folder, _document, _printed = generated
    enums = _enums(folder)
    assert enums["ListTripsOrder"] == ["DEPARTURE", "DEPARTURE_DESC", "NEWEST", "RISK"]
    numbered = {
        name: members
        for name, members in enums.items()
        if any(re.fullmatch(r"VALUE_\d+", member) for member in members)
    }
    assert not numbered


def test_model_names_are_the_schemas_names(generated):
    """No model is named after a Python module, or numbered by the generator (`…_type_0`)."""
    folder, _document, _printed = generated
    modules = {path.stem for path in (folder / "models").glob("*.py")}
    assert not [name for name in modules if name.startswith("sojourn")]
    assert not [name for name in modules if re.search(r"_type_\d+$", name)]


@pytest.fixture
def _in_process() -> Iterator[None]:
    """The app answers in this thread, inside the test's transaction (as in the fuzz test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_in_process")
def test_the_client_walks_a_list_by_passing_next_back_as_cursor(
    generated, cast, api_clock, monkeypatch
):
    import httpx  # the generated client's own dependency, installed with the generator

    folder, _document, _printed = generated
    monkeypatch.syspath_prepend(str(folder.parent))
    client_module = importlib.import_module(f"{PACKAGE}.client")
    list_trips = importlib.import_module(f"{PACKAGE}.api.trips.list_trips")
    order = importlib.import_module(f"{PACKAGE}.models.list_trips_order").ListTripsOrder
    made = [
        builders.submitted(cast.traveller, NOW, builders.Itinerary(title=f"Trip {i}", days=4))
        for i in range(TRIPS)
    ]
    token = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="client", scope="read", now=NOW
    )
    client = client_module.AuthenticatedClient(
        base_url="http://testserver",
        token=token.secret,
        httpx_args={"transport": httpx.WSGITransport(app=get_wsgi_application())},
    )
    seen: list[int] = []
    page = list_trips.sync(client=client, limit=2, order=order.NEWEST)
    while True:
        seen.extend(item.id for item in page.items)
        if not page.next_:
            break
        page = list_trips.sync(client=client, limit=2, order=order.NEWEST, cursor=page.next_)
    assert seen == [trip.pk for trip in reversed(made)]
    for name in [n for n in sys.modules if n.startswith(PACKAGE)]:
        monkeypatch.delitem(sys.modules, name)
