"""Formerly re-synced the role groups with live code; editorial/apps.py now does it after every migrate.

Kept, empty, so databases that applied it and the migrations that depend on it stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_role_groups"),
        ("treatments", "0003_changed_since_review"),
        ("articles", "0004_changed_since_review"),
    ]

    operations = []
