"""The two editorial roles, as Django groups with exactly the permissions they need.

A data migration creates them with `sync_role_groups`; running it again (for example from a
later migration that adds a model) resets each group to this list.
"""

from django.apps import apps as global_apps
from django.db.models import Q

EDITOR = "Editor"
MEDICAL_REVIEWER = "Medical reviewer"

PUBLISH_PERMISSION = "editorial.publish_content"
REVIEW_PERMISSION = "editorial.review_content"

# app label -> model -> actions. Top-level pages are never deleted by editors (only by an
# administrator); the parts edited inline on a page (notes, answers, points, outcomes) can be.
# Treatments have no draft state, so a new treatment (public at once) is a reviewer's to add.
EDITOR_PERMISSIONS = {
    "articles": {
        "article": ("view", "add", "change"),
        "reference": ("view", "add", "change"),
        "articleimage": ("view", "add", "change"),
        "articlechangenote": ("view", "add", "change", "delete"),
        "citation": ("view",),
    },
    "editorial": {"revision": ("view",)},  # the state of the changes they sent
    "treatments": {
        "treatment": ("view", "change"),
        "aspect": ("view", "add", "change"),
        "measure": ("view", "add", "change"),
        "answer": ("view", "add", "change", "delete"),
        "point": ("view", "add", "change", "delete"),
        "outcome": ("view", "add", "change", "delete"),
        "priority": ("view", "add", "change"),
        "priorityfit": ("view", "add", "change", "delete"),
    },
}
REVIEWER_EXTRA_PERMISSIONS = {
    "editorial": {"reviewerprofile": ("view", "add", "change")},
    "treatments": {"treatment": ("add",)},
}
REVIEWER_POWERS = [PUBLISH_PERMISSION, REVIEW_PERMISSION]


def _expand(table):
    return [(app, f"{action}_{model}") for app, models in table.items() for model, actions in models.items()
            for action in actions]  # fmt: skip


def role_permissions():
    """{group name: [(app_label, codename), ...]}"""
    editor = _expand(EDITOR_PERMISSIONS)
    reviewer = editor + _expand(REVIEWER_EXTRA_PERMISSIONS) + [tuple(p.split(".")) for p in REVIEWER_POWERS]
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
