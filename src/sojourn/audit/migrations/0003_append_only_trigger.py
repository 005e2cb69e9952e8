"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit events.

TRUNCATE is left to the table's owner (the test runner's flush uses it); the deployment guide
says the application's role must not own the table. SQLite relies on the application's guard.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION sojourn_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % of audit events is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER audit_event_append_only
BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION sojourn_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS sojourn_audit_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, None)
        schema_editor.execute(TRIGGER, None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_actor_protected")]

    operations = [migrations.RunPython(install, remove)]
