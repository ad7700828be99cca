import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_home_explains_hfs_and_links_to_questions_categories_and_treatments(client):
    content = client.get("/").content.decode()
    assert "one side of the face" in content
    assert "Is it serious?" in content
    assert 'href="/articles/frequently-asked-questions/#is-it-serious"' in content
    for slug in [
        "about-hfs",
        "causes",
        "symptoms",
        "diagnosis",
        "treatments",
        "living-with-hfs",
        "questions-and-answers",
    ]:
        assert f'href="/articles/category/{slug}/"' in content
    assert f'href="{reverse("treatments:list")}"' in content


def test_base_layout_has_skip_link_landmarks_and_no_third_party_assets(client):
    content = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<nav" in content and "<footer" in content
    assert "http://" not in content.split("<body>")[0].replace("http://testserver", "")
    assert "cdn" not in content.lower()


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sitemap_lists_every_public_page_and_no_drafts(client):
    public = make_article(slug="public-one")
    make_article(slug="secret-draft", status=Article.Status.DRAFT)
    content = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{public.get_absolute_url()}" in content
    assert "secret-draft" not in content
    assert "http://testserver/articles/category/causes/" in content
    assert "<loc>http://testserver/</loc>" in content


def test_robots_txt_points_to_sitemap_and_keeps_admin_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_server_error_shows_the_500_page(settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("boom/", broken)], "handler500": None})
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_a_plain_explanation():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


def test_a_handout_form_sent_from_another_site_gets_the_same_explanation():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/handouts/new/", {"articles": []}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


def test_a_missing_page_is_not_offered_for_sharing_or_indexing(client):
    content = client.get("/no/such/page/").content.decode()
    assert 'rel="canonical"' not in content
    assert 'property="og:url"' not in content
    assert '<meta name="robots" content="noindex">' in content


def test_too_many_query_parameters_get_a_styled_400_page(client):
    response = client.get("/treatments/compare/?" + "&".join(f"p{i}=1" for i in range(1200)))
    assert response.status_code == 400
    assert "We could not understand that address" in response.content.decode()
