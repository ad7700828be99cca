"""Uploaded media served by Django itself, for a site with no separate web server.

Used only while MEDIA_URL is a path on this site (the default). It serves image files and
nothing else: GET and HEAD only, a fixed content type per extension (never guessed from the
file), paths resolved inside MEDIA_ROOT (no traversal, no symlinks out, no hidden files), no
directory listings, and `X-Content-Type-Options: nosniff`. Upload names are never reused, so
browsers may cache them for a year. docs/media.md explains moving media to object storage.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.urls import path as url_path
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
CACHE_CONTROL = "public, max-age=31536000, immutable"


def _media_file(relative_path):
    """The file under MEDIA_ROOT named by a URL path, or None when it must not be served."""
    parts = relative_path.split("/")
    if (
        not relative_path
        or "\\" in relative_path
        or "\x00" in relative_path
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
        or posixpath.splitext(relative_path)[1].lower() not in CONTENT_TYPES
    ):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    candidate = root.joinpath(*parts).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


@require_safe
def serve_media(request, path):
    media_file = _media_file(path)
    if media_file is None:
        raise Http404("No such media file")
    stat = media_file.stat()
    if not was_modified_since(request.headers.get("if-modified-since"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type = CONTENT_TYPES[media_file.suffix.lower()]
    response = FileResponse(media_file.open("rb"), content_type=content_type)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


def media_urlpatterns():
    """The route for serve_media, or none when MEDIA_URL points elsewhere (object storage, a CDN)."""
    media_url = settings.MEDIA_URL
    if not media_url.startswith("/") or media_url.startswith("//"):
        return []
    return [url_path(f"{media_url.lstrip('/')}<path:path>", serve_media, name="media")]
