"""Field names follow docs/glossary.md: a deviation's span is starts_on/ends_on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("care", "0004_open_escalations_index")]

    operations = [
        # The constraint names the old columns: out first, back in after.
        migrations.RemoveConstraint(
            model_name="deviation", name="deviation_end_not_before_start"
        ),
        migrations.RenameField("deviation", "start_date", "starts_on"),
        migrations.RenameField("deviation", "end_date", "ends_on"),
        migrations.AddConstraint(
            model_name="deviation",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                name="deviation_end_not_before_start",
            ),
        ),
    ]
