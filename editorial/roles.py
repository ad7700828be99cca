"""The two editorial roles, as Django groups with exactly the permissions they need.

Each app declares what an editor may do with its models (`editor_permissions` on its AppConfig)
and what only a medical reviewer may add (`reviewer_permissions`). A post_migrate handler
(editorial/apps.py) runs `sync_role_groups` after every migrate, resetting each group to that.
"""

from django.apps import apps as global_apps
from django.db.models import Q

from .registry import role_tables

EDITOR = "Editor"
MEDICAL_REVIEWER = "Medical reviewer"

PUBLISH_PERMISSION = "editorial.publish_content"
REVIEW_PERMISSION = "editorial.review_content"

REVIEWER_POWERS = [PUBLISH_PERMISSION, REVIEW_PERMISSION]


def _expand(table):
    return [(app, f"{action}_{model}") for app, models in table.items() for model, actions in models.items()
            for action in actions]  # fmt: skip


def role_permissions():
    """{group name: [(app_label, codename), ...]}, from what each app declares (editorial.registry)."""
    editor = _expand(role_tables("editor_permissions"))
    reviewer = editor + _expand(role_tables("reviewer_permissions")) + [tuple(p.split(".")) for p in REVIEWER_POWERS]
    return {EDITOR: editor, MEDICAL_REVIEWER: reviewer}


def _model_exists(apps, app_label, codename):
    action, _, model_name = codename.partition("_")
    if action not in ("view", "add", "change", "delete"):
        return True  # a custom permission, declared in some model's Meta
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def sync_role_groups(apps=global_apps):
    """Create or update the role groups. Models that do not exist (yet) are left out."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    installed = {config.label for config in apps.get_app_configs()}
    roles = role_permissions()
    wanted = {pair for pairs in roles.values() for pair in pairs if pair[0] in installed and _model_exists(apps, *pair)}
    lookup = Q()
    for app_label, codename in wanted:
        lookup |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(lookup).select_related("content_type")
    }
    missing = sorted(wanted - found.keys())
    if missing:
        raise LookupError(f"These permissions do not exist (is a model renamed?): {missing}")
    for name, pairs in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([found[pair] for pair in pairs if pair in found])
