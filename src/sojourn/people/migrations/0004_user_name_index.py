"""An index on the login table in the order the console lists people (first name, last name,
username, id), so a page of the people list reads its rows in index order instead of sorting
every person. The table is Django's (auth.User), so the index is created here, by name."""

from django.db import migrations

INDEX = "people_user_name_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_organisation_policy_pack"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON auth_user (first_name, last_name, username, id)",
            f"DROP INDEX {INDEX}",
        ),
    ]
