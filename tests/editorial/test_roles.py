"""The roles created after every migrate: exactly the permissions each needs."""

import pytest
from django.contrib.auth.models import Group

from editorial.roles import EDITOR, MEDICAL_REVIEWER, PUBLISH_PERMISSION, REVIEW_PERMISSION, sync_role_groups
from editorial.workflow import can_publish, can_review
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migration_created_both_groups():
    # No fixture here: the groups come from the post_migrate handler in editorial/apps.py.
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITOR, MEDICAL_REVIEWER}


def test_editor_edits_content_but_cannot_publish_review_or_delete_pages():
    editor = perms(EDITOR)
    for model in ["articles.article", "references.reference", "articles.articleimage"]:
        app, name = model.split(".")
        assert {f"{app}.view_{name}", f"{app}.add_{name}", f"{app}.change_{name}"} <= editor
    for model in ["aspect", "outcome", "answer", "point"]:
        assert {f"treatments.add_{model}", f"treatments.change_{model}"} <= editor
    # A treatment is public as soon as it exists, so only a reviewer may add one.
    assert "treatments.change_treatment" in editor and "treatments.add_treatment" not in editor
    assert PUBLISH_PERMISSION not in editor and REVIEW_PERMISSION not in editor
    assert not {"articles.delete_article", "references.delete_reference", "treatments.delete_treatment"} & editor
    assert not any(p.startswith(("auth.", "admin.", "sessions.", "contenttypes.")) for p in editor)


def test_reviewer_has_everything_an_editor_has_plus_publishing_and_review():
    editor, reviewer = perms(EDITOR), perms(MEDICAL_REVIEWER)
    assert editor < reviewer
    assert reviewer - editor == {
        PUBLISH_PERMISSION,
        REVIEW_PERMISSION,
        "editorial.view_reviewerprofile",
        "editorial.add_reviewerprofile",
        "editorial.change_reviewerprofile",
        "treatments.add_treatment",
    }


def test_role_membership_decides_the_powers(roles):
    editor, reviewer = make_user("e", staff=True), make_user("r", staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    reviewer.groups.add(Group.objects.get(name=MEDICAL_REVIEWER))
    assert not can_publish(editor) and not can_review(editor)
    assert can_publish(reviewer) and can_review(reviewer)


def test_syncing_again_resets_a_group_to_its_definition():
    group = Group.objects.get(name=EDITOR)
    before = perms(EDITOR)
    group.permissions.clear()
    sync_role_groups()
    sync_role_groups()
    assert perms(EDITOR) == before
    assert Group.objects.filter(name=EDITOR).count() == 1
