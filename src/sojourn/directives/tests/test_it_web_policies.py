"""Policy pages: the versions, the YAML of each, and a new version checked, previewed (what-if)
and issued as a directive."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from sojourn.conftest import TEST_PACK, Cast
from sojourn.directives.models import Directive, PolicyVersion, ReassessmentRun, RunStatus
from sojourn.testing import builders
from sojourn.trips.models import Trip, TripStatus

TWO_STEPS = (
    TEST_PACK.read_text()
    .replace("version: 1", "version: 2")
    .replace("approvals: [org_security]", "approvals: [org_security, oversight]")
)
BROKEN = TWO_STEPS.replace("days: 7,", "days: seven,").replace("travel: allowed", "travel: maybe")
NEW = "/policies/new/"
ISSUE = "/policies/new/issue/"
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]


def lab_version() -> PolicyVersion:
    return PolicyVersion.objects.get(pack_id="lifecycle-test", version=1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_reading_is_for_oversight_and_auditors(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    reader = who in {"oversight", "auditor"}
    for url in ("/policies/", f"/policies/{lab_version().pk}/"):
        response = client.get(url)
        assert response.status_code == (200 if reader else 404), url
        if reader:
            assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", CAST)
def test_uploading_and_issuing_are_for_oversight(client: Client, cast: Cast, who: str) -> None:
    """Auditors see the policies but cannot act (403); the others do not see them (404)."""
    client.force_login(getattr(cast, who))
    expected = {"oversight": 200, "auditor": 403}.get(who, 404)
    assert client.get(NEW).status_code == expected
    assert client.post(NEW, {"source": TWO_STEPS}).status_code == expected
    issued = client.post(ISSUE, {"source": TWO_STEPS, "note": ""})
    assert issued.status_code == (302 if who == "oversight" else expected)
    assert PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists() == (
        who == "oversight"
    )


@pytest.mark.parametrize("url", ["/policies/", "/policies/1/", NEW])
def test_anonymous_is_sent_to_login(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_issuing_is_a_post(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    assert client.get(ISSUE).status_code == 405


# Reading --------------------------------------------------------------------------------------


def test_the_list_shows_every_version_and_who_follows_it(client: Client, cast: Cast) -> None:
    client.force_login(cast.auditor)
    content = client.get("/policies/").content.decode()
    for ref in ("lifecycle-test@1", "seed-sensitive-tech@1", "us-sead3@1", "research-security@2"):
        assert f"<code>{ref}</code>" in content
    assert "Ships with Sojourn" in content
    lab = content[content.index("<code>lifecycle-test@1</code>") :]
    lab = lab[: lab.index("</tr>")]
    assert "In force" in lab
    assert "<td>Lab</td>" in lab
    seed = content[content.index("<code>seed-sensitive-tech@1</code>") :]
    seed = seed[: seed.index("</tr>")]
    assert "<td>Authority, Robo</td>" in seed  # the deployment default: blank means seed
    assert "Upload a new version" not in content  # auditors do not act


def test_a_version_shows_its_yaml_read_only(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    content = client.get(f"/policies/{lab_version().pk}/").content.decode()
    assert '<pre class="ov-source"' in content
    assert "approvals: [org_security]" in content
    assert "<textarea" not in content
    assert f'href="/policies/new/?from={lab_version().pk}"' in content


def test_a_missing_version_is_a_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    assert client.get("/policies/999999/").status_code == 404


def test_a_new_version_can_start_from_a_stored_text(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    content = client.get(f"{NEW}?from={lab_version().pk}").content.decode()
    assert "id: lifecycle-test" in content
    assert "Check and preview" in content


# Checking -------------------------------------------------------------------------------------


def test_a_broken_pack_shows_each_problem_at_its_path_and_line_and_keeps_the_text(
    client: Client, cast: Cast
) -> None:
    """GIVEN a pack with two mistakes WHEN oversight checks it THEN each problem is listed with
    its path, its message and its line (and that line quoted), the textarea still holds every
    character typed, and nothing is stored."""
    client.force_login(cast.oversight)
    response = client.post(NEW, {"source": BROKEN})

    assert response.status_code == 422
    content = response.content.decode()
    assert "The pack has 2 problems" in content
    assert '<code class="ov-problem__path">tiers.reviewed.travel</code>' in content
    assert '<code class="ov-problem__path">tiers.reviewed.advance_notice.days</code>' in content
    assert "expected allowed, discouraged or prohibited, got &#x27;maybe&#x27;" in content
    assert f"Line {line_of(BROKEN, 'travel: maybe')}, column" in content
    assert "    travel: maybe</pre>" in content
    assert escape(BROKEN) in content  # the text, kept whole in the textarea
    assert 'aria-describedby="id_source_error"' in content
    assert 'id="id_source_error"' in content
    assert "What-if" not in content
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()


def test_a_yaml_syntax_error_names_its_line(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    text = TWO_STEPS.replace("coverage:\n", "coverage: [\n")
    content = client.post(NEW, {"source": text}).content.decode()
    assert "YAML syntax error" in content
    assert "The whole document" in content
    assert "Line " in content


def test_a_version_that_is_not_newer_is_refused_at_its_line(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    content = client.post(NEW, {"source": TEST_PACK.read_text()}).content.decode()
    assert '<code class="ov-problem__path">version</code>' in content
    assert "version 1 is not newer than 1, the latest of lifecycle-test" in content
    assert f"Line {line_of(TEST_PACK.read_text(), 'version: 1')}, column 1" in content


def test_an_empty_form_asks_for_the_pack(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    response = client.post(NEW, {"source": "  "})
    assert response.status_code == 422
    assert "Paste the pack&#x27;s YAML or upload a file." in response.content.decode()


def test_an_uploaded_yaml_file_replaces_the_text_and_is_previewed(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.oversight)
    upload = SimpleUploadedFile("two-steps.yaml", TWO_STEPS.encode(), "application/x-yaml")
    response = client.post(NEW, {"source": "typed, then replaced", "upload": upload})
    assert response.status_code == 200
    content = response.content.decode()
    assert "What-if: lifecycle-test@2" in content
    assert "typed, then replaced" not in content
    assert "approvals: [org_security, oversight]" in content


@pytest.mark.parametrize(
    ("name", "body", "content_type", "message"),
    [
        ("pack.txt", b"id: x", "text/plain", "Upload a .yaml or .yml file."),
        ("pack.yaml", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "This file is not text"),
        ("pack.yaml", b"id: \xff\xfe", "application/x-yaml", "The file is not UTF-8 text."),
        ("pack.yml", b"#" * (256 * 1024 + 1), "text/yaml", "The file is larger than 256 KB."),
    ],
)
def test_an_upload_that_is_not_a_small_yaml_text_is_refused_and_the_text_kept(
    client: Client, cast: Cast, name: str, body: bytes, content_type: str, message: str
) -> None:
    client.force_login(cast.oversight)
    upload = SimpleUploadedFile(name, body, content_type)
    response = client.post(NEW, {"source": "id: kept as typed", "upload": upload})
    assert response.status_code == 422
    content = response.content.decode()
    upload_errors = content[content.index('id="id_upload_error"') :]
    assert message in upload_errors[: upload_errors.index("</ul>")]
    assert "id: kept as typed" in content


# What-if and issuing --------------------------------------------------------------------------


@pytest.fixture
def open_trips(cast: Cast, now: datetime.datetime) -> tuple[Trip, Trip]:
    waiting = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin")
    )
    approved = builders.approved(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris"),
    )
    return waiting, approved


def test_the_preview_lists_the_trips_that_would_change_and_writes_nothing(
    client: Client, cast: Cast, open_trips: tuple[Trip, Trip]
) -> None:
    """GIVEN two open trips of the lab WHEN oversight previews a version that adds the oversight
    step THEN both are listed with their approvals old → new, as stricter; nothing is written."""
    waiting, approved = open_trips
    versions = {trip.pk: trip.version for trip in open_trips}
    client.force_login(cast.oversight)

    response = client.post(NEW, {"source": TWO_STEPS})

    assert response.status_code == 200
    content = response.content.decode()
    assert "What-if: lifecycle-test@2" in content
    assert "Followed by: Lab." in content
    counts = content[content.index('<dl class="ov-counts">') :]
    assert "<dt>Trips examined</dt><dd>2</dd>" in counts
    assert "<dt>Would change</dt><dd>2</dd>" in counts
    assert "<dt>Approval chain changes</dt><dd>2</dd>" in counts
    for trip in (waiting, approved):
        assert f'href="/trips/{trip.pk}/">#{trip.pk} {trip.title}</a>' in content
    assert "was: <del>Security officer</del>" in content
    assert "now: <ins>Security officer → Oversight</ins>" in content
    assert content.count("Stricter: approval reopened") == 2
    assert 'action="/policies/new/issue/"' in content
    assert "Issue lifecycle-test@2 as a directive" in content
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()
    assert {t.pk: t.version for t in Trip.objects.filter(pk__in=versions)} == versions


def test_issuing_stores_the_version_and_sends_to_its_run(
    client: Client, cast: Cast, open_trips: tuple[Trip, Trip]
) -> None:
    """GIVEN a previewed version WHEN oversight confirms THEN the version and its directive are
    stored, a run is waiting for the worker, and the browser is sent to the run's page with a
    note of what happened."""
    client.force_login(cast.oversight)

    response = client.post(ISSUE, {"source": TWO_STEPS, "note": "Oversight approves every trip."})

    version = PolicyVersion.objects.get(pack_id="lifecycle-test", version=2)
    assert version.issued_by == cast.oversight
    assert version.source == TWO_STEPS
    directive = Directive.objects.get(policy_version=version)
    assert directive.text == "Oversight approves every trip."
    run = ReassessmentRun.objects.get(directive=directive)
    assert (run.status, run.total) == (RunStatus.PENDING, 2)
    assert response.status_code == 302
    assert response["Location"] == f"/directives/runs/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f"Policy lifecycle-test@2 issued as directive #{directive.pk}" in page
    # Nothing is re-assessed in the request: the trips wait for the run.
    assert {trip.status for trip in Trip.objects.filter(pk__in=[t.pk for t in open_trips])} == {
        TripStatus.SUBMITTED,
        TripStatus.APPROVED,
    }


def test_issuing_a_broken_text_re_renders_the_problems(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    response = client.post(ISSUE, {"source": BROKEN, "note": "A note."})
    assert response.status_code == 422
    content = response.content.decode()
    assert "tiers.reviewed.travel" in content
    assert escape(BROKEN) in content
    assert not Directive.objects.exists()


def test_issuing_the_same_version_twice_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    assert client.post(ISSUE, {"source": TWO_STEPS}).status_code == 302
    again = client.post(ISSUE, {"source": TWO_STEPS})
    assert again.status_code == 422
    assert "version 2 is not newer than 2" in again.content.decode()
    assert Directive.objects.count() == 1


def test_an_officer_user_cannot_issue_even_by_crafted_post(client: Client, cast: Cast) -> None:
    other: User = cast.other_officer
    client.force_login(other)
    assert client.post(ISSUE, {"source": TWO_STEPS}).status_code == 404
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()
