"""Directive pages: the list, an advisory, and the two instructions (cancel a trip, hold a
person's travel)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.directives import services
from sojourn.directives.models import Directive, DirectiveKind, ReassessmentRun, RunStatus
from sojourn.testing import builders
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]
FORMS = [
    "/directives/advisory/new/",
    "/directives/instruction/cancel/",
    "/directives/instruction/hold/",
]
AssertMaxQueries = Callable[..., Any]


def advisory(now: datetime.datetime, **changes: str) -> dict[str, str]:
    data = {
        "destinations": "de, @FIVE_EYES",
        "starts_on": now.date().isoformat(),
        "ends_on": (now.date() + 60 * DAY).isoformat(),
        "effect": "prohibit",
        "tier": "",
        "text": "Travel to Germany and the Five Eyes is suspended.",
    }
    return {**data, **changes}


# Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_the_list_is_for_oversight_and_auditors(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    response = client.get("/directives/")
    assert response.status_code == (200 if who in {"oversight", "auditor"} else 404)


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("url", FORMS)
def test_the_forms_are_for_oversight(
    client: Client, cast: Cast, now: datetime.datetime, who: str, url: str
) -> None:
    """Auditors see directives but cannot issue them (403); the others get a 404, for GET and
    POST alike, and nothing is issued."""
    client.force_login(getattr(cast, who))
    expected = {"oversight": 200, "auditor": 403}.get(who, 404)
    assert client.get(url).status_code == expected
    if who != "oversight":
        assert client.post(url, advisory(now)).status_code == expected
        assert not Directive.objects.exists()


@pytest.mark.parametrize("url", ["/directives/", *FORMS])
def test_anonymous_is_sent_to_login(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_each_kind_with_its_runs(
    client: Client,
    cast: Cast,
    now: datetime.datetime,
    django_assert_max_num_queries: AssertMaxQueries,
) -> None:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris"),
    )
    services.issue_advisory(
        actor=cast.oversight,
        destinations=["DE"],
        starts_on=now.date(),
        ends_on=now.date() + 30 * DAY,
        effect="raise_tier",
        tier="restricted",
        text="Germany is restricted for a month.",
        now=now,
    )
    services.instruct_hold(
        actor=cast.oversight,
        person=cast.colleague,
        hold_until=now.date() + 10 * DAY,
        text="Hold pending an inquiry.",
        now=now,
    )
    services.instruct_cancel(actor=cast.oversight, trip=trip, text="Do not go.", now=now)
    client.force_login(cast.auditor)

    with django_assert_max_num_queries(8):
        content = client.get("/directives/").content.decode()

    assert "Germany is restricted for a month." in content
    assert "<code>DE</code>" in content
    assert "Raise to a tier: <code>restricted</code>" in content
    assert "Hold pending an inquiry." in content
    assert "Colleague" in content
    assert f'href="/trips/{trip.pk}/">#{trip.pk} Summit in Paris</a>' in content
    assert content.count('class="badge ov-badge--pending"') == 2  # two runs wait for the worker
    assert "<progress" in content
    assert "Issue an advisory" not in content  # auditors read, they do not act


# Advisory -------------------------------------------------------------------------------------


def test_an_advisory_is_issued_and_its_run_followed(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    client.force_login(cast.oversight)

    response = client.post("/directives/advisory/new/", advisory(now))

    directive = Directive.objects.get(kind=DirectiveKind.ADVISORY)
    assert directive.destinations == ["DE", "@FIVE_EYES"]
    assert directive.effect == "prohibit"
    run = ReassessmentRun.objects.get(directive=directive)
    assert response.status_code == 302
    assert response["Location"] == f"/directives/runs/{run.pk}/"


def test_a_refused_advisory_shows_each_message_at_its_field_and_keeps_the_input(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    client.force_login(cast.oversight)
    data = advisory(
        now,
        destinations="XX, @NOWHERE",
        ends_on=(now.date() - DAY).isoformat(),
        effect="raise_tier",
        text="Kept as typed.",
    )

    response = client.post("/directives/advisory/new/", data)

    assert response.status_code == 422
    content = response.content.decode()
    for field in ("destinations", "ends_on", "tier"):
        assert f'id="id_{field}_error"' in content
        assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in content or (
            f'aria-describedby="id_{field}_error"' in content
        )
    assert "The advisory cannot end before it starts." in content
    assert "Name the tier travel is raised to." in content
    assert 'value="XX, @NOWHERE"' in content
    assert "Kept as typed.</textarea>" in content
    assert not Directive.objects.exists()


def test_the_advisory_form_suggests_the_tiers_in_use(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    content = client.get("/directives/advisory/new/").content.decode()
    assert '<datalist id="tier-names">' in content
    for tier in ("reviewed", "restricted", "standard"):
        assert f'<option value="{tier}">' in content


def test_a_form_that_does_not_parse_keeps_the_input(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    client.force_login(cast.oversight)
    response = client.post("/directives/advisory/new/", advisory(now, starts_on="soon", effect=""))
    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="id_starts_on_error"' in content
    assert 'id="id_effect_error"' in content
    assert 'value="soon"' in content


# Cancel instruction ---------------------------------------------------------------------------


@pytest.fixture
def paris(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris"),
    )


def test_the_search_finds_open_trips_and_the_htmx_request_gets_only_the_results(
    client: Client, cast: Cast, now: datetime.datetime, paris: Trip
) -> None:
    builders.draft(cast.traveller, now, builders.Itinerary(title="Draft to Paris"))
    builders.submitted(cast.colleague, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(cast.oversight)

    page = client.get("/directives/instruction/cancel/?q=paris").content.decode()
    partial = client.get(
        "/directives/instruction/cancel/?q=paris", headers={"HX-Request": "true"}
    ).content.decode()

    assert "<html" in page
    assert 'data-hx-get="/directives/instruction/cancel/"' in page
    assert 'data-hx-trigger="input changed delay:300ms, search"' in page
    assert "<html" not in partial
    for content in (page, partial):
        assert "Summit in Paris" in content
        assert "Draft to Paris" not in content  # a draft cannot be cancelled
        assert "Workshop in Berlin" not in content
        assert f'href="?trip_id={paris.pk}&amp;q=paris#instruction-title"' in content
    by_number = client.get(
        f"/directives/instruction/cancel/?q={paris.pk}", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Summit in Paris" in by_number


def test_choosing_a_trip_fills_the_form_and_shows_it(
    client: Client, cast: Cast, paris: Trip
) -> None:
    client.force_login(cast.oversight)
    content = client.get(f"/directives/instruction/cancel/?trip_id={paris.pk}").content.decode()
    assert f'name="trip_id" value="{paris.pk}"' in content
    assert f'href="/trips/{paris.pk}/">#{paris.pk} Summit in Paris</a></dd>' in content


def test_a_cancel_instruction_cancels_the_trip(client: Client, cast: Cast, paris: Trip) -> None:
    client.force_login(cast.oversight)

    response = client.post(
        "/directives/instruction/cancel/", {"trip_id": paris.pk, "text": "Do not travel."}
    )

    assert response.status_code == 302
    assert response["Location"] == "/directives/"
    paris.refresh_from_db()
    assert paris.status == TripStatus.CANCELLED
    directive = Directive.objects.get(kind=DirectiveKind.CANCEL_TRIP)
    assert paris.cancel_reason == "Do not travel."
    page = client.get("/directives/").content.decode()
    assert f"is cancelled by directive #{directive.pk}" in page
    # The reason is the directive's text; the trip's page names the directive.
    trip_page = client.get(f"/trips/{paris.pk}/").content.decode()
    assert f"Directive #{directive.pk}: Do not travel." in trip_page


def test_a_trip_that_cannot_be_cancelled_is_explained_at_the_field(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    draft = builders.draft(
        cast.traveller, now, builders.Itinerary(title="Draft to Tokyo", country="JP")
    )
    client.force_login(cast.oversight)

    response = client.post(
        "/directives/instruction/cancel/", {"trip_id": draft.pk, "text": "Kept reason."}
    )

    assert response.status_code == 409
    content = response.content.decode()
    errors = content[content.index('id="id_trip_id_error"') :]
    assert "Cannot cancel this trip: it is Draft." in errors[: errors.index("</ul>")]
    assert "Kept reason.</textarea>" in content
    assert not Directive.objects.exists()
    assert Trip.objects.get(pk=draft.pk).status == TripStatus.DRAFT


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"trip_id": "999999", "text": "Why."}, "trip_id", "There is no trip with this number."),
        ({"trip_id": "", "text": "Why."}, "trip_id", "This field is required."),
        ({"trip_id": "PAR", "text": "Why."}, "trip_id", "Enter a whole number."),
        ({"text": "   "}, "text", "This field is required."),
    ],
)
def test_a_bad_cancel_instruction_says_what_is_wrong(
    client: Client, cast: Cast, paris: Trip, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(cast.oversight)
    response = client.post("/directives/instruction/cancel/", data)
    assert response.status_code == 422
    content = response.content.decode()
    errors = content[content.index(f'id="id_{field}_error"') :]
    assert message in errors[: errors.index("</ul>")]
    assert Trip.objects.get(pk=paris.pk).status == TripStatus.APPROVED


# Hold instruction -----------------------------------------------------------------------------


def test_the_person_search_finds_people_by_name(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    partial = client.get(
        "/directives/instruction/hold/?q=coll", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<code>colleague</code>" in partial
    assert "<code>traveller</code>" not in partial
    assert f'href="?person_id={cast.colleague.pk}&amp;q=coll#instruction-title"' in partial


def test_choosing_a_person_fills_the_form_and_shows_them(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    content = client.get(
        f"/directives/instruction/hold/?person_id={cast.colleague.pk}"
    ).content.decode()
    assert f'name="person_id" value="{cast.colleague.pk}"' in content
    assert f"(<code>colleague</code>, #{cast.colleague.pk})</dd>" in content


def test_a_hold_is_issued_and_its_run_followed(
    client: Client, cast: Cast, now: datetime.datetime, paris: Trip
) -> None:
    client.force_login(cast.oversight)
    until = (datetime.date.today() + 30 * DAY).isoformat()

    response = client.post(
        "/directives/instruction/hold/",
        {"person_id": cast.traveller.pk, "hold_until": until, "text": "Hold pending an inquiry."},
    )

    directive = Directive.objects.get(kind=DirectiveKind.HOLD_PERSON)
    assert directive.person == cast.traveller
    run = ReassessmentRun.objects.get(directive=directive)
    assert (run.status, run.total) == (RunStatus.PENDING, 1)
    assert response["Location"] == f"/directives/runs/{run.pk}/"


def test_a_bad_hold_says_what_is_wrong_and_keeps_the_input(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)

    unknown = client.post(
        "/directives/instruction/hold/",
        {"person_id": "999999", "hold_until": "2099-01-01", "text": "Why."},
    )
    past = client.post(
        "/directives/instruction/hold/",
        {"person_id": cast.traveller.pk, "hold_until": "2001-01-01", "text": "Kept."},
    )

    assert unknown.status_code == 422
    shown = unknown.content.decode()
    assert "Nobody in Sojourn has this user id." in shown
    assert 'name="person_id" value="999999"' in shown
    assert past.status_code == 422
    content = past.content.decode()
    errors = content[content.index('id="id_hold_until_error"') :]
    assert "The hold must last until today or later." in errors[: errors.index("</ul>")]
    assert 'value="2001-01-01"' in content
    assert not Directive.objects.exists()
