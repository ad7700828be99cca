"""The edge: bad hosts, headers, body limits, cookies and the health endpoint."""

import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_article


def test_a_disallowed_host_gets_a_plain_400_without_a_traceback(db, caplog):
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Traceback" not in body
    assert "evil.example" not in body
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


def test_a_disallowed_host_with_debug_off_never_reaches_the_error_page(db, settings):
    settings.DEBUG = False
    response = Client(HTTP_HOST="127.0.0.1.evil.example:8000").get("/articles/")
    assert response.status_code == 400


def test_canonical_links_never_take_the_requests_port(client, db, settings):
    settings.SITE_URL = "https://hfsguide.example"
    article = make_article()
    html = Client(HTTP_HOST="testserver:6666").get(article.get_absolute_url()).content.decode()
    assert ":6666" not in html
    assert f'href="https://hfsguide.example{article.get_absolute_url()}"' in html


def test_robots_txt_names_the_configured_address(client, db, settings):
    settings.SITE_URL = "https://hfsguide.example"
    body = Client(HTTP_HOST="testserver:6666").get("/robots.txt").content.decode()
    assert "Sitemap: https://hfsguide.example/sitemap.xml" in body


@pytest.mark.parametrize("path", ["/", "/robots.txt", "/admin/login/", "/no/such/page/"])
def test_every_response_has_a_permissions_policy(client, db, path):
    policy = client.get(path)["Permissions-Policy"]
    assert "camera=()" in policy
    assert "geolocation=()" in policy
    assert "microphone=()" in policy


def test_a_large_body_from_a_reader_is_refused_before_it_is_read(client, db):
    response = client.generic(
        "POST", "/handouts/new/", b"x" * (65 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_the_handout_builder_sets_no_cookie(client, db):
    response = client.get("/handouts/new/")
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_health_checks_the_database_and_the_cache(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.cookies


def test_health_fails_on_a_database_without_the_site_tables(client, db):
    """An empty database (SQLite makes one where a moved file was) is not a healthy site."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"


def test_the_sitemap_names_the_configured_address(db, settings):
    settings.SITE_URL = "https://hfsguide.example"
    article = make_article()
    body = Client(HTTP_HOST="testserver:6666").get("/sitemap.xml").content.decode()
    assert f"<loc>https://hfsguide.example{article.get_absolute_url()}</loc>" in body
    assert ":6666" not in body


def test_a_disallowed_host_gets_the_plain_400_even_where_https_redirects(db, settings):
    settings.SECURE_SSL_REDIRECT = True  # the redirect itself would ask for the host
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
