from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = _("References")
    # Read by editorial.registry. Citations follow from the pages' text, so they are only viewed.
    editor_permissions = {"reference": ("view", "add", "change"), "citation": ("view",)}

    def ready(self):
        from core.content import register_step

        from .content import ReferencesStep

        register_step(ReferencesStep())
