from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        # Migrations cannot render Markdown (they import no project code): rows they leave
        # without HTML are rendered here, once every app is migrated.
        post_migrate.connect(render_after_migrate, sender=self, dispatch_uid="references.render_stale")


def render_after_migrate(using="default", **kwargs):
    from .rendering import render_stale

    render_stale(using=using)
