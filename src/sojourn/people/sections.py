"""Which role may open which section of Sojourn: the one table the section views check and the
main navigation is drawn from, so a menu shows every section its role may open and no other.

A section is the page a menu entry leads to; the objects and actions behind it keep their own
checks (scoping, the trip's permissions). The order here is the menu's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sojourn.people.access import AnyUser, role_of
from sojourn.people.models import Role

T, OFF, OVS, AUD, ADM = Role.TRAVELLER, Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR, Role.ADMIN
EVERYONE = frozenset(Role)
PEOPLE = frozenset({T, OFF, OVS, AUD})  # everyone with a Sojourn profile
REPORTERS = frozenset({T})
# Those who decide trips and act on what they watch; auditors read the same pages, acting on none.
DECIDERS = frozenset({OFF, OVS})
READERS = DECIDERS | {AUD}
# Those who read the authority's whole record: the oversight desk, policies, directives, audit.
AUTHORITY = frozenset({OVS, AUD})


@dataclass(frozen=True)
class Section:
    url_name: str
    label: Promise
    roles: frozenset[Role]
    # A role that calls the section by another name.
    labels: Mapping[Role, Promise] = field(default_factory=dict)

    def label_for(self, role: Role) -> Promise:
        return self.labels.get(role, self.label)


SECTIONS: tuple[Section, ...] = (
    Section("home", _("Home"), EVERYONE),
    Section("trip-new", _("New trip"), REPORTERS),
    Section("oversight-dashboard", _("Dashboard"), AUTHORITY),
    Section("console:review-queue", _("Review"), DECIDERS, labels={OVS: _("Final approvals")}),
    Section("console:watch", _("Watch list"), READERS),
    Section("console:debrief-queue", _("Debriefs"), READERS),
    Section("policy-list", _("Policies"), AUTHORITY),
    Section("directive-list", _("Directives"), AUTHORITY),
    Section("console:people", _("People"), READERS),
    Section("invitation-list", _("Invitations"), PEOPLE),
    Section("contact-list", _("Contacts"), PEOPLE, labels={T: _("My contacts")}),
    Section("contact-report-new", _("Report a contact"), REPORTERS),
    Section("contact-suggestions", _("Suggestions"), READERS),
    Section("contact-clusters", _("Contacts by risk"), frozenset({OFF})),
    Section("contact-cross-clusters", _("Cross-organisation clusters"), AUTHORITY),
    Section("screening-hits", _("Screening hits"), READERS),
    Section("screening-lists", _("Screening lists"), AUTHORITY),
    Section("audit-log", _("Audit log"), AUTHORITY),
    Section("retention-report", _("Retention"), READERS),
    Section("admin:index", _("Administration"), frozenset({ADM})),
    Section("inbox", _("Inbox"), EVERYONE),
    Section("account", _("Account"), EVERYONE),
)
BY_NAME: dict[str, Section] = {section.url_name: section for section in SECTIONS}


def roles_for(url_name: str) -> frozenset[Role]:
    """The roles that may open the section; a name not in the table opens for nobody."""
    section = BY_NAME.get(url_name)
    return section.roles if section is not None else frozenset()


def may_open(user: AnyUser, url_name: str) -> bool:
    return role_of(user) in roles_for(url_name)


def reads_audit_log(user: AnyUser) -> bool:
    return may_open(user, "audit-log")


def sections_of(role: Role | None) -> list[Section]:
    """The sections the role may open, in menu order."""
    return [section for section in SECTIONS if role in section.roles]
