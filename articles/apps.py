from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    # Read by editorial.registry. Articles are never deleted by editors (only by an administrator);
    # the notes edited inline on a page can be.
    editor_permissions = {
        "article": ("view", "add", "change"),
        "articleimage": ("view", "add", "change"),
        "articlechangenote": ("view", "add", "change", "delete"),
    }

    def ready(self):
        from core.content import register_step

        from .content import ArticlesStep

        register_step(ArticlesStep())
