"""Re-syncs the role groups: editors and reviewers see revisions (the review queue)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from editorial.roles import sync_role_groups


def create_role_groups(apps, schema_editor):
    # As in 0002: the new model's permissions are needed before post_migrate creates them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0004_revisions")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
