"""What the editorial app knows of the content apps, learned from what they declare.

The content apps sit below editorial and never import it; editorial finds their models instead:
- a page with a review cycle is a concrete subclass of core.models.ReviewedContent, and names
  the field that titles it in `title_field`;
- a model whose history the dashboard lists has `history` (django-simple-history) and a
  `page_lookup`: the path from one of its rows to the page it belongs to ("" for a page itself);
- the role permissions are each AppConfig's `editor_permissions` and `reviewer_permissions`
  ({model name: actions}).
"""

from django.apps import apps

from core.models import ReviewedContent


def reviewed_models():
    """Pages with a review cycle, in INSTALLED_APPS order."""
    return [model for model in apps.get_models() if issubclass(model, ReviewedContent) and not model._meta.abstract]


def _field_path(*parts):
    return "__".join(part for part in parts if part)


def history_sources():
    """{model: (title expression, page model, page id expression)} for every model with a page."""
    sources = {}
    for model in apps.get_models():
        if not hasattr(model, "history") or not hasattr(model, "page_lookup"):
            continue
        lookup = model.page_lookup
        page = model
        for name in filter(None, lookup.split("__")):
            page = page._meta.get_field(name).related_model
        title_field = getattr(page, "title_field", None)
        if title_field is None:
            continue
        sources[model] = (_field_path(lookup, title_field), page, _field_path(lookup, "id") if lookup else "id")
    return sources


def role_tables(attribute):
    """{app label: {model name: actions}} from each app's declared `attribute`."""
    return {
        config.label: dict(getattr(config, attribute))
        for config in apps.get_app_configs()
        if getattr(config, attribute, None)
    }
