from django.apps import AppConfig, apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def next_scheduled_publication():
    """The soonest future `published_at` of any content model that has one (scheduled pages)."""
    from django.db.models import Min

    now = timezone.now()
    times = []
    for model in apps.get_models():
        if model._meta.app_label in settings.CONTENT_APPS and any(
            field.name == "published_at" for field in model._meta.concrete_fields
        ):
            if model._meta.label_lower.split(".")[1].startswith("historical"):
                continue
            soonest = model._default_manager.filter(published_at__gt=now).aggregate(soonest=Min("published_at"))
            if soonest["soonest"] is not None:
                times.append(soonest["soonest"])
    return min(times, default=None)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from . import checks, http  # noqa: F401 - registers the system checks

        http.connect_signals()
        http.register_schedule(next_scheduled_publication)
