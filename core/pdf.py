"""Printable pages as real PDF files, drawn on the server by WeasyPrint.

One helper, `html_to_pdf` (on `layout`; `pdf_response` for views), serves every PDF on the site
(the glance, handout packs, the decision summary). It never touches the network: stylesheets and
images under /static/ and /media/ are read from disk, `data:` URLs are decoded, and anything else
(another host, another path, another scheme) is refused, so a hostile link in content cannot make
the server fetch it.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint reports each rendering step at INFO level; the site's console log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class LocalFilesOnly(URLFetcher):
    """Serve /static/ and /media/ of the page's own host from disk; refuse everything else."""

    def __init__(self, *, base_url):
        super().__init__(allowed_protocols={"data", "http", "https"})
        self._host = urlsplit(base_url).netloc

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme not in ("http", "https") or parts.netloc != self._host:
            raise ValueError(f"PDF rendering fetches nothing from other hosts: {url}")
        path = self._local_path(unquote(parts.path))
        if path is None:
            raise ValueError(f"PDF rendering reads only static and media files: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    @staticmethod
    def _local_path(url_path):
        for prefix, finder in ((settings.STATIC_URL, _static_file), (settings.MEDIA_URL, _media_file)):
            if prefix and url_path.startswith(prefix):
                name = url_path.removeprefix(prefix)
                try:
                    path = finder(name)
                except (SuspiciousFileOperation, ValueError):  # the name climbs out of its folder
                    return None
                return path if path is not None and path.is_file() else None
        return None


def _static_file(name):
    # Collected files first (production: hashed names exist only there), then the finders
    # (development and tests, where nothing is collected).
    if settings.STATIC_ROOT:
        collected = Path(safe_join(settings.STATIC_ROOT, name))
        if collected.is_file():
            return collected
    found = finders.find(name)
    return Path(found) if found else None


def _media_file(name):
    return Path(safe_join(settings.MEDIA_ROOT, name))


def layout(html: str, *, base_url: str):
    """`html` laid out on its sheets (a weasyprint Document: `.pages`, `.write_pdf()`); `base_url`
    is the page's address, used to resolve relative links. Counting sheets needs no PDF file."""
    return HTML(string=html, base_url=base_url, url_fetcher=LocalFilesOnly(base_url=base_url)).render()


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """The PDF of `html`; `base_url` is the page's address, used to resolve relative links."""
    return layout(html, base_url=base_url).write_pdf()


def pdf_response(html: str, *, base_url: str, filename: str) -> HttpResponse:
    """The PDF of `html` as a response the browser shows (and saves as `filename`)."""
    response = HttpResponse(html_to_pdf(html, base_url=base_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
