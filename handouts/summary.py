"""The summary pack, and the number of A4 sheets a pack prints on.

A summary pack holds each article's key points, each chosen treatment's short answers, the
comparison in short, ONE numbered reference list for all of it and one QR code.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from core.pdf import layout
from treatments.short_answers import shorten


@dataclass
class SummaryPack:
    pack: object  # handouts.selectors.Pack
    treatments: list  # (treatment, [ShortRow])
    comparison: list  # [ShortRow] of the compared treatments, or []


def summary_pack(pack):
    """The summary of a full pack (handouts.selectors.Pack), without further queries."""
    return SummaryPack(
        pack=pack,
        treatments=[(item.treatment, shorten(item.rows)) for item in pack.treatments],
        comparison=shorten(pack.comparison.aspect_rows) if pack.comparison else [],
    )


PAGE_COUNT_SECONDS = 24 * 60 * 60


def printed_sheets(html, *, base_url):
    """How many A4 sheets `html` prints on, counted on the layout its PDF is made from (the file
    itself is not needed); cached by the HTML itself, so any change to the pages counts again."""
    key = "handout-sheets:" + hashlib.sha256(html.encode()).hexdigest()
    sheets = cache.get(key)
    if sheets is None:
        sheets = len(layout(html, base_url=base_url).pages)
        cache.set(key, sheets, PAGE_COUNT_SECONDS)
    return sheets
