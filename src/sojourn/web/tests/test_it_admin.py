"""The Django admin: every registered model's list renders with its filters for a superuser,
and nobody else gets in."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from sojourn.testing import builders

MODELS = {
    f"{model._meta.app_label}_{model._meta.model_name}": model
    for model in admin.site._registry
    if model._meta.app_label not in {"auth"}
}


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.test", "x" * 16)


@pytest.mark.parametrize("name", MODELS)
def test_each_changelist_renders_with_data(client, superuser, cast, now, name):
    builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin"),
        departed_at=now + 31 * builders.DAY,
        returned_at=now + 36 * builders.DAY,
        filed_at=now + 37 * builders.DAY,
        by_worker=True,
    )
    client.force_login(superuser)
    # Counted first: a list of audit events is itself audited, one more event per row shown.
    rows = MODELS[name]._default_manager.count()

    response = client.get(reverse(f"admin:{name}_changelist"))

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert str(changelist.opts.verbose_name_plural).lower() in response.content.decode().lower()
    # Every listed column and filter resolved against real rows (a bad name raises above).
    assert changelist.result_count == rows


def test_the_trip_changelist_lists_and_filters(client, superuser, cast, now):
    builders.submitted(cast.traveller, now, builders.Itinerary(title="Filtered trip"))
    client.force_login(superuser)

    page = client.get(reverse("admin:trips_trip_changelist"), {"status": "submitted"})

    assert b"Filtered trip" in page.content
    closed = client.get(reverse("admin:trips_trip_changelist"), {"status": "closed"})
    assert closed.context["cl"].result_count == 0


def test_the_audit_trail_cannot_be_edited_in_the_admin(client, superuser, cast, now):
    builders.submitted(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(superuser)
    from sojourn.audit.models import AuditEvent

    # The trip's first event (the cast's accounts and people have theirs before it).
    event = AuditEvent.objects.get(action="trip.created")
    change = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "forged"}
    )
    delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})

    assert change.status_code in (302, 403)
    assert delete.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "trip.created"


@pytest.mark.parametrize("who", ["traveller", "officer", "oversight", "auditor"])
def test_sojourn_roles_do_not_get_into_the_admin(client, cast, who):
    client.force_login(getattr(cast, who))

    response = client.get(reverse("admin:trips_trip_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
