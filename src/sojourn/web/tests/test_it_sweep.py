"""The sweep (every page of every role over the demo world) misses no page, and each of its
pages is a page: it opens (200, HTML) for the person it is listed for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sojourn.demo.world import PEOPLE
from sojourn.people.models import Role
from sojourn.security.tests.access_matrix import WEB
from sojourn.security.tests.test_access_matrix import named_routes
from sojourn.web.nav import MENUS
from sojourn.web.tests import sweep as swept
from sojourn.web.tests.sweep import ANONYMOUS, EXCLUDED, PEOPLE_AND_ANONYMOUS, Sweep

sweep = swept.sweep  # the demo world, built once for this module
SIGNED_IN = "oversight"  # who asks for the actions with GET
# Routes without a GET row that answer a GET with something else than a 405, and why.
NOT_ACTIONS = {"set_language": "Django's language switch: a GET changes nothing and goes back"}


def _get_routes() -> set[str]:
    return {row.url_name for row in WEB if row.method == "GET"}


def _dummy(parameter: str) -> int | str:
    return "x" * 20 if parameter in {"token", "secret"} else 1


def test_every_page_of_the_web_is_swept_or_excluded_for_a_reason(sweep: Sweep, db: None) -> None:
    """GIVEN every route of the URL conf (the admin and the API's operations aside) and the
    access matrix's GET rows
    THEN every route with a GET row is a page of the sweep for someone, or is excluded with a
    reason; and nothing excluded is swept or gone from the URL conf."""
    swept_routes = {page.route.partition("#")[0] for page in sweep.every_page()}
    get_routes = _get_routes()
    missing = sorted(get_routes - swept_routes - set(EXCLUDED))
    assert not missing, (
        f"GET routes no page of the sweep opens: {missing}. Give the demo world (or "
        "sweep._add_the_missing_kinds) an object the route opens, or add it to sweep.EXCLUDED "
        "with the reason it is not a page."
    )
    assert not (set(EXCLUDED) & swept_routes), "an excluded route is swept"
    assert set(EXCLUDED) <= get_routes, f"stale exclusions: {sorted(set(EXCLUDED) - get_routes)}"
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_every_other_route_is_an_action_that_refuses_get(sweep: Sweep, db: None) -> None:
    """A route the access matrix probes only with POST is an action, not a page: GET answers
    405. One that answers a GET otherwise needs a GET row (and so joins the sweep)."""
    client = sweep.client(SIGNED_IN)
    pages = _get_routes()
    answered = {}
    for name, route in named_routes().items():
        if name in pages or name in NOT_ACTIONS or route.name is None or name.startswith("api"):
            continue
        url = reverse(name, kwargs={p: _dummy(p) for p in route.parameters})
        answered[name] = client.get(url).status_code
    not_actions = {name: status for name, status in answered.items() if status != 405}
    assert answered, "no action found: the test looks at nothing"
    assert not not_actions, f"routes with no GET row that answer GET: {not_actions}"


def test_every_role_has_its_menu_in_the_sweep(sweep: Sweep, db: None) -> None:
    """The menu of each role of the demo is among the pages of its people."""
    for spec in PEOPLE:
        urls = {page.url for page in sweep.pages_of(spec.username)}
        menu = {reverse(name) for name, _label in MENUS[Role(spec.role)]}
        assert menu <= urls, f"{spec.username} lacks {sorted(menu - urls)}"


@pytest.mark.parametrize("username", PEOPLE_AND_ANONYMOUS)
def test_each_page_of_the_sweep_opens(sweep: Sweep, db: None, username: str) -> None:
    """GIVEN the sweep world WHEN the person opens each of their pages THEN each answers 200
    with an HTML page."""
    pages = sweep.pages_of(username)
    assert pages, f"{username} has no page"
    client = sweep.client(username)
    failures = []
    for page in pages:
        response = client.get(page.url)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith("text/html"):
            failures.append(f"{page}: {response.status_code} {kind}")
    assert not failures, "\n".join(failures)


def test_the_anonymous_pages_are_the_sign_in_and_the_check_in_link(sweep: Sweep, db: None) -> None:
    assert {page.route for page in sweep.pages_of(ANONYMOUS)} == {"login", "checkin-link"}


@pytest.mark.parametrize("username", PEOPLE_AND_ANONYMOUS)
def test_each_error_page_answers_its_status(sweep: Sweep, db: None, username: str) -> None:
    """The error pages of the sweep are what they say: a 404 for everyone, a 403 for each
    signed-in person (every role has a page that is not theirs), each an HTML page."""
    pages = sweep.error_pages_of(username)
    expected = {404} if username == ANONYMOUS else {403, 404}
    assert {page.status for page in pages} == expected
    client = sweep.client(username)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == page.status, f"{page}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), page
