"""Formerly created the role groups with live code; editorial/apps.py now does it after every migrate.

Kept, empty, so databases that applied it and the migrations that depend on it stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0003_fill_reading_grade"),
        ("treatments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
