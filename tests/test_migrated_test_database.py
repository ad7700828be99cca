"""tests/conftest.py: the test database every test starts from is fully migrated, whether this
process ran the migrations or (under xdist on SQLite) copied the database of the worker that did."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.roles import EDITOR, MEDICAL_REVIEWER


@pytest.mark.django_db
def test_no_migration_is_left_to_apply_and_the_post_migrate_rows_are_there():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert ContentType.objects.filter(app_label="treatments", model="treatment").exists()
    assert Permission.objects.filter(codename="change_article").exists()
    assert Group.objects.get(name=EDITOR).permissions.exists()
    assert Group.objects.filter(name=MEDICAL_REVIEWER).exists()
