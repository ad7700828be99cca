from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Treatment


class TreatmentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Treatment.objects.only("slug", "updated_at").order_by("order", "pk")

    def lastmod(self, treatment):
        return treatment.updated_at


class TreatmentPagesSitemap(Sitemap):
    """The list and the comparison of every option."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return ["list", "compare"]

    def location(self, name):
        return reverse(f"treatments:{name}")
