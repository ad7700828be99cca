"""The role groups come from a post_migrate handler (editorial/apps.py), not a data migration."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from editorial.roles import EDITOR, MEDICAL_REVIEWER, role_permissions

pytestmark = pytest.mark.django_db


def perms(name):
    group = Group.objects.get(name=name)
    return {(p.content_type.app_label, p.codename) for p in group.permissions.select_related("content_type")}


def test_migrate_creates_the_groups_again_with_exactly_their_permissions():
    Group.objects.filter(name__in=[EDITOR, MEDICAL_REVIEWER]).delete()
    call_command("migrate", verbosity=0)
    wanted = role_permissions()
    assert perms(EDITOR) == set(wanted[EDITOR])
    assert perms(MEDICAL_REVIEWER) == set(wanted[MEDICAL_REVIEWER])


def test_migrate_resets_a_group_someone_changed():
    Group.objects.get(name=EDITOR).permissions.clear()
    call_command("migrate", verbosity=0)
    assert perms(EDITOR) == set(role_permissions()[EDITOR])


def test_the_permissions_come_from_what_each_app_declares():
    editor = set(role_permissions()[EDITOR])
    # Declared on ReferencesConfig, ArticlesConfig and TreatmentsConfig; none named in editorial.
    declared = {("references", "change_reference"), ("articles", "change_article"), ("treatments", "change_answer")}
    assert declared <= editor
    assert ("treatments", "add_treatment") in set(role_permissions()[MEDICAL_REVIEWER]) - editor


def test_no_migration_imports_the_role_code():
    import ast
    from pathlib import Path

    from django.conf import settings

    for path in Path(settings.BASE_DIR).glob("*/migrations/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("editorial"), f"{path} imports {node.module}"
