from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import ChangesFeed
from articles.sitemaps import ArticleSitemap, CategorySitemap, last_changed
from core.media import media_urlpatterns
from core.sitemaps import StaticViewSitemap
from core.views import robots_txt
from treatments.sitemaps import TreatmentPagesSitemap, TreatmentSitemap


class PagesSitemap(StaticViewSitemap):
    last_changed = staticmethod(last_changed)


sitemaps = {
    "pages": PagesSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
    "treatment-pages": TreatmentPagesSitemap,
    "treatments": TreatmentSitemap,
}

urlpatterns = [
    path("", include("core.urls")),
    path("articles/", include("articles.urls")),
    path("treatments/", include("treatments.urls")),
    path("", include("handouts.urls")),
    path("", include("sharing.urls")),
    path("search/", include("search.urls")),
    path("admin/", admin.site.urls),
    path("changes.atom", ChangesFeed(), name="changes_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Uploaded images, served safely by Django while MEDIA_URL is local (see docs/media.md).
    *media_urlpatterns(),
]
