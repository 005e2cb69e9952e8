"""The retention sweep's one row, so that claiming a sweep is one UPDATE from the first pass on."""

from django.db import migrations


def make_the_row(apps, schema_editor):
    apps.get_model("retention", "Sweep").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0005_retention_sweep"),
    ]

    operations = [
        migrations.RunPython(make_the_row, migrations.RunPython.noop),
    ]
