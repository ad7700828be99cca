from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticViewSitemap(Sitemap):
    """Pages that list articles: they change when any public article does (see `last_changed`)."""

    changefreq = "monthly"
    priority = 0.6
    # A callable returning the latest change of what these pages list; the project wires it in.
    last_changed = None

    def items(self):
        self.changed = self.last_changed() if self.last_changed else None
        return ["core:home", "articles:list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.changed
