"""Outcomes as natural frequencies in words and as a 10 x 10 icon array drawn in SVG.

Words first: the picture is a help, the sentence is the information. Values under 1 in 100
cannot be drawn as whole people, so they are said per 1,000 and the picture says so.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

GRID = 10
CELL = 12  # SVG units per person, including the gap


def round_half_up(value):
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def per_thousand(value):
    return round_half_up(Decimal(value) * 10)


def thousand():
    return number_format(1000, force_grouping=True)


def in_hundreds(value):
    """Whether the value is said (and drawn) per 100 rather than per 1,000."""
    return Decimal(value) >= 1 or per_thousand(value) >= 10


def frequency(value):
    """'about 91 in 100', 'about 1 in 1,000', 'fewer than 1 in 1,000' or 'none in 100'."""
    value = Decimal(value)
    if value >= 1:
        return _("about %(count)s in 100") % {"count": round_half_up(value)}
    if value <= 0:
        return _("0 in 100")
    if in_hundreds(value):
        return _("about 1 in 100")
    count = per_thousand(value)
    if count == 0:
        return _("fewer than 1 in %(thousand)s") % {"thousand": thousand()}
    return _("about %(count)s in %(thousand)s") % {"count": count, "thousand": thousand()}


def frequency_sentence(value, unit_label, *, upper_limit=False):
    """'About 91 in 100 people', 'About 1 in 1,000 people (fewer than 1 in 100)'.

    upper_limit: the source gave only a ceiling ("under 0.1%"): 'At most about 1 in 1,000 people'.
    """
    phrase = frequency(value)
    if upper_limit and Decimal(value) > 0:
        phrase = _("at most %(frequency)s") % {"frequency": phrase}
    sentence = _("%(frequency)s %(unit)s") % {"frequency": phrase, "unit": unit_label}
    sentence = sentence[:1].upper() + sentence[1:]
    if Decimal(value) > 0 and not in_hundreds(value):
        sentence = _("%(sentence)s (fewer than 1 in 100)") % {"sentence": sentence}
    return sentence


def is_upper_limit(value, low, high):
    """An estimate from 0 up to the value itself: the source reported only "fewer than" the value."""
    return Decimal(low) == 0 and Decimal(value) == Decimal(high) > 0


def range_sentence(low, high, value=None):
    """'Studies found between 73 and 98 in 100.', or None when the source gave one figure (or only
    a ceiling, which the frequency sentence already says)."""
    low, high = Decimal(low), Decimal(high)
    if low == high or (value is not None and is_upper_limit(value, low, high)):
        return None
    if low >= 1 or (low == 0 and high >= 1):
        low_n, high_n = round_half_up(low), round_half_up(high)
        if low_n == high_n:
            return _("Studies found about %(count)s in 100.") % {"count": low_n}
        return _("Studies found between %(low)s and %(high)s in 100.") % {"low": low_n, "high": high_n}
    if high < 1:
        low_n, high_n = per_thousand(low), per_thousand(high)
        if low_n == high_n:
            return _("Studies found %(frequency)s.") % {"frequency": frequency(high)}
        return _("Studies found between %(low)s and %(high)s in %(thousand)s.") % {
            "low": low_n,
            "high": high_n,
            "thousand": thousand(),
        }
    return _("Studies found between %(low)s and %(high)s.") % {"low": frequency(low), "high": frequency(high)}


def filled_count(value):
    """Whole people to fill in: a value under 1 in 100 fills none (the words say so)."""
    return min(GRID * GRID, round_half_up(value)) if in_hundreds(value) else 0


# A head and shoulders inside one CELL x CELL tile; the grid repeats it with an SVG pattern.
PERSON = "M4,3.2a2,2 0 1,0 4,0a2,2 0 1,0 -4,0ZM2.5,11v-3.4q0,-2.1 2.1,-2.1h2.8q2.1,0 2.1,2.1v3.4Z"


def _rects(filled):
    """(x, y, width, height) areas of filled and empty people, filling row by row from the top left."""
    full_rows, rest = divmod(filled, GRID)
    on = [(0, 0, GRID, full_rows), (0, full_rows, rest, 1)]
    off = (
        [(rest, full_rows, GRID - rest, 1), (0, full_rows + 1, GRID, GRID - full_rows - 1)] if full_rows < GRID else []
    )

    def keep(areas):
        return [tuple(n * CELL for n in area) for area in areas if area[2] > 0 and area[3] > 0]

    return keep(on), keep(off)


def icon_array_svg(value, label, uid):
    """A 10 x 10 grid of people; filled figures first. `label` is its text alternative and `uid`
    makes the pattern ids unique on the page. The paint is given as presentation attributes too
    (the stylesheet's rules say the same), so that PDF renderers without CSS for SVG draw it."""
    filled = filled_count(value)
    on, off = _rects(filled)
    size = GRID * CELL
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})"/>',
        [(*area, uid, "on") for area in on] + [(*area, uid, "off") for area in off],
    )
    return format_html(
        '<svg class="icon-array-svg" role="img" aria-label="{label}" viewBox="0 0 {size} {size}" width="{size}" '
        'height="{size}" data-filled="{filled}" focusable="false"><defs>'
        '<pattern id="{uid}-on" width="{cell}" height="{cell}" patternUnits="userSpaceOnUse">'
        '<path class="icon-on" fill="currentColor" d="{person}"/></pattern>'
        '<pattern id="{uid}-off" width="{cell}" height="{cell}" patternUnits="userSpaceOnUse">'
        '<path class="icon-off" fill="#ffffff" stroke="#5f6b73" stroke-width="0.8" d="{person}"/></pattern>'
        "</defs>{rects}</svg>",
        label=label,
        size=size,
        filled=filled,
        uid=uid,
        cell=CELL,
        person=PERSON,
        rects=rects,
    )


def picture_note(value, unit_label):
    """What the picture shows, in words: '91 of the 100 figures are filled in.'"""
    filled = filled_count(value)
    if filled == 0 and Decimal(value) > 0:
        return _("None of the 100 figures is filled in: fewer than 1 in 100 is too few to show as a whole figure.")
    return ngettext(
        "%(count)s of the 100 figures is filled in.",
        "%(count)s of the 100 figures are filled in.",
        filled,
    ) % {"count": filled}
