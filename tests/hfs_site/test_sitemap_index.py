"""/sitemap.xml stays one file while the site is small and becomes Django's sitemap index when it
is large, each section file carrying at most SITEMAP_LIMIT addresses and the real lastmod."""

import re
from urllib.parse import urlsplit

import pytest

from articles.models import Article, Category
from hfs_site import sitemap_views
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_a_small_site_has_one_sitemap_file(client):
    article = make_article(title="A small site article")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<urlset" in xml and "<sitemapindex" not in xml
    assert any(loc.endswith(article.get_absolute_url()) for loc in _locations(xml))


def test_a_large_site_gets_a_sitemap_index_of_sections_with_real_lastmod(client, settings, monkeypatch):
    monkeypatch.setattr(sitemap_views, "SITEMAP_LIMIT", 5)
    import hfs_site.urls

    for section in hfs_site.urls.sitemaps.values():
        monkeypatch.setattr(section, "limit", 5)
    articles = [make_article(slug=f"many-{n}", category=Category.CAUSES) for n in range(7)]
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    sections = _locations(index)
    assert any(loc.endswith("/sitemap-articles.xml") for loc in sections)
    assert any(loc.endswith("/sitemap-articles.xml?p=2") for loc in sections)
    newest = max(article.updated_at for article in articles)
    assert f"<lastmod>{newest:%Y-%m-%d}" in index
    # Every public article is in exactly one section file.
    found = []
    for page in (1, 2):
        response = client.get("/sitemap-articles.xml", {"p": page})
        assert response.status_code == 200
        found += _locations(response.content.decode())
    expected = {a.get_absolute_url() for a in Article.objects.published()}
    assert {urlsplit(loc).path for loc in found} == expected
    assert len(found) == len(expected)
    assert client.get("/sitemap-nonsense.xml").status_code == 404
