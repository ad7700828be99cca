from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = _("Treatments")
    # Read by editorial.registry. The parts edited inline on a page can be deleted. A treatment
    # has no draft state (it is public as soon as it exists), so adding one is a reviewer's power.
    editor_permissions = {
        "treatment": ("view", "change"),
        "aspect": ("view", "add", "change"),
        "measure": ("view", "add", "change"),
        "answer": ("view", "add", "change", "delete"),
        "point": ("view", "add", "change", "delete"),
        "outcome": ("view", "add", "change", "delete"),
        "priority": ("view", "add", "change"),
        "priorityfit": ("view", "add", "change", "delete"),
    }
    reviewer_permissions = {"treatment": ("add",)}

    def ready(self):
        from core.content import register_step

        from .content import TreatmentsStep

        register_step(TreatmentsStep())
