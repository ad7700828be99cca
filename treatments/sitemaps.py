from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from .models import Answer, Outcome, Point, PriorityFit, Treatment


def _latest(history, **lookup):
    return Subquery(
        history.filter(**lookup).order_by().values(*lookup).annotate(latest=Max("history_date")).values("latest")[:1]
    )


def with_last_changed(queryset):
    """Treatments annotated with `last_changed`: the treatment or any part shown on its page, whichever changed last."""
    parts = [
        _latest(Answer.history, treatment_id=OuterRef("pk")),
        _latest(Point.history, answer__treatment_id=OuterRef("pk")),
        _latest(Outcome.history, treatment_id=OuterRef("pk")),
        _latest(PriorityFit.history, treatment_id=OuterRef("pk")),
    ]
    # On SQLite Greatest() is NULL when any argument is, so a treatment without outcomes falls back.
    return queryset.annotate(last_changed=Greatest("updated_at", *(Coalesce(part, "updated_at") for part in parts)))


class TreatmentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return with_last_changed(Treatment.objects.only("slug", "updated_at")).order_by("order", "pk")

    def lastmod(self, treatment):
        return treatment.last_changed


class TreatmentPagesSitemap(Sitemap):
    """The list and the comparison of every option."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        changed = [treatment.last_changed for treatment in with_last_changed(Treatment.objects.only("updated_at"))]
        self.changed = max(changed, default=None)
        return ["list", "compare"]

    def location(self, name):
        return reverse(f"treatments:{name}")

    def lastmod(self, name):
        return self.changed
