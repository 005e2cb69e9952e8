"""Field names follow docs/glossary.md: a leg's span is starts_on/ends_on, a planned meeting's
subject is topics (as on a meeting held)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("trips", "0005_watch_and_title_search_indexes")]

    operations = [
        # The constraint and the index name the old columns: out first, back in after.
        migrations.RemoveConstraint(model_name="leg", name="leg_end_not_before_start"),
        migrations.RemoveIndex(model_name="leg", name="trips_leg_country_609dc3_idx"),
        migrations.RenameField("leg", "start_date", "starts_on"),
        migrations.RenameField("leg", "end_date", "ends_on"),
        migrations.RenameField("plannedmeeting", "topic", "topics"),
        migrations.AlterModelOptions(
            name="leg",
            options={
                "ordering": ["trip", "position", "starts_on"],
                "verbose_name": "leg",
                "verbose_name_plural": "legs",
            },
        ),
        migrations.AlterField(
            model_name="leg", name="starts_on", field=models.DateField(verbose_name="from")
        ),
        migrations.AlterField(
            model_name="leg", name="ends_on", field=models.DateField(verbose_name="until")
        ),
        migrations.AlterField(
            model_name="plannedmeeting",
            name="topics",
            field=models.CharField(blank=True, max_length=300, verbose_name="topics"),
        ),
        migrations.AddConstraint(
            model_name="leg",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                name="leg_end_not_before_start",
            ),
        ),
        migrations.AddIndex(
            model_name="leg",
            index=models.Index(fields=["country", "starts_on"], name="leg_country_starts_idx"),
        ),
    ]
