"""A malformed or hostile policy pack is refused safely and quickly, by each of the three faces
that take one (the web's policy page, `POST /api/v1/policies`, `sojourn policy validate`), with
the path in the document, and the line and column where the YAML reader knows them.

Hostile means: YAML bombs (anchors repeating anchors, an alias inside its own anchor), nesting
deep enough to exhaust Python's stack, tags that would build Python objects or include files;
malformed means broken syntax, a document that is not a mapping, unknown keys, wrong types,
duplicate keys. None may take more than a moment, run anything, or store anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from sojourn.api.tests.conftest import ApiFor, api_for
from sojourn.conftest import TEST_PACK, Cast
from sojourn.directives.forms import MAX_PACK_BYTES
from sojourn.policy import PackError, load_pack
from sojourn.security.tests.hostile import Page, stored

__all__ = ["api_for"]  # the API tests' fixture, used here by name

GOOD = TEST_PACK.read_text().replace("version: 1", "version: 2")
QUICKLY = 2.0  # seconds; each of these is refused in a fraction of that
APPENDED = len(GOOD.splitlines()) + 1  # the line of a key added at the end of the pack


def _line_of(words: str) -> int:
    return next(n for n, line in enumerate(GOOD.splitlines(), start=1) if words in line)


def _laughs(levels: int = 9) -> str:
    """The "billion laughs": each anchor repeats the one before ten times (10**9 values)."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "\n".join([*lines, f"tiers: *l{levels - 1}", ""])


@dataclass(frozen=True)
class Hostile:
    text: str
    path: str  # where the problem's path starts ("" for the whole document)
    says: str  # words of the message
    line: int | None  # the line it points at, when the reader knows it


CASES: dict[str, Hostile] = {
    "billion laughs": Hostile(_laughs(), "l4", "more than 50000 values", 1),
    "an alias in its own anchor, in a tier": Hostile(
        GOOD.replace('destinations: ["*"]', 'destinations: &d ["*", *d]'),
        "tiers.reviewed.destinations[1]",
        "nested more than 20 levels",
        _line_of("destinations"),
    ),
    "alias inside its own anchor": Hostile("tiers: &t [*t]\n", "tiers", "nested more than", 1),
    "deep nesting": Hostile("tiers: " + "[" * 5000 + "]" * 5000 + "\n", "", "nested", 1),
    "deep mappings": Hostile("tiers: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "", "nested", 1),
    "python object": Hostile(
        "id: !!python/object/apply:os.system ['touch {pwned}']\n", "", "constructor", 1
    ),
    "python name": Hostile("id: !!python/name:os.system\n", "", "constructor", 1),
    "unknown tag": Hostile("id: !include /etc/passwd\n", "", "constructor", 1),
    "broken syntax": Hostile("id: [unclosed\nversion: 2\n", "", "YAML syntax error", 2),
    "control character": Hostile("id: lab\x07pack\n", "", "YAML error", 1),
    "not a mapping": Hostile("- just\n- a list\n", "", "expected a mapping", None),
    "a scalar": Hostile("just some text\n", "", "expected a mapping", None),
    "unknown key": Hostile(GOOD + "bogus: 1\n", "bogus", "unknown key 'bogus'", APPENDED),
    "wrong type": Hostile(
        GOOD.replace("version: 2", "version: two"), "version", "whole", _line_of("version:")
    ),
    "wrong nested type": Hostile(
        GOOD.replace("checkin_hours: 24", "checkin_hours: soon"),
        "tiers.reviewed.checkin_hours",
        "",
        _line_of("checkin_hours"),
    ),
    "duplicate key": Hostile(GOOD + "id: other\n", "id", "duplicate key 'id'", APPENDED),
    "unknown group": Hostile(
        GOOD.replace('destinations: ["*"]', 'destinations: ["@NOWHERE"]'),
        "tiers.reviewed.destinations",
        "NOWHERE",
        _line_of("destinations"),
    ),
}


def _text(name: str, tmp_path: Path) -> str:
    return CASES[name].text.replace("{pwned}", str(tmp_path / "pwned"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_engine_refuses_each_quickly_naming_the_path(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    started = time.monotonic()

    with pytest.raises(PackError) as refused:
        load_pack(_text(name, tmp_path))

    assert time.monotonic() - started < QUICKLY
    assert not (tmp_path / "pwned").exists()
    found = [
        problem
        for problem in refused.value.problems
        if problem.path.startswith(case.path) and case.says in problem.message
    ]
    assert found, refused.value.problems
    if case.line is not None:
        assert found[0].line == case.line


@pytest.mark.parametrize("url", ["/policies/new/", "/policies/new/issue/"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_policy_page_refuses_each_at_the_text_keeping_it(
    client: Client, cast: Cast, name: str, tmp_path: Path, url: str
) -> None:
    """GIVEN oversight pasting the pack
    WHEN they check it, or issue it (a form sent again with the text changed)
    THEN the page answers 422 with the problems at the text (path, line), the text as pasted
    still in the box, and nothing stored."""
    client.force_login(cast.oversight)
    text, case = _text(name, tmp_path), CASES[name]
    before = stored()

    response = client.post(url, {"source": text, "note": ""})

    assert response.status_code == 422
    page = Page(response.content, action="/policies/new/")
    message = page.error_at("source")
    assert case.says in message
    assert case.path in message if case.path else "The whole document" in message
    if case.line is not None:
        assert f"Line {case.line}" in message
    assert page.values()["source"] == [text.replace("\r\n", "\n")]
    assert stored() == before


@pytest.mark.parametrize(
    ("path", "body"), [("policies", {"issue": True}), ("policies/whatif", {"limit": 10})]
)
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_api_refuses_each_with_path_line_and_column(
    cast: Cast, api_for: ApiFor, name: str, tmp_path: Path, path: str, body: dict[str, object]
) -> None:
    client = api_for(cast.oversight)
    case = CASES[name]
    before = stored(leave_out=("api.AccessToken",))

    answer = client.post(path, {"source": _text(name, tmp_path), **body})

    assert answer.status == 422
    assert answer.content_type == "application/problem+json"
    problems = [
        problem
        for problem in answer.json["problems"]
        if problem["path"].startswith(case.path) and case.says in problem["message"]
    ]
    assert problems, answer.json
    if case.line is not None:
        assert problems[0]["line"] == case.line
        assert problems[0]["column"] >= 1
    assert any(field.startswith(case.path or "source") for field in answer.problem_fields)
    assert stored(leave_out=("api.AccessToken",)) == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_command_refuses_each_and_exits_2(db: None, name: str, tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(_text(name, tmp_path))
    case = CASES[name]

    with pytest.raises(CommandError) as refused:
        call_command("policy", "validate", str(pack))

    assert refused.value.returncode == 2
    report = str(refused.value)
    assert str(pack) in report
    assert case.says in report
    assert case.path in report
    if case.line is not None:
        assert f"line {case.line}, column " in report
    assert not (tmp_path / "pwned").exists()


# Too large, not text, not YAML ------------------------------------------------------------------


def test_a_pasted_pack_over_256_kb_is_refused_at_the_text(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    huge = GOOD + "#" * MAX_PACK_BYTES + "\n"

    response = client.post("/policies/new/", {"source": huge, "note": ""})

    assert response.status_code == 422
    assert "larger than 256 KB" in Page(response.content).error_at("source")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "says"),
    [
        ("huge.yaml", GOOD.encode() + b"#" * MAX_PACK_BYTES, "application/yaml", "256 KB"),
        ("pack.exe", GOOD.encode(), "application/yaml", ".yaml or .yml"),
        ("pack.yaml", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "not text"),
        ("pack.yaml", b"id: lab\x00\n", "application/yaml", "not text"),
        ("pack.yaml", "id: 'caf\xe9'\n".encode("latin-1"), "application/yaml", "UTF-8"),
    ],
)
def test_an_upload_that_is_not_a_small_yaml_text_file_is_refused_at_the_upload(
    client: Client, cast: Cast, name: str, content: bytes, content_type: str, says: str
) -> None:
    client.force_login(cast.oversight)
    before = stored()
    upload = SimpleUploadedFile(name, content, content_type=content_type)

    response = client.post("/policies/new/", {"source": "", "note": "", "upload": upload})

    assert response.status_code == 422
    assert says in Page(response.content).error_at("upload")
    assert stored() == before


def test_an_api_pack_over_the_limit_names_the_source(cast: Cast, api_for: ApiFor) -> None:
    answer = api_for(cast.oversight).post("policies", {"source": "#" * (MAX_PACK_BYTES + 1)})

    assert answer.status == 422
    assert "source" in answer.problem_fields
