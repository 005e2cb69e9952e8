"""Issuing directives: a new policy version, an advisory, or an instruction about a trip or a
person. Only oversight issues them; each is audited and re-assesses the trips it concerns."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.directives import reassess
from sojourn.directives.models import (
    AdvisoryEffect,
    Directive,
    DirectiveKind,
    PolicyVersion,
    ReassessmentRun,
)
from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.people.today import today_for
from sojourn.policy import (
    GroupError,
    InputError,
    Pack,
    PackError,
    Problem,
    expand_destinations,
    load_pack,
)
from sojourn.trips import services as lifecycle
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Trip


def _require_oversight(actor: User) -> None:
    if role_of(actor) != Role.OVERSIGHT:
        raise NotAllowed(_("Only oversight issues directives."))


def _destination(text: str) -> str:
    text = text.strip()
    return text if text.startswith("@") else text.upper()


def _audit(actor: User, directive: Directive, now: datetime.datetime, **data: object) -> None:
    audit.record(
        actor=actor,
        action=f"directive.{directive.kind}",
        obj=directive,
        at=now,
        # The text stays on the directive, which the event names: the trail carries no words.
        data=data,
    )


VERSION_LINE = re.compile(r"^version\s*:", re.MULTILINE)


def load_new_version(text: str) -> Pack:
    """An uploaded pack that loads and is newer than its pack's latest stored version; else a
    PackError with every problem, the version one at its line."""
    pack = load_pack(text, source="upload")
    latest = PolicyVersion.objects.filter(pack_id=pack.id).order_by("-version").first()
    if latest is None or pack.version > latest.version:
        return pack
    found = VERSION_LINE.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    message = _(
        "version %(new)s is not newer than %(old)s, the latest of %(pack)s: "
        "raise it to %(next)s or more"
    ) % {"new": pack.version, "old": latest.version, "pack": pack.id, "next": latest.version + 1}
    raise PackError("upload", [Problem("version", message, line, 1 if line else None)])


def validate_pack_text(text: str) -> None:
    """Raise InvalidInput with one entry per problem, keyed by its path in the document."""
    try:
        load_pack(text, source="upload")
    except PackError as error:
        raise InvalidInput({problem.path: problem.message for problem in error.problems}) from None


@transaction.atomic
def issue_policy_version(
    *,
    actor: User,
    source: str,
    note: str,
    now: datetime.datetime,
    effective_from: datetime.datetime | None = None,
) -> tuple[Directive, ReassessmentRun]:
    """Store a new version of a pack and re-assess every open trip under it."""
    _require_oversight(actor)
    validate_pack_text(source)
    pack = load_pack(source, source="upload")
    latest = PolicyVersion.objects.filter(pack_id=pack.id).order_by("-version").first()
    if latest is not None and pack.version <= latest.version:
        raise InvalidInput(
            {
                "version": _("Version %(new)s is not newer than %(old)s, the latest of %(pack)s.")
                % {"new": pack.version, "old": latest.version, "pack": pack.id}
            }
        )
    version = PolicyVersion.objects.create(
        pack_id=pack.id,
        version=pack.version,
        title=pack.title.en,
        source=source,
        effective_from=effective_from or now,
        issued_by=actor,
        note=note.strip(),
        created_at=now,
    )
    directive = Directive.objects.create(
        kind=DirectiveKind.POLICY,
        text=note.strip() or _("Policy %(ref)s") % {"ref": version.ref},
        issued_by=actor,
        issued_at=now,
        effective_from=version.effective_from,
        policy_version=version,
    )
    _audit(actor, directive, now, policy=version.ref)
    return directive, reassess.start(directive, now=now)


@transaction.atomic
def issue_advisory(
    *,
    actor: User,
    destinations: Sequence[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    effect: str,
    text: str,
    now: datetime.datetime,
    tier: str = "",
) -> tuple[Directive, ReassessmentRun]:
    """An advisory on destinations over a window of dates, e.g. 'raise to restricted'."""
    _require_oversight(actor)
    errors: dict[str, str] = {}
    cleaned = [_destination(d) for d in destinations if d.strip()]
    if not cleaned:
        errors["destinations"] = _("Name at least one destination (a country code or @GROUP).")
    else:
        try:
            expand_destinations(cleaned)
        except (GroupError, InputError, ValueError) as error:
            errors["destinations"] = str(error)
    if ends_on < starts_on:
        errors["ends_on"] = _("The advisory cannot end before it starts.")
    if effect not in AdvisoryEffect.values:
        errors["effect"] = _("Choose raise_tier or prohibit.")
    if effect == AdvisoryEffect.RAISE_TIER and not tier.strip():
        errors["tier"] = _("Name the tier travel is raised to.")
    if not text.strip():
        errors["text"] = _("Say what the advisory is about.")
    if errors:
        raise InvalidInput(errors)
    directive = Directive.objects.create(
        kind=DirectiveKind.ADVISORY,
        text=text.strip(),
        issued_by=actor,
        issued_at=now,
        effective_from=now,
        destinations=cleaned,
        starts_on=starts_on,
        ends_on=ends_on,
        effect=effect,
        tier=tier.strip(),
    )
    _audit(
        actor,
        directive,
        now,
        destinations=cleaned,
        effect=effect,
        tier=tier.strip(),
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    return directive, reassess.start(directive, now=now)


@transaction.atomic
def instruct_cancel(*, actor: User, trip: Trip, text: str, now: datetime.datetime) -> Directive:
    """An explicit instruction to cancel one trip; the directive is the cancellation's reason."""
    _require_oversight(actor)
    if not text.strip():
        raise InvalidInput({"text": _("Give the instruction's reason.")})
    directive = Directive.objects.create(
        kind=DirectiveKind.CANCEL_TRIP,
        text=text.strip(),
        issued_by=actor,
        issued_at=now,
        effective_from=now,
        trip=trip,
    )
    _audit(actor, directive, now, trip_id=trip.pk)
    # The reason is the directive's text as written; the pages name the directive in each
    # reader's language (a prefix stored here would be in the issuer's).
    lifecycle.cancel(trip, actor=actor, reason=directive.text, now=now)
    return directive


@transaction.atomic
def instruct_hold(
    *, actor: User, person: User, hold_until: datetime.date, text: str, now: datetime.datetime
) -> tuple[Directive, ReassessmentRun]:
    """Hold all travel of a person until a date: their open trips are re-assessed at once."""
    _require_oversight(actor)
    errors: dict[str, str] = {}
    # The person's own date: a hold until today still holds through their evening.
    if hold_until < today_for(person, now):
        errors["hold_until"] = _("The hold must last until today or later.")
    if not text.strip():
        errors["text"] = _("Give the instruction's reason.")
    if errors:
        raise InvalidInput(errors)
    directive = Directive.objects.create(
        kind=DirectiveKind.HOLD_PERSON,
        text=text.strip(),
        issued_by=actor,
        issued_at=now,
        effective_from=now,
        person=person,
        hold_until=hold_until,
    )
    _audit(actor, directive, now, person_id=person.pk, hold_until=hold_until.isoformat())
    return directive, reassess.start(directive, now=now)
