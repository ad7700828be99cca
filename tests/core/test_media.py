"""Uploaded images are served with DEBUG off by a small view that serves images and nothing else."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from core.media import media_urlpatterns

pytestmark = pytest.mark.django_db

WEBP = bytes.fromhex("524946461a000000574542505650384c0d0000002f0000000000000000000000")  # RIFF....WEBPVP8L


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    (root / "images" / "abc").mkdir(parents=True)
    (root / "images" / "abc" / "nerve-480w.webp").write_bytes(WEBP)
    (root / "images" / "abc" / "nerve.JPG").write_bytes(b"\xff\xd8\xff\xe0jpeg")
    (root / "images" / "abc" / "page.html").write_text("<script>alert(1)</script>")
    (root / "images" / "abc" / "drawing.svg").write_text("<svg onload=alert(1)></svg>")
    (root / "images" / ".hidden.png").write_bytes(b"x")
    outside = root.parent / "secret.png"
    outside.write_bytes(b"TOP-SECRET-BYTES")
    (root / "images" / "link.png").symlink_to(outside)
    return root


def test_an_image_is_served_with_safe_headers_and_no_cookie(client, media):
    response = client.get("/media/images/abc/nerve-480w.webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content) == WEBP
    assert not response.cookies
    assert client.get("/media/images/abc/nerve.JPG")["Content-Type"] == "image/jpeg"


def test_an_unchanged_image_is_not_sent_again(client, media):
    first = client.get("/media/images/abc/nerve-480w.webp")
    again = client.get("/media/images/abc/nerve-480w.webp", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/abc/page.html",  # never active content
        "/media/images/abc/drawing.svg",
        "/media/images/abc/",  # no directory listing
        "/media/images/",
        "/media/images/.hidden.png",
        "/media/images/link.png",  # a symlink out of MEDIA_ROOT
        "/media/images/abc/../../secret.png",
        "/media/images/abc/%2e%2e/%2e%2e/secret.png",
        "/media/images/abc/..%2f..%2fsecret.png",
        "/media/images/abc/nerve-480w.webp%00.png",
        "/media/images\\abc\\nerve-480w.webp",
        "/media/images/abc/missing.png",
        "/media/%2Fetc%2Fpasswd.png",
    ],
)
def test_anything_else_is_a_404(client, media, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"TOP-SECRET-BYTES" not in response.content


def test_only_get_and_head(client, media):
    assert client.head("/media/images/abc/nerve-480w.webp").status_code == 200
    assert client.post("/media/images/abc/nerve-480w.webp").status_code == 405


def test_no_route_once_media_lives_elsewhere():
    with override_settings(MEDIA_URL="https://cdn.example.org/media/"):
        assert media_urlpatterns() == []
    assert [p.name for p in media_urlpatterns()] == ["media"]
    assert settings.MEDIA_URL == "/media/"
