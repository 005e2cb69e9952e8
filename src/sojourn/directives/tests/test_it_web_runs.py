"""A re-assessment run's page: progress that polls itself while the run is open, the changes
it made, and a "run now" button for oversight."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sojourn.conftest import TEST_PACK, Cast
from sojourn.directives import reassess, services
from sojourn.directives.jobs import finish_directive_runs
from sojourn.directives.models import ReassessmentRun, RunStatus
from sojourn.testing import builders
from sojourn.trips.models import Trip, TripStatus

TWO_STEPS = (
    TEST_PACK.read_text()
    .replace("version: 1", "version: 2")
    .replace("approvals: [org_security]", "approvals: [org_security, oversight]")
)
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]
AssertMaxQueries = Callable[..., Any]


@pytest.fixture
def run(cast: Cast, now: datetime.datetime) -> ReassessmentRun:
    """GIVEN two open trips of the lab, and a new version of its pack just issued."""
    builders.submitted(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    builders.approved(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris"),
    )
    _directive, issued = services.issue_policy_version(
        actor=cast.oversight, source=TWO_STEPS, note="Oversight approves every trip.", now=now
    )
    return issued


def urls(run: ReassessmentRun) -> list[str]:
    return [f"/directives/runs/{run.pk}/", f"/directives/runs/{run.pk}/progress/"]


@pytest.mark.parametrize("who", CAST)
def test_reading_a_run_is_for_oversight_and_auditors(
    client: Client, cast: Cast, run: ReassessmentRun, who: str
) -> None:
    client.force_login(getattr(cast, who))
    for url in urls(run):
        response = client.get(url)
        assert response.status_code == (200 if who in {"oversight", "auditor"} else 404), url


@pytest.mark.parametrize("who", CAST)
def test_running_it_now_is_for_oversight(
    client: Client, cast: Cast, run: ReassessmentRun, who: str
) -> None:
    client.force_login(getattr(cast, who))
    expected = {"oversight": 302, "auditor": 403}.get(who, 404)
    assert client.post(f"/directives/runs/{run.pk}/run/").status_code == expected
    run.refresh_from_db()
    assert (run.status == RunStatus.DONE) == (who == "oversight")


def test_anonymous_is_sent_to_login(client: Client, run: ReassessmentRun) -> None:
    for url in urls(run):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/login/?next={url}"


def test_a_missing_run_is_a_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    assert client.get("/directives/runs/999999/").status_code == 404
    assert client.post("/directives/runs/999999/run/").status_code == 404


def test_run_now_is_a_post(client: Client, cast: Cast, run: ReassessmentRun) -> None:
    client.force_login(cast.oversight)
    assert client.get(f"/directives/runs/{run.pk}/run/").status_code == 405


def test_a_pending_run_polls_its_progress_every_two_seconds(
    client: Client, cast: Cast, run: ReassessmentRun
) -> None:
    client.force_login(cast.oversight)
    content = client.get(f"/directives/runs/{run.pk}/").content.decode()

    assert "no-store" in client.get(f"/directives/runs/{run.pk}/")["Cache-Control"]
    assert f'data-hx-get="/directives/runs/{run.pk}/progress/"' in content
    assert 'data-hx-trigger="every 2s"' in content
    assert 'data-hx-swap="outerHTML"' in content
    assert 'data-status="pending"' in content
    assert '<progress id="run-bar-' in content
    assert 'max="2" value="0"' in content
    assert "0 of 2 trips re-assessed (0%)" in content
    assert "Oversight approves every trip." in content
    assert f'action="/directives/runs/{run.pk}/run/"' in content


def test_the_partial_stops_polling_once_the_worker_is_done(
    client: Client, cast: Cast, run: ReassessmentRun, now: datetime.datetime
) -> None:
    """GIVEN a pending run WHEN the worker carries it THEN the partial htmx fetches shows it
    done, with every change, and carries no trigger any more, so the polling stops."""
    client.force_login(cast.auditor)
    before = client.get(f"/directives/runs/{run.pk}/progress/", headers={"HX-Request": "true"})
    assert "<html" not in before.content.decode()
    assert 'data-hx-trigger="every 2s"' in before.content.decode()
    assert "hx-swap-oob" not in before.content.decode()

    assert finish_directive_runs(now, lambda: False) == 1

    content = client.get(
        f"/directives/runs/{run.pk}/progress/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in content
    assert 'data-status="done"' in content
    assert "hx-trigger" not in content
    assert "hx-get" not in content
    # Said once by the page's live region: the run has ended.
    assert '<span data-hx-swap-oob="innerHTML:#run-announce">The run has ended: Done' in content
    assert "2 of 2 trips re-assessed (100%)" in content
    for trip in Trip.objects.all():
        assert f'href="/trips/{trip.pk}/">#{trip.pk} {trip.title}</a>' in content
    assert content.count("Stricter: approval reopened") == 2
    full = client.get(f"/directives/runs/{run.pk}/").content.decode()
    assert "Run now" not in full
    assert "hx-swap-oob" not in full  # the full page has nothing to announce


def test_run_now_carries_the_run_to_its_end_in_the_request(
    client: Client, cast: Cast, run: ReassessmentRun
) -> None:
    client.force_login(cast.oversight)

    response = client.post(f"/directives/runs/{run.pk}/run/", follow=True)

    run.refresh_from_db()
    assert (run.status, run.processed, run.changed) == (RunStatus.DONE, 2, 2)
    assert {trip.status for trip in Trip.objects.all()} == {TripStatus.SUBMITTED}
    content = response.content.decode()
    assert "Run finished: 2 trips re-assessed, 2 made stricter." in content
    assert 'data-status="done"' in content


def test_run_now_on_a_finished_run_changes_nothing(
    client: Client, cast: Cast, run: ReassessmentRun, now: datetime.datetime
) -> None:
    reassess.resume(run, now=now)
    client.force_login(cast.oversight)
    response = client.post(f"/directives/runs/{run.pk}/run/", follow=True)
    assert "This run has already finished." in response.content.decode()


def test_the_page_costs_a_few_queries_however_many_changes(
    client: Client,
    cast: Cast,
    now: datetime.datetime,
    django_assert_max_num_queries: AssertMaxQueries,
) -> None:
    for n in range(7):
        builders.submitted(cast.traveller, now, builders.Itinerary(title=f"Trip {n}"))
    _directive, run = services.issue_policy_version(
        actor=cast.oversight, source=TWO_STEPS, note="", now=now
    )
    reassess.resume(run, now=now)
    client.force_login(cast.auditor)
    with django_assert_max_num_queries(8):
        content = client.get(f"/directives/runs/{run.pk}/").content.decode()
    assert content.count("Stricter: approval reopened") == 7
