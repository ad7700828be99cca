from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import ArticleSitemap, CategorySitemap
from core.media import media_urlpatterns
from core.sitemaps import StaticViewSitemap
from core.views import robots_txt
from treatments.sitemaps import TreatmentPagesSitemap, TreatmentSitemap

sitemaps = {
    "pages": StaticViewSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
    "treatment-pages": TreatmentPagesSitemap,
    "treatments": TreatmentSitemap,
}

urlpatterns = [
    path("", include("core.urls")),
    path("articles/", include("articles.urls")),
    path("treatments/", include("treatments.urls")),
    path("decide/", include("decisions.urls")),
    path("", include("handouts.urls")),
    path("", include("sharing.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Uploaded images, served safely by Django while MEDIA_URL is local (see docs/media.md).
    *media_urlpatterns(),
]
