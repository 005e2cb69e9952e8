from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("debriefs", "0002_debrief_no_meetings"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="debrief",
            index=models.Index(fields=["reviewed_at", "id"], name="debrief_reviewed_idx"),
        ),
    ]
