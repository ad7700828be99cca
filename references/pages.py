"""A page's reference list: the references its stored texts cite, in site-wide number order.

A page shows stored HTML (references.rendering); each text's citation links name the keys it
cites, so showing a text through `PageReferences.show` is what puts its sources on the list.
The list costs one query, however many texts the page shows.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import Reference

CITED_KEY_RE = re.compile(r'<a class="cite-link" href="#ref-([a-z0-9_-]+)"')


@dataclass(frozen=True)
class Citation:
    """Shaped like references.Citation for templates/includes/reference_list.html."""

    number: int
    reference: Reference


def cited_keys(html):
    """The keys stored HTML cites, in order of first use."""
    return list(dict.fromkeys(CITED_KEY_RE.findall(str(html or ""))))


class PageReferences:
    """The references one page (or one handout pack) cites."""

    def __init__(self):
        self.keys = {}  # key -> Reference, or None until the list is read
        self._citations = None

    @property
    def numbers(self):
        """The keys cited so far (their count is how many sources the page has)."""
        return self.keys

    def show(self, html):
        """Stored HTML of a text (a `*_html` field, made only by references.rendering.render_cited,
        which sanitizes it with nh3), marked safe, its sources added to the page's list."""
        for key in cited_keys(html):
            self.keys.setdefault(key, None)
        self._citations = None
        return mark_safe(html or "")  # noqa: S308 - stored render_cited output, sanitized on save

    def cite(self, references):
        """A citation marker like render_cited's, for sources given apart from any text."""
        references = [reference for reference in references if reference is not None]
        if not references:
            return ""
        self.add(references)
        links = format_html_join(
            ", ",
            '<a class="cite-link" href="#ref-{}" rel="noopener noreferrer">{}</a>',
            ((reference.key, reference.number) for reference in references),
        )
        return format_html('<sup class="cite">[{}]</sup>', links)

    def add(self, references):
        """Further sources that no shown text cites (a treatment's further reading)."""
        for reference in references:
            self.keys[reference.key] = reference
        self._citations = None

    def citations(self):
        """The page's reference list in number order; one query for the sources only cited in text."""
        if self._citations is None:
            missing = [key for key, reference in self.keys.items() if reference is None]
            if missing:
                self.keys.update(Reference.objects.in_bulk(missing, field_name="key"))
            found = sorted((ref for ref in self.keys.values() if ref is not None), key=lambda ref: ref.number)
            self._citations = [Citation(reference.number, reference) for reference in found]
        return self._citations
