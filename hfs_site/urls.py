from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.feeds import ChangesFeed
from articles.sitemaps import ArticleSitemap, CategorySitemap, last_changed
from core.health import health
from core.media import media_urlpatterns
from core.views import robots_txt
from hfs_site import sitemap_views
from home.sitemaps import StaticViewSitemap
from treatments.sitemaps import TreatmentPagesSitemap, TreatmentSitemap


class PagesSitemap(StaticViewSitemap):
    last_changed = staticmethod(last_changed)


def public_address(sitemap_class):
    """The sitemap names the configured public address (DJANGO_SITE_URL), never the request's host or port."""

    class Public(sitemap_class):
        def get_protocol(self, protocol=None):
            return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

        def get_domain(self, site=None):
            return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)

    Public.__name__ = Public.__qualname__ = sitemap_class.__name__
    return Public


sitemaps = sitemap_views.limited(
    {
        name: public_address(sitemap_class)
        for name, sitemap_class in {
            "pages": PagesSitemap,
            "categories": CategorySitemap,
            "articles": ArticleSitemap,
            "treatment-pages": TreatmentPagesSitemap,
            "treatments": TreatmentSitemap,
        }.items()
    }
)

urlpatterns = [
    path("", include("home.urls")),
    path("articles/", include("articles.urls")),
    path("treatments/", include("treatments.urls")),
    path("decide/", include("decisions.urls")),
    path("", include("handouts.urls")),
    path("", include("sharing.urls")),
    path("search/", include("search.urls")),
    path("admin/", admin.site.urls),
    path("changes.atom", ChangesFeed(), name="changes_feed"),
    path("sitemap.xml", sitemap_views.sitemap_or_index, {"sitemaps": sitemaps}, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_views.section, {"sitemaps": sitemaps}, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("health/", health, name="health"),
    # Uploaded images, served safely by Django while MEDIA_URL is local (see docs/media.md).
    *media_urlpatterns(),
]
