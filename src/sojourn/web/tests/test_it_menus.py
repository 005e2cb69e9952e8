"""Each role's menu is every section the role may open and no other: the menu and the section
views read one table (sojourn.people.sections), and this test holds the views to it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sojourn.demo.world import PEOPLE
from sojourn.people.models import Role
from sojourn.people.sections import SECTIONS, sections_of
from sojourn.web.tests import sweep as swept
from sojourn.web.tests.sweep import Sweep

sweep = swept.sweep  # the demo world, built once for this module
NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.DOTALL)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')
ONE_PER_ROLE = {Role(spec.role): spec.username for spec in reversed(PEOPLE)}


def menu_on_page(client: Client) -> dict[str, str]:
    """The main navigation of the home page: address to label."""
    page = client.get("/").content.decode()
    nav = NAV.search(page)
    assert nav is not None, "no main navigation on the home page"
    return dict(LINK.findall(nav.group(0)))


def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.test", "x" * 16))
    return client


def client_for(sweep: Sweep, role: Role, db: None) -> Client:
    return admin_client(db) if role == Role.ADMIN else sweep.client(ONE_PER_ROLE[role])


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_link_opens_and_every_openable_section_is_in_the_menu(
    sweep: Sweep, db: None, role: Role
) -> None:
    """
    GIVEN a person of each role (the demo's, and a superuser for the administrator)
    WHEN they open every section of the table
    THEN those in their menu answer 200, and every other one is refused (403) or hidden (404):
         no section the role may open is missing from its menu
    """
    client = client_for(sweep, role, db)
    menu = set(menu_on_page(client))
    expected = {reverse(section.url_name) for section in sections_of(role)}
    assert menu == expected

    answers = {
        reverse(section.url_name): client.get(reverse(section.url_name)) for section in SECTIONS
    }

    opened = {url for url, answer in answers.items() if answer.status_code == 200}
    others = {url: answer.status_code for url, answer in answers.items() if url not in opened}
    assert opened == menu, (
        f"{role}: opens {sorted(opened - menu)}, menu has {sorted(menu - opened)}"
    )
    assert set(others.values()) <= {302, 403, 404}, others
    # The administration redirects non-staff to its own sign-in: not a section they open.
    assert all(code != 302 or url.startswith("/admin/") for url, code in others.items()), others


def test_oversight_and_the_auditor_see_the_sections_they_lacked(sweep: Sweep, db: None) -> None:
    oversight = set(menu_on_page(sweep.client("oversight")).values())
    auditor = set(menu_on_page(sweep.client("auditor")).values())

    assert {"Debriefs", "Invitations", "Final approvals"} <= oversight
    assert {"Policies", "Directives", "Invitations", "Audit log"} <= auditor
    assert "Final approvals" not in auditor  # the auditor decides nothing
