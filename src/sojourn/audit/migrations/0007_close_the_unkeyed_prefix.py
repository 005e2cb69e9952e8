"""A trail written before keys gets its closing keyed event (`audit.keyed`) now.

From here on `verify` refuses a trail with no keyed event (it can only have been rewritten by
someone without the key), and refuses unkeyed events after a keyed one. An empty trail needs
nothing: its first event is keyed.
"""

import datetime

from django.conf import settings
from django.db import migrations

from sojourn.audit import sealing


def close_prefix(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    last = AuditEvent.objects.order_by("-seq").first()
    if last is None or last.key_id:
        return
    if not settings.SOJOURN_AUDIT_KEYS:
        raise RuntimeError("SOJOURN_AUDIT_KEYS is required to migrate a trail written before keys")
    key_id, secret = settings.SOJOURN_AUDIT_KEYS[0]
    event = AuditEvent(
        seq=last.seq + 1,
        at=datetime.datetime.now(datetime.UTC),
        actor_label="system",
        action=sealing.KEYED,
        object_type="audit.auditchainhead",
        object_id="1",
        data={"unkeyed_events": last.seq},
        prev_hash=last.hash,
        key_id=key_id,
    )
    event.hash = sealing.seal(
        sealing.canonical(
            seq=event.seq,
            at=event.at,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            data=event.data,
            prev_hash=event.prev_hash,
            key_id=key_id,
        ),
        secret.encode(),
    )
    event.save()
    AuditChainHead.objects.update_or_create(
        id=1, defaults={"seq": event.seq, "last_hash": event.hash}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_keyed_events")]

    operations = [migrations.RunPython(close_prefix, migrations.RunPython.noop)]
