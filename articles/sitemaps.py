from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Article, Category


def last_changed_by_category():
    """{category: when a public article in it last changed}."""
    rows = Article.objects.published().order_by().values("category").annotate(changed=Max("updated_at"))
    return {row["category"]: row["changed"] for row in rows}


def last_changed():
    """When any public article last changed: the lists and the home page change with it."""
    return Article.objects.published().aggregate(changed=Max("updated_at"))["changed"]


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, article):
        # Saved in admin or by the loader only when something changed, including a new review.
        return article.updated_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate, not every article read to take the newest.
        return last_changed()


class CategorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        self.changed = last_changed_by_category()
        return Category.values

    def location(self, category):
        return reverse("articles:category", kwargs={"slug": category})

    def lastmod(self, category):
        return self.changed.get(category)
