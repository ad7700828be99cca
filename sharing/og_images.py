"""Link-preview cards: a 1200 x 630 PNG per article and treatment, drawn from its title.

Messaging apps show the card at roughly 300-500 px wide, so the title is set large (48 px at
the least, which is about 13 px on a phone) and wrapped to at most four lines. The cards are
kept in Django's cache under a key made from the text, so a new title draws a new card.
"""

import hashlib
import io
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = "#0b4f6c"
TEXT = "#ffffff"
ACCENT = "#ffbf47"
SOFT_TEXT = "#d9e8ef"
TITLE_SIZES = (76, 68, 60, 54, 48)
LINE_SPACING = 1.18
# Between the site name (top) and the tagline (bottom) there is room for the kicker and a title
# of this height: two lines at 76 px, three at 68 or 60, four at 54 or 48.
CONTENT_TOP = MARGIN + 90
CONTENT_BOTTOM = HEIGHT - MARGIN - 60
KICKER_HEIGHT = 56
TITLE_AREA_HEIGHT = CONTENT_BOTTOM - CONTENT_TOP - KICKER_HEIGHT
# Bump when the drawing changes, so cached cards are drawn again.
DESIGN_VERSION = "1"
CACHE_SECONDS = 60 * 60 * 24 * 30

# fonts-dejavu-core (Debian; `make font-deps` installs it). Without it, Pillow's own built-in
# scalable font is used, which is legible but has no bold weight and fewer accented letters.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font_path(name):
    path = Path(getattr(settings, "OG_IMAGE_FONT_DIR", DEFAULT_FONT_DIR)) / name
    return path if path.is_file() else None


@lru_cache(maxsize=32)
def _font(size, *, bold):
    path = _font_path("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path is None:
        logger.warning("DejaVu fonts not found; link-preview cards use Pillow's built-in font.")
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _wrap(draw, text, font, width):
    """Greedy word wrap; a word wider than a whole line is broken between letters."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while draw.textlength(current, font=font) > width:
            cut = len(current) - 1
            while cut > 1 and draw.textlength(current[:cut], font=font) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _fits(draw, lines, font, width):
    return all(draw.textlength(line, font=font) <= width for line in lines)


def line_height(size):
    return round(size * LINE_SPACING)


def max_lines(size):
    return TITLE_AREA_HEIGHT // line_height(size)


def layout_title(title, *, width=WIDTH - 2 * MARGIN):
    """The largest title size whose wrapped lines fit the card; returns (size, lines).

    At the smallest size an over-long title is cut at the last line with an ellipsis.
    """
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    for size in TITLE_SIZES:
        font = _font(size, bold=True)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= max_lines(size) and _fits(draw, lines, font, width):
            return size, lines
    size = TITLE_SIZES[-1]
    font = _font(size, bold=True)
    lines = _wrap(draw, title, font, width)[: max_lines(size)]
    last = lines[-1]
    while last and draw.textlength(f"{last}…", font=font) > width:
        last = last[:-1].rstrip()
    lines[-1] = f"{last}…"
    return size, lines


def draw_card(title, *, kicker, site_name, tagline):
    """The PNG bytes of one card."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)

    brand_font = _font(40, bold=True)
    draw.rectangle((MARGIN, MARGIN, MARGIN + 14, MARGIN + 48), fill=ACCENT)
    draw.text((MARGIN + 32, MARGIN + 2), site_name, font=brand_font, fill=TEXT)

    size, lines = layout_title(title)
    title_font = _font(size, bold=True)
    step = line_height(size)
    block_height = KICKER_HEIGHT + step * len(lines)
    top = CONTENT_TOP + (CONTENT_BOTTOM - CONTENT_TOP - block_height) // 2
    if kicker:
        draw.text((MARGIN, top), kicker.upper(), font=_font(32, bold=True), fill=ACCENT)
    y = top + KICKER_HEIGHT
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += step

    draw.text((MARGIN, HEIGHT - MARGIN - 32), tagline, font=_font(30, bold=False), fill=SOFT_TEXT)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def card_version(*parts):
    """A short digest of what is drawn: part of the cache key and of the image's address."""
    text = "\0".join([DESIGN_VERSION, *(str(part) for part in parts)])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def cached_card(title, *, kicker, site_name, tagline):
    key = f"og-card:{card_version(title, kicker, site_name, tagline)}"
    png = cache.get(key)
    if png is None:
        png = draw_card(title, kicker=kicker, site_name=site_name, tagline=tagline)
        cache.set(key, png, CACHE_SECONDS)
    return png
