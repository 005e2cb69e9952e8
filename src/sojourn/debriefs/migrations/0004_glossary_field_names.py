"""Field names follow docs/glossary.md: the person met is the counterpart, as on a planned
meeting."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("debriefs", "0003_reviewed_index")]

    operations = [
        migrations.RenameField("debriefmeeting", "person_name", "counterpart"),
        migrations.AlterField(
            model_name="debriefmeeting",
            name="counterpart",
            field=models.CharField(max_length=200, verbose_name="counterpart"),
        ),
    ]
