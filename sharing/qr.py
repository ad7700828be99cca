"""QR codes drawn on the server as inline SVG, so that no script or third party is involved."""

import hashlib
from functools import lru_cache

import segno
from django.core.cache import cache
from django.utils.safestring import mark_safe

# Medium error correction survives a crease or a pen mark on a printed handout.
ERROR_LEVEL = "m"
QUIET_ZONE = 4
# Longer addresses make a code too dense to scan from paper (and cost time to draw on every
# request for, say, a junk URL on the 404 page); such pages get no code, just their address.
MAX_URL_LENGTH = 400
# A code depends on nothing but its address and label, so a drawn one is kept for long.
SHARED_SECONDS = 60 * 60 * 24 * 30


def make_qr(url):
    return segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False)


def _draw(url, label):
    # segno escapes the title; the path geometry is the only other content. The size comes from
    # CSS through viewBox, and colours are presentation attributes (the CSP forbids style="").
    svg = make_qr(url).svg_inline(
        border=QUIET_ZONE, omitsize=True, title=label, svgclass="qr-code", dark="#000", light="#fff"
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


@lru_cache(maxsize=512)
def _svg(url, label):
    # Drawing takes about 10 ms; a worker that has not drawn this code yet (a new or recycled one,
    # or one that served other pages since) reads it from the shared cache in a fraction of that.
    key = "qr-svg:" + hashlib.sha256(f"{url}\0{label}".encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(url, label)
        cache.set(key, svg, SHARED_SECONDS)
    return svg


def qr_svg(url, label):
    """An accessible inline <svg> QR code of `url` ("" for an over-long one); `label` is its text alternative."""
    url = str(url)
    if not url or len(url) > MAX_URL_LENGTH:
        return ""
    return mark_safe(_svg(url, str(label)))  # noqa: S308 - built by segno from escaped input
