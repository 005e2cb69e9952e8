"""Django's admin is no back door: sensitive models are read-only there, every row of them it
shows leaves an audit event (ids, never values), and every write it makes is in the chain.

The walk covers every model the admin registers (Sojourn's and the libraries'), each of its five
views, as a superuser, on a world that has a row of every sensitive model registered.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from sojourn.audit.models import AuditEvent
from sojourn.audit.sensitive import SENSITIVE_MODELS, is_sensitive
from sojourn.audit.services import verify_chain
from sojourn.care.models import CheckIn
from sojourn.notify.models import Notification
from sojourn.people.models import Organisation
from sojourn.trips.models import PlannedMeeting, Trip

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _reads_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, action="admin.read"))


def _last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return 0 if last is None else last.seq


def _read_ids(seq: int, model: type[Model]) -> set[str]:
    events = _reads_since(seq)
    assert all(set(event.data) == {"view"} for event in events), "a read event carries values"
    return {e.object_id for e in events if e.object_type == model._meta.label_lower}


def _problems_of(client, model: type[Model]) -> list[str]:
    """What is wrong with the admin of `model`: a sensitive row shown without an audit event, or
    any way to write a sensitive model."""
    label = model._meta.label_lower
    row = model._default_manager.order_by("pk").first()
    if row is None:
        return [f"{label}: the world has no row to read"] if is_sensitive(model) else []
    pk = str(row.pk)
    problems = []
    for view, url in {
        "changelist": _url(model, "changelist"),
        "change": _url(model, "change", pk),
        "history": _url(model, "history", pk),
    }.items():
        before = _last_seq()
        status = client.get(url).status_code
        if status != 200:
            problems.append(f"{label} {view}: {status}")
        elif is_sensitive(model) and pk not in _read_ids(before, model):
            problems.append(f"{label} {view}: shown without an audit event")
    if not is_sensitive(model):
        return problems
    writes = {
        "add": client.get(_url(model, "add")),
        "delete": client.get(_url(model, "delete", pk)),
        "delete (confirmed)": client.post(_url(model, "delete", pk), {"post": "yes"}),
        "change (posted)": client.post(_url(model, "change", pk), {}),
    }
    problems += [
        f"{label} {view}: {r.status_code}" for view, r in writes.items() if r.status_code != 403
    ]
    listing = client.get(_url(model, "changelist"))
    if "delete_selected" in listing.context["cl"].model_admin.get_actions(listing.wsgi_request):
        problems.append(f"{label}: the list offers bulk deletion")
    if not model._default_manager.filter(pk=row.pk).exists():
        problems.append(f"{label}: the row was deleted")
    return problems


def test_every_admin_view_of_a_sensitive_model_is_audited_and_read_only(client, superuser, world):
    """GIVEN a row of every sensitive model WHEN a superuser opens every view of every registered
    model THEN each sensitive row shown left an `admin.read` event and nothing could be written."""
    client.force_login(superuser)
    assert {m._meta.label_lower for m in REGISTERED} & SENSITIVE_MODELS

    problems = [problem for model in REGISTERED for problem in _problems_of(client, model)]

    assert problems == []
    assert verify_chain().ok


def test_every_listed_row_of_a_sensitive_model_is_a_read(client, superuser, world):
    client.force_login(superuser)
    before = _last_seq()

    page = client.get(_url(Notification, "changelist"))

    listed = {str(row.pk) for row in page.context["cl"].result_list}
    assert len(listed) >= 2
    assert _read_ids(before, Notification) == listed


def test_sensitive_rows_inline_in_another_page_are_reads(client, superuser, world):
    """A trip's page shows its planned meetings (who the traveller will meet): each is a read."""
    client.force_login(superuser)
    meeting = PlannedMeeting.objects.first()
    assert meeting is not None
    before = _last_seq()

    page = client.get(_url(Trip, "change", meeting.trip_id))

    assert page.status_code == 200
    shown = set(PlannedMeeting.objects.filter(trip_id=meeting.trip_id).values_list("pk", flat=True))
    assert _read_ids(before, PlannedMeeting) == {str(pk) for pk in shown}


def test_a_deletion_that_would_take_sensitive_rows_along_is_refused(client, superuser, world):
    client.force_login(superuser)
    checkin = CheckIn.objects.select_related("trip").first()
    assert checkin is not None
    before = _last_seq()

    summary = client.get(_url(Trip, "delete", checkin.trip_id))
    refused = client.post(_url(Trip, "delete", checkin.trip_id), {"post": "yes"})

    assert refused.status_code == 403
    assert Trip.objects.filter(pk=checkin.trip_id).exists()
    assert str(checkin.pk) in _read_ids(before, CheckIn)
    assert summary.status_code == 200


def test_every_admin_write_is_in_the_chain(client, superuser, db):
    """GIVEN a superuser WHEN they add, change and delete an organisation in the admin THEN each
    is an audit event in the verified chain, beside Django's own log."""
    client.force_login(superuser)
    fields = {
        "name": "Harbour Lab",
        "slug": "harbour",
        "home_country": "CN",
        "time_zone": "UTC",
        "sectors": '["ai"]',
        "created_at_0": "2026-03-01",
        "created_at_1": "09:00:00",
    }

    client.post(_url(Organisation, "add"), fields)
    org = Organisation.objects.get(slug="harbour")
    client.post(_url(Organisation, "change", org.pk), {**fields, "name": "Harbour Labs"})
    client.post(_url(Organisation, "delete", org.pk), {"post": "yes"})

    events = AuditEvent.objects.filter(object_type="people.organisation", object_id=str(org.pk))
    assert [(e.action, e.actor_label) for e in events] == [
        ("admin.added", "root"),
        ("admin.changed", "root"),
        ("admin.deleted", "root"),
    ]
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert "Harbour" not in str([e.data for e in events])
    assert verify_chain().ok


def test_the_sensitive_list_names_real_models():
    from django.apps import apps

    known = {model._meta.label_lower for model in apps.get_models()}
    assert known >= SENSITIVE_MODELS, sorted(SENSITIVE_MODELS - known)


@pytest.mark.parametrize("name", ["index", "login", "trips_trip_changelist", "password_change"])
def test_a_closed_admin_answers_404_even_to_a_superuser(client, superuser, settings, name):
    settings.SOJOURN_ADMIN_ENABLED = False
    client.force_login(superuser)

    assert client.get(reverse(f"admin:{name}")).status_code == 404
    assert client.get("/admin/no/such/page/").status_code == 404


def _production(**env: str) -> str:
    """What the production settings make of the admin, in a fresh process."""
    import os
    import subprocess
    import sys
    import tempfile

    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from sojourn.audit.checks import admin_break_glass;"
        "print(s.SOJOURN_ADMIN_ENABLED, [m.id for m in admin_break_glass()])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
    production = {
        "DJANGO_SETTINGS_MODULE": "sojourn.settings",
        "SOJOURN_ENV": "production",
        "SOJOURN_SECRET_KEY": "k" * 30 + "Q2w3E4r5T6y7U8i9O0pAsDfGhJkL",
        "SOJOURN_ALLOWED_HOSTS": "travel.example.org",
        "SOJOURN_ENCRYPTION_KEYS": "k1:m2tfUOUMn8XnW4iPgTzqC1J8jxL9y7oJfVv6kAVd3sE=",
        "SOJOURN_VAR_DIR": tempfile.mkdtemp(),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **production, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_closes_the_admin_unless_break_glass_opens_it():
    assert _production() == "False []"
    assert _production(SOJOURN_ADMIN_BREAK_GLASS="true") == "True ['sojourn.W010']"
