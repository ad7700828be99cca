"""tests/conftest.py: after a transactional test the migrated rows are copied back, not remade.

The first test changes the migrated rows and listens for post_migrate; the second checks what the
flush after it left (fully when both run in one process, as they do without xdist).
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_migrate

from editorial.roles import EDITOR, MEDICAL_REVIEWER

pytestmark = pytest.mark.django_db(transaction=True)

seen = {}


def _on_post_migrate(**kwargs):
    seen["post_migrate"] = seen.get("post_migrate", 0) + 1


def _state():
    return {
        "content_types": sorted(ContentType.objects.values_list("pk", "app_label", "model")),
        "permissions": sorted(Permission.objects.values_list("pk", "codename", "content_type_id")),
        "groups": {group.name: sorted(group.permissions.values_list("pk", flat=True)) for group in Group.objects.all()},
    }


def test_a_transactional_test_changes_the_migrated_rows():
    seen["before"] = _state()
    assert {EDITOR, MEDICAL_REVIEWER} <= set(seen["before"]["groups"])
    assert seen["before"]["groups"][EDITOR]
    Group.objects.create(name="made by a test")
    Group.objects.get(name=EDITOR).permissions.clear()
    ContentType.objects.filter(app_label="handouts").delete()
    post_migrate.connect(_on_post_migrate, dispatch_uid="tests.flush_keeps_migrated_rows")


def test_the_next_one_finds_them_as_migrate_left_them_without_post_migrate_running_again():
    post_migrate.disconnect(dispatch_uid="tests.flush_keeps_migrated_rows")
    assert Group.objects.get(name=EDITOR).permissions.exists()
    assert ContentType.objects.filter(app_label="handouts").exists()
    assert not Group.objects.filter(name="made by a test").exists()
    if "before" in seen:  # the test before ran in this process (always, unless xdist sent it elsewhere)
        assert seen.get("post_migrate", 0) == 0, "the flush ran the post_migrate handlers again"
        assert _state() == seen["before"], "the migrated rows did not come back as they were"
