from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import ArticleSitemap, CategorySitemap
from core.sitemaps import StaticViewSitemap
from core.views import robots_txt

sitemaps = {
    "pages": StaticViewSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
}

urlpatterns = [
    path("", include("core.urls")),
    path("articles/", include("articles.urls")),
    path("treatments/", include("treatments.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
