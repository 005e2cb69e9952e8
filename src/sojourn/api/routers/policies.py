"""Policy versions: every authenticated role reads them (the rules travellers are held to are
no secret); only oversight checks a new version, previews what it would change (what-if) and
issues it — the same steps as the web's policy upload."""

from __future__ import annotations

from typing import Annotated

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.routers.directives import shown
from sojourn.api.schemas.directives import Directive
from sojourn.api.schemas.people import Organisation
from sojourn.api.schemas.policies import (
    PackProblem,
    PolicyFilters,
    PolicyUpload,
    PolicyUploadIn,
    PolicyVersion,
    PolicyVersionSummary,
    WhatIf,
    WhatIfIn,
)
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE
from sojourn.directives import registry, selectors, services
from sojourn.directives.models import PolicyVersion as PolicyVersionModel
from sojourn.directives.whatif import whatif as what_if
from sojourn.people.access import role_of
from sojourn.people.models import Organisation as OrganisationModel
from sojourn.people.models import Role
from sojourn.policy import Pack, PackError, Problem

router = Router()
# A database id: one out of the database's range is refused (422) rather than looked up.
PackId = Annotated[str, Path(max_length=80, description="The pack's id, e.g. `research-security`.")]
PolicyVersionNumber = Annotated[
    int, Path(ge=1, le=2**63 - 1, description="The version's number within its pack.")
]

PACK_WRITE = {**WRITE, 422: PackProblem}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _oversight(request: HttpRequest) -> User:
    user = _user(request)
    if role_of(user) != Role.OVERSIGHT:
        raise ApiError(403, _("Only oversight checks and issues policy versions."))
    return user


def _following(user: User) -> dict[str, list[Organisation]]:
    """Which of the organisations the viewer may see follow each pack: one query."""
    following: dict[str, list[Organisation]] = {}
    for organisation in OrganisationModel.objects.visible_to(user).order_by("name", "id"):
        following.setdefault(registry.pack_id_for(organisation), []).append(
            Organisation.of(organisation)
        )
    return following


def _out(
    version: PolicyVersionModel, following: dict[str, list[Organisation]]
) -> PolicyVersionSummary:
    """Reads the `in_force_pk` that `selectors.policy_versions` annotates."""
    in_force = getattr(version, "in_force_pk", None) == version.pk
    return PolicyVersionSummary.of(
        version, in_force=in_force, followed_by=following.get(version.pack_id, [])
    )


def _refused(problems: list[Problem]) -> ApiError:
    errors: dict[str, str] = {}
    for problem in problems:
        path = problem.path or "source"
        errors[path] = "; ".join(filter(None, [errors.get(path), str(problem)]))
    return ApiError(
        422,
        _("The policy pack cannot be accepted."),
        errors=errors,
        problems=[
            {
                "path": problem.path,
                "message": problem.message,
                "line": problem.line,
                "column": problem.column,
            }
            for problem in problems
        ],
    )


def _pack(source: str) -> Pack:
    """The pack, if it loads and its version is newer than its pack's latest (as the web's
    upload form checks); else a 422 with every problem, at its line and column."""
    try:
        return services.load_new_version(source)
    except PackError as error:
        raise _refused(list(error.problems)) from None


def _upload_out(
    pack: Pack, policy: PolicyVersionSummary | None = None, directive: Directive | None = None
) -> PolicyUpload:
    return PolicyUpload(
        pack_id=pack.id,
        version=pack.version,
        ref=pack.ref,
        title=pack.title.in_language(get_language()),
        tiers=[tier.name for tier in pack.tiers],
        issued=policy is not None,
        policy=policy,
        directive=directive,
    )


@router.get(
    "",
    response={200: Page[PolicyVersionSummary], **COMMON},
    operation_id="list_policies",
    summary="Policy versions",
    description="Every version of every pack, by pack and newest version first, each with "
    "whether it is in force and who follows its pack.",
    openapi_extra=answers(
        "One page of policy versions; `next` is the `cursor` of the following page."
    ),
)
def list_policies(request: HttpRequest, filters: Query[PolicyFilters]) -> dict[str, object]:
    now = timezone.now()
    versions = selectors.policy_versions(now)
    if filters.pack_id:
        versions = versions.filter(pack_id=filters.pack_id)
    page = paginate(versions, filters, order=["pack_id", "-version", "id"])
    following = _following(_user(request))
    page["items"] = [_out(version, following) for version in page["items"]]
    return page


@router.get(
    "/{pack_id}/{int:version}",
    response={200: PolicyVersion, **READ_ONE},
    operation_id="get_policy",
    summary="A policy version, with its YAML",
    description="One version of a pack: whether it is in force, the organisations that follow "
    "its pack, and its YAML source.",
    openapi_extra=answers("The policy version with its YAML."),
)
def get_policy(
    request: HttpRequest, pack_id: PackId, version: PolicyVersionNumber
) -> PolicyVersion:
    now = timezone.now()
    found = selectors.policy_versions(now).filter(pack_id=pack_id, version=version).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    summary = _out(found, _following(_user(request)))
    return PolicyVersion(**summary.model_dump(), source=found.source)


@router.post(
    "",
    response={200: PolicyUpload, 201: PolicyUpload, **PACK_WRITE},
    operation_id="upload_policy",
    summary="Check a new policy version, or issue it",
    description="Oversight only. The YAML is loaded strictly: an invalid pack, or a version "
    "not newer than its pack's latest, is a 422 listing every problem with its path, line and "
    "column. Without `issue` nothing is stored (200). With `issue: true` the version is stored "
    "and issued as a directive, and the open trips of the organisations that follow the pack "
    "are re-assessed by the worker (201; follow `directive.run`). Preview the effect first with "
    "`POST /policies/whatif`.",
    openapi_extra={
        "responses": {
            200: {"description": "The pack is valid; nothing was stored."},
            201: {"description": "The version as stored, and the directive that issued it."},
        }
    },
)
def upload_policy(request: HttpRequest, payload: PolicyUploadIn) -> Status[PolicyUpload]:
    now = timezone.now()
    user = _oversight(request)
    pack = _pack(payload.source)
    if not payload.issue:
        return Status(200, _upload_out(pack))
    directive, _run = services.issue_policy_version(
        actor=user,
        source=payload.source,
        note=payload.note,
        now=now,
        effective_from=payload.effective_from,
    )
    assert directive.policy_version is not None
    stored = selectors.policy_versions(now).get(pk=directive.policy_version.pk)
    return Status(
        201,
        _upload_out(pack, _out(stored, _following(user)), shown(user, directive.pk)),
    )


@router.post(
    "/whatif",
    response={200: WhatIf, **PACK_WRITE},
    operation_id="preview_policy",
    summary="Preview what a policy version would change",
    description="Oversight only. Every open trip of the organisations that follow the pack "
    "(every open trip, when none does yet) assessed under it: the counts, and the trips whose "
    "tier, route or approvals would change (at most `limit`; `changed` gives the total). "
    "Nothing is written.",
    openapi_extra=answers("The counts, and the open trips that would change."),
)
def whatif(request: HttpRequest, payload: WhatIfIn) -> WhatIf:
    now = timezone.now()
    _oversight(request)
    pack = _pack(payload.source)
    return WhatIf.of(what_if(pack, now=now), payload.limit)
