from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = _("References")
    # Read by editorial.registry. Citations follow from the pages' text, so they are only viewed.
    editor_permissions = {"reference": ("view", "add", "change"), "citation": ("view",)}

    def ready(self):
        from core.content import register_load_context, register_step

        from . import keys
        from .content import ReferencesStep

        register_step(ReferencesStep())
        keys.connect()
        register_load_context(keys.keys_remembered)
