"""The access matrix: every web address and every API operation, and what each role of the shared
cast gets from it. `test_access_matrix.py` probes every cell and fails on any difference, and on
any route that has no row here.

Roles, in column order:
    anon   anonymous (no session, no token)
    own    the traveller-owner (the cast's `traveller`, who owns every target below)
    oth    another traveller of the same organisation (`colleague`)
    off    a security officer of the owner's organisation (`officer`)
    oof    a security officer of another organisation (`other_officer`)
    ovs    oversight
    aud    the auditor

Outcomes:
    Y  allowed: access control let the request through (2xx, a 3xx elsewhere than the sign-in
       page, or a refusal of the input or the state: 400, 405, 409, 422)
    N  hidden: 404, as if the object (or the page) did not exist
    F  refused: 403, the role sees the object (or the page) but the action is not theirs
    L  sign-in required: a redirect to the sign-in page (web), 401 (API)

The rules the table follows: deny by default; an object a role may not see is a 404 (N); a 403
(F) only where the role sees the object but may not act on it, or for a page of another role's
work (the console answers F to travellers and to the auditor where only deciders act; the
oversight desk and the audit log answer N to those who do not read the authority's record).
Addresses that carry their own credential (a calendar feed's secret, a one-tap check-in link)
answer whoever holds them, signed in or not: `credential=True`.

Targets (built by `matrix_world.build_world`): the owner's trips `draft`, `submitted`,
`under_way` (reported late, a check-in off the itinerary, a deviation), `returned` (a debrief
draft), `debriefed` (debrief filed); `deviation`, `escalation`, `checkin_link`, `invitation`,
`token`, `feed`, `notification`, `person` (the owner's record), `session` (another browser the
owner is signed in on); `policy` (a version), `directive` and `run` (an advisory and its
re-assessment); `legal_hold` (oversight's hold on the `debriefed` trip); `contact_report` (the
owner's report of a contact), `contact` (its contact in the lab's register), `hit` (that
contact's hit on the fictional list), `screening_list` (the fictional list), `suggestion` (the
same contact reported again under her names reversed), `reported_contact` (a contact only the
owner reported) and `merge` (the lab officer's merge of two contacts only the owner reported);
`none` for an address about no object, `nowhere` for a path with no operation.

A body's `"{name}"` is filled in from the target (`{version}`: the trip's version, `{trip_id}`,
`{user_id}`, ...); a value that is exactly one placeholder keeps its type (an int stays an int).
"""

# ruff: noqa: E501 -- the table is aligned in columns to be read across; its rows are long.
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("anonymous", "owner", "other", "officer", "other_officer", "oversight", "auditor")
OUTCOMES = {
    "Y": "allowed",
    "N": "hidden (404)",
    "F": "refused (403)",
    "L": "sign-in required (302 to the sign-in page / 401)",
}
MATRIX_FILE = "src/sojourn/security/tests/access_matrix.py"

GET, POST, PUT, PATCH = "GET", "POST", "PUT", "PATCH"
Body = Mapping[str, Any]


@dataclass(frozen=True)
class Row:
    """One route (a URL name, `name#variant` for a second probe of it, or an API operation
    `METHOD /api/v1/...`), how it is probed, and the outcome per role."""

    route: str
    method: str
    target: str
    expect: str
    face: str  # "web": a signed-in session; "api": a bearer token
    query: str = ""
    body: Body | None = None
    credential: bool = False

    @property
    def outcomes(self) -> dict[str, str]:
        return dict(zip(ROLES, self.expect.split(), strict=True))

    @property
    def url_name(self) -> str:
        """The URL name or the operation, without the variant."""
        return self.route.partition("#")[0]

    @property
    def is_operation(self) -> bool:
        """`METHOD /api/v1/...`, rather than a URL name."""
        return " /api/" in self.route


def web(
    route: str,
    method: str,
    target: str,
    expect: str,
    *,
    query: str = "",
    body: Body | None = None,
    credential: bool = False,
) -> Row:
    return Row(route, method, target, expect, "web", query, body, credential)


def api(route: str, target: str, expect: str, *, body: Body | None = None) -> Row:
    """An API operation, named as in the OpenAPI description: `GET /api/v1/trips/{trip_id}`."""
    return Row(route, route.partition(" ")[0], target, expect, "api", body=body)


def api_route(name: str, target: str, expect: str) -> Row:
    """An address under /api/v1/ that is no operation (the description, the docs, the rest)."""
    return Row(name, GET, target, expect, "api")


# Bodies: the least that takes a request past its form or schema to the access decision --------

VERSION: Body = {"version": "{version}"}
LEG = {"country": "DE", "starts_on": "2026-04-10", "ends_on": "2026-04-12"}
TRIP_NEW: Body = {"title": "Probe trip", "legs": [LEG]}
TRIP_RENAME: Body = {"version": "{version}", "title": "Renamed by the probe"}
WITHDRAW: Body = {"version": "{version}", "reason": ""}
CANCEL: Body = {"version": "{version}", "reason": "The probe cancels it."}
APPROVE: Body = {"decision": "approve", "version": "{version}"}
ACCEPT_DEBRIEF: Body = {"decision": "accept", "version": "{version}"}
CHECK_IN: Body = {"status": "ok"}
DEVIATE: Body = {
    "country": "AT",
    "starts_on": "2026-03-03",
    "ends_on": "2026-03-04",
    "reason": "The probe moved.",
}
DEBRIEF: Body = {"summary": "Written by the probe."}
LEGAL_HOLD: Body = {"trip_id": "{trip_id}", "reason": "The probe keeps it."}
CLEAR_HOLD: Body = {"reason": "The probe ends it."}
INVITATION: Body = {
    "event": "Probe event",
    "host_organisation": "Probe host",
    "country": "FR",
    "starts_on": "2026-05-10",
    "ends_on": "2026-05-12",
    "paid_by": "host",
}
DECLINE: Body = {"decision": "decline", "reason": "Not this year."}
ASSESS_OWNER: Body = {"traveller_id": "{user_id}", "title": "Seen from the matrix", "legs": [LEG]}
PACK: Body = {"source": "id: probe"}
CANCEL_DIRECTIVE: Body = {"kind": "cancel_trip", "trip_id": "{trip_id}", "text": "Cancelled."}
WEB_DECIDE: Body = {"decision": "approve", "version": "{version}", "seen_status": "submitted"}
WEB_CLOSE: Body = {"escalation-{escalation_id}-note": "Called the traveller: all well."}
WEB_FOLLOW_UP: Body = {"late-{trip_id}-note": "Reached the traveller: a family emergency."}
LANGUAGE: Body = {"language": "en", "next": "/"}
CONTACT_REPORT: Body = {
    "category": "stay_in_touch",
    "channel": "email",
    "occurred_on": "2026-03-01",
    "counterpart": "Probe Person",
    "narrative": "Written by the probe.",
}
DISMISSAL: Body = {"reason": "The probe judges it another person."}
REJECT: Body = {"decision": "reject"}

# The table ------------------------------------------------------------------------------------

# fmt: off
WEB: tuple[Row, ...] = (
    #   URL name                          method target          anon own oth off oof ovs aud
    # Signing in and out, the home page, the inbox, the language
    web("home",                           GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("login",                          GET,  "none",         "Y    Y   Y   Y   Y   Y   Y"),
    web("logout",                         POST, "none",         "Y    Y   Y   Y   Y   Y   Y"),
    web("inbox",                          GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("favicon",                        GET,  "none",         "Y    Y   Y   Y   Y   Y   Y"),
    web("set_language",                   POST, "none",         "Y    Y   Y   Y   Y   Y   Y",
        body=LANGUAGE),
    # Two-factor sign-in and re-authentication: each person's own
    web("mfa-verify",                     GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("mfa",                            GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("mfa-setup",                      GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("mfa-recovery-codes",             POST, "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("mfa-remove",                     POST, "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("reauthenticate",                 GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    # Signed-in browsers: each person's own; another's session is not found
    web("sessions",                       GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("session-end",                    POST, "session",      "L    Y   N   N   N   N   N"),
    # The account: each person's own; a token is revoked by its owner only
    web("account",                        GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("account-token-create",           POST, "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("account-token-revoke",           POST, "token",        "L    Y   N   N   N   N   N"),
    web("account-feed-rotate",            POST, "none",         "L    Y   Y   Y   Y   Y   Y"),
    # Naming travellers in one's feed: a choice only for the feeds that show other people's travel
    web("account-feed-names",             POST, "none",         "L    N   N   Y   Y   Y   N"),
    web("password_change",                GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("password_change_done",           GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    # A trip: read by those who look after it; acted on by its traveller
    web("trip-detail",                    GET,  "submitted",    "L    Y   N   Y   N   Y   Y"),
    web("trip-new",                       GET,  "none",         "L    Y   Y   F   F   F   F"),
    web("trip-assess",                    POST, "none",         "L    Y   Y   F   F   F   F"),
    web("trip-edit",                      GET,  "draft",        "L    Y   N   F   N   F   F"),
    web("trip-submit",                    POST, "draft",        "L    Y   N   F   N   F   F",
        body=VERSION),
    web("trip-withdraw",                  GET,  "submitted",    "L    Y   N   F   N   F   F"),
    web("trip-withdraw#post",             POST, "submitted",    "L    Y   N   F   N   F   F",
        body=WITHDRAW),
    web("trip-briefing",                  POST, "submitted",    "L    Y   N   F   N   F   F",
        body=VERSION),
    web("trip-checkin",                   GET,  "under_way",    "L    Y   N   F   N   F   F"),
    web("trip-deviation",                 GET,  "under_way",    "L    Y   N   F   N   F   F"),
    web("trip-deviation-result",          GET,  "deviation",    "L    Y   N   F   N   F   F"),
    web("trip-debrief",                   GET,  "returned",     "L    Y   N   F   N   F   F"),
    # The one-tap check-in link: the token in the address is the credential
    web("checkin-link",                   GET,  "checkin_link", "Y    Y   Y   Y   Y   Y   Y",
        credential=True),
    # Invitations: read like trips; decided by the person invited
    web("invitation-list",                GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("invitation-new",                 GET,  "none",         "L    Y   Y   F   F   F   F"),
    web("invitation-detail",              GET,  "invitation",   "L    Y   N   Y   N   Y   Y"),
    web("invitation-decline",             POST, "invitation",   "L    Y   N   F   N   F   F",
        body={"reason": "Not this year."}),
    web("invitation-accept",              POST, "invitation",   "L    Y   N   F   N   F   F"),
    # The contact register: "my contacts" for travellers, the register for the console's readers;
    # a contact and a contact report read like a trip; reports filed by travellers only
    web("contact-list",                   GET,  "none",         "L    Y   Y   Y   Y   Y   Y"),
    web("contact-report-new",             GET,  "none",         "L    Y   Y   F   F   F   F"),
    web("contact-report-new#post",        POST, "none",         "L    Y   Y   F   F   F   F",
        body={}),
    web("contact-report-detail",          GET,  "contact_report", "L  Y   N   Y   N   Y   Y"),
    web("contact-detail",                 GET,  "contact",      "L    Y   N   Y   N   Y   Y"),
    web("contact-export",                 GET,  "none",         "L    F   F   Y   Y   Y   Y"),
    # The register's review: officers decide their register's suggestions, oversight those
    # across registers (it sees the lab's but does not decide it); the auditor reads
    web("contact-suggestions",            GET,  "none",         "L    N   N   Y   Y   Y   Y"),
    web("contact-suggestion-confirm",     POST, "suggestion",   "L    N   N   Y   N   F   F"),
    web("contact-suggestion-reject",      POST, "suggestion",   "L    N   N   Y   N   F   F"),
    # Merges and splits: the register's officers; who sees the contact but may not act is refused
    web("contact-merge",                  GET,  "reported_contact", "L F   N   Y   N   F   F"),
    web("contact-merge#post",             POST, "reported_contact", "L F   N   Y   N   F   F",
        body={"into": "{into_id}"}),
    web("contact-split",                  GET,  "reported_contact", "L F   N   Y   N   F   F"),
    web("contact-split#post",             POST, "reported_contact", "L F   N   Y   N   F   F"),
    web("contact-merge-undo",             GET,  "merge",        "L    F   N   Y   N   F   F"),
    web("contact-merge-undo#post",        POST, "merge",        "L    F   N   Y   N   F   F"),
    # Clusters: an officer's register by risk; oversight's clusters across organisations
    web("contact-clusters",               GET,  "none",         "L    N   N   Y   Y   N   N"),
    web("contact-cross-clusters",         GET,  "none",         "L    N   N   N   N   Y   Y"),
    # Screening: an officer's organisation's hits, dismissed by its officers (oversight and the
    # auditor read every hit, as the API does); oversight and the auditor read the lists
    web("screening-hits",                 GET,  "none",         "L    N   N   Y   Y   Y   Y"),
    web("screening-hit",                  GET,  "hit",          "L    N   N   Y   N   Y   Y"),
    web("screening-hit-dismiss",          POST, "hit",          "L    N   N   Y   N   F   F",
        body={"reason": "The probe: another person, born in 1990."}),
    web("screening-lists",                GET,  "none",         "L    N   N   N   N   Y   Y"),
    # Exports: a person's record is for the console's readers; "my trips" for everyone
    web("trip-export",                    GET,  "person",       "L    F   N   Y   N   Y   Y",
        query="scope=person&person_id={person_id}"),
    web("trip-export#all",                GET,  "none",         "L    F   F   Y   Y   Y   Y",
        query="scope=all"),
    web("trip-export#mine",               GET,  "none",         "L    Y   Y   Y   Y   Y   Y",
        query="scope=mine"),
    # The calendar feed: the secret in the address is the credential
    web("feed-trips",                     GET,  "feed",         "Y    Y   Y   Y   Y   Y   Y",
        credential=True),
    # The console: officers and oversight decide, the auditor reads
    web("console:review-queue",           GET,  "none",         "L    F   F   Y   Y   Y   F"),
    web("console:review-decision",        GET,  "submitted",    "L    F   N   Y   N   Y   Y"),
    # The lab's single step is its officer's: oversight sees the trip but does not decide it.
    web("console:review-decision#decide", POST, "submitted",    "L    F   N   Y   N   F   F",
        body=WEB_DECIDE),
    web("console:watch",                  GET,  "none",         "L    F   F   Y   Y   Y   Y"),
    web("console:close-escalation",       POST, "escalation",   "L    F   N   Y   N   Y   F",
        body=WEB_CLOSE),
    web("console:follow-up",              POST, "under_way",    "L    F   N   Y   N   Y   F",
        body=WEB_FOLLOW_UP),
    web("console:debrief-queue",          GET,  "none",         "L    F   F   Y   Y   Y   Y"),
    web("console:debrief-review",         GET,  "debriefed",    "L    F   N   Y   N   Y   Y"),
    web("console:debrief-review#review",  POST, "debriefed",    "L    F   N   Y   N   Y   F",
        body={"decision": "accept", "comment": "", "version": "{version}"}),
    web("console:people",                 GET,  "none",         "L    F   F   Y   Y   Y   Y"),
    web("console:person",                 GET,  "person",       "L    F   N   Y   N   Y   Y"),
    # The oversight desk: oversight acts, the auditor reads, the others do not see it
    web("oversight-dashboard",            GET,  "none",         "L    N   N   N   N   Y   Y"),
    web("policy-list",                    GET,  "none",         "L    N   N   N   N   Y   Y"),
    web("policy-detail",                  GET,  "policy",       "L    N   N   N   N   Y   Y"),
    web("policy-new",                     GET,  "none",         "L    N   N   N   N   Y   F"),
    web("policy-issue",                   POST, "none",         "L    N   N   N   N   Y   F"),
    web("directive-list",                 GET,  "none",         "L    N   N   N   N   Y   Y"),
    web("advisory-new",                   GET,  "none",         "L    N   N   N   N   Y   F"),
    web("instruction-cancel",             GET,  "none",         "L    N   N   N   N   Y   F"),
    web("instruction-hold",               GET,  "none",         "L    N   N   N   N   Y   F"),
    web("run-detail",                     GET,  "run",          "L    N   N   N   N   Y   Y"),
    web("run-progress",                   GET,  "run",          "L    N   N   N   N   Y   Y"),
    web("run-now",                        POST, "run",          "L    N   N   N   N   Y   F"),
    # The audit log
    web("audit-log",                      GET,  "none",         "L    N   N   N   N   Y   Y"),
    web("retention-report",               GET,  "none",         "L    N   N   Y   Y   Y   Y"),
    web("legal-hold-trip",                POST, "debriefed",    "L    F   N   Y   N   Y   F"),
    web("legal-hold-trip-clear",          POST, "debriefed",    "L    F   N   Y   N   Y   F"),
    web("legal-hold-person",              POST, "person",       "L    F   N   Y   N   Y   F"),
    web("legal-hold-person-clear",        POST, "person",       "L    F   N   Y   N   Y   F"),
    web("audit-verify",                   POST, "none",         "L    N   N   N   N   Y   Y"),
    # Django's admin has its own rule (staff only): nobody of the cast is staff.
    web("admin",                          GET,  "none",         "L    L   L   L   L   L   L"),
)

API: tuple[Row, ...] = (
    #   operation                                          target         anon own oth off oof ovs aud
    api_route("api:openapi-json",                           "none",        "Y    Y   Y   Y   Y   Y   Y"),
    api_route("api:openapi-view",                           "none",        "Y    Y   Y   Y   Y   Y   Y"),
    api_route("api:api-root",                               "none",        "N    N   N   N   N   N   N"),
    api_route("api-not-found",                              "nowhere",     "N    N   N   N   N   N   N"),
    # Health: for load balancers and monitors, no token needed (readiness may answer 503: Y)
    api("GET /api/v1/health",                               "none",        "Y    Y   Y   Y   Y   Y   Y"),
    api("GET /api/v1/health/live",                          "none",        "Y    Y   Y   Y   Y   Y   Y"),
    api("GET /api/v1/health/ready",                         "none",        "Y    Y   Y   Y   Y   Y   Y"),
    api("GET /api/v1/me",                                   "none",        "L    Y   Y   Y   Y   Y   Y"),
    # Trips: lists are scoped (everyone lists what they may see)
    api("GET /api/v1/trips",                                "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/trips",                               "none",        "L    Y   Y   F   F   F   F",
        body=TRIP_NEW),
    api("GET /api/v1/trips/export",                         "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("GET /api/v1/trips/{trip_id}",                      "submitted",   "L    Y   N   Y   N   Y   Y"),
    api("PATCH /api/v1/trips/{trip_id}",                    "draft",       "L    Y   N   F   N   F   F",
        body=TRIP_RENAME),
    api("POST /api/v1/trips/{trip_id}/submit",              "draft",       "L    Y   N   F   N   F   F",
        body=VERSION),
    api("POST /api/v1/trips/{trip_id}/decisions",           "submitted",   "L    F   N   Y   N   F   F",
        body=APPROVE),
    api("POST /api/v1/trips/{trip_id}/withdraw",            "submitted",   "L    Y   N   F   N   F   F",
        body=VERSION),
    api("POST /api/v1/trips/{trip_id}/cancel",              "submitted",   "L    F   N   Y   N   Y   F",
        body=CANCEL),
    api("POST /api/v1/trips/{trip_id}/briefing-ack",        "submitted",   "L    Y   N   F   N   F   F",
        body=VERSION),
    # Duty of care
    api("POST /api/v1/trips/{trip_id}/checkins",            "under_way",   "L    Y   N   F   N   F   F",
        body=CHECK_IN),
    api("GET /api/v1/trips/{trip_id}/checkins",             "under_way",   "L    Y   N   Y   N   Y   Y"),
    api("POST /api/v1/trips/{trip_id}/deviations",          "under_way",   "L    Y   N   F   N   F   F",
        body=DEVIATE),
    # Debriefs
    api("GET /api/v1/trips/{trip_id}/debrief",              "debriefed",   "L    Y   N   Y   N   Y   Y"),
    # A draft is the traveller's own until they file it (as the console and the trip page say).
    api("GET /api/v1/trips/{trip_id}/debrief#draft",        "returned",    "L    Y   N   N   N   N   N"),
    api("PUT /api/v1/trips/{trip_id}/debrief",              "returned",    "L    Y   N   F   N   F   F",
        body=DEBRIEF),
    api("POST /api/v1/trips/{trip_id}/debrief/submit",      "returned",    "L    Y   N   F   N   F   F",
        body=VERSION),
    api("POST /api/v1/trips/{trip_id}/debrief/review",      "debriefed",   "L    F   N   Y   N   Y   F",
        body=ACCEPT_DEBRIEF),
    # Invitations
    api("GET /api/v1/invitations",                          "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/invitations",                         "none",        "L    Y   Y   F   F   F   F",
        body=INVITATION),
    api("GET /api/v1/invitations/{invitation_id}",          "invitation",  "L    Y   N   Y   N   Y   Y"),
    api("POST /api/v1/invitations/{invitation_id}/decision", "invitation", "L    Y   N   F   N   F   F",
        body=DECLINE),
    # Assessing a trip for the owner: themselves, or those who look after them
    api("POST /api/v1/assess",                              "person",      "L    Y   N   Y   N   Y   F",
        body=ASSESS_OWNER),
    # Policies: the rules are no secret to anyone signed in; only oversight checks and issues
    api("GET /api/v1/policies",                             "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/policies",                            "none",        "L    F   F   F   F   Y   F",
        body=PACK),
    api("GET /api/v1/policies/{pack_id}/{version}",         "policy",      "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/policies/whatif",                     "none",        "L    F   F   F   F   Y   F",
        body=PACK),
    # Directives: oversight and the auditor read them (an empty list for the others)
    api("GET /api/v1/directives",                           "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/directives",                          "submitted",   "L    F   F   F   F   Y   F",
        body=CANCEL_DIRECTIVE),
    api("GET /api/v1/directives/{directive_id}",            "directive",   "L    N   N   N   N   Y   Y"),
    # Notifications: each person's own, whatever their role
    api("GET /api/v1/notifications",                        "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/notifications/{notification_id}/read", "notification", "L  Y   N   N   N   N   N"),
    # People: for the console's readers; a person one may not see is a 404 first
    api("GET /api/v1/people",                               "none",        "L    F   F   Y   Y   Y   Y"),
    api("GET /api/v1/people/{person_id}",                   "person",      "L    F   N   Y   N   Y   Y"),
    # Legal holds: read where the pages show them, set and cleared by the organisation's officer
    # or oversight (the officer of another organisation sees neither the trip nor its hold)
    api("GET /api/v1/legal-holds",                          "none",        "L    F   F   Y   Y   Y   Y"),
    api("POST /api/v1/legal-holds",                         "debriefed",   "L    F   F   Y   N   Y   F",
        body=LEGAL_HOLD),
    api("GET /api/v1/legal-holds/{legal_hold_id}",          "legal_hold",  "L    F   F   Y   N   Y   Y"),
    api("POST /api/v1/legal-holds/{legal_hold_id}/clear",   "legal_hold",  "L    F   N   Y   N   Y   F",
        body=CLEAR_HOLD),
    # The contact register: each role's register (a traveller the contacts they reported);
    # contact reports are filed by travellers and read like trips
    api("GET /api/v1/contacts",                             "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("GET /api/v1/contacts/{contact_id}",                "contact",     "L    Y   N   Y   N   Y   Y"),
    api("GET /api/v1/contact-reports",                      "none",        "L    Y   Y   Y   Y   Y   Y"),
    api("POST /api/v1/contact-reports",                     "none",        "L    Y   Y   F   F   F   F",
        body=CONTACT_REPORT),
    api("GET /api/v1/contact-reports/{contact_report_id}",  "contact_report", "L  Y   N   Y   N   Y   Y"),
    # Suggestions: read by officers (their register's), oversight and the auditor; decided by the
    # register's officers (oversight only those across registers)
    api("GET /api/v1/contacts/suggestions",                 "none",        "L    F   F   Y   Y   Y   Y"),
    api("GET /api/v1/contacts/suggestions/{suggestion_id}", "suggestion",  "L    F   F   Y   N   Y   Y"),
    api("POST /api/v1/contacts/suggestions/{suggestion_id}/decision", "suggestion", "L F F Y N F F",
        body=REJECT),
    # Screening: the lists are oversight's and the auditor's; hits are read by officers (their
    # organisation's), oversight and the auditor, and dismissed by the organisation's officer
    api("GET /api/v1/screening/lists",                      "none",        "L    F   F   F   F   Y   Y"),
    api("GET /api/v1/screening/lists/{list_id}",            "screening_list", "L  F   F   F   F   Y   Y"),
    api("GET /api/v1/screening/hits",                       "none",        "L    F   F   Y   Y   Y   Y"),
    api("GET /api/v1/screening/hits/{hit_id}",              "hit",         "L    F   F   Y   N   Y   Y"),
    api("POST /api/v1/screening/hits/{hit_id}/dismissal",   "hit",         "L    F   F   Y   N   F   F",
        body=DISMISSAL),
)
# fmt: on

ROWS: tuple[Row, ...] = WEB + API
