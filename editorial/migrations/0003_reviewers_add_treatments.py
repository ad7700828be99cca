"""Re-syncs the role groups: adding a treatment (public at once) becomes a reviewer's power."""

from django.db import migrations

from editorial.roles import sync_role_groups


def resync(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_role_groups"),
        ("treatments", "0003_changed_since_review"),
        ("articles", "0004_changed_since_review"),
    ]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
