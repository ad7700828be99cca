"""Absolute, canonical addresses: link previews, QR codes, printed short URLs and canonical links."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings


def absolute_url(request, path, query=None):
    """The public address of `path`, with an optional list of (name, value) query pairs.

    settings.SITE_URL (DJANGO_SITE_URL) wins over the request's host, so that a QR code printed
    from a clinic's intranet mirror or a test server still carries the real public address.
    """
    base = settings.SITE_URL or (request.build_absolute_uri("/").rstrip("/") if request is not None else "")
    url = f"{base}{path}"
    if query:
        url = f"{url}?{urlencode(list(query))}"
    return url


def short_url(url):
    """The address as a person would type it from paper: no scheme, no trailing slash."""
    parts = urlsplit(url)
    text = f"{parts.netloc}{parts.path}".rstrip("/")
    if parts.query:
        text = f"{text}/?{parts.query}"
    return text
