from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")
    # Read by editorial.registry: editors keep the synonym list (patients' words) up to date.
    editor_permissions = {"synonym": ("view", "add", "change", "delete")}

    def ready(self):
        from core.content import register_step

        from .content import SynonymsStep

        register_step(SynonymsStep())
        # The index follows the content apps through their signals; they never import search.
        from . import signals

        signals.connect()
