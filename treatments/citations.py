"""One numbered reference list per page, shared by every text rendered on it.

Each text is rendered once by core.markdown.render_markdown and cached; the citation numbers in
the cached HTML are then rewritten to the page's own numbering. The result is exactly what
render_markdown gives with a `numbers` dict shared by the page (tests/treatments/test_citations.py
checks that), without paying for a Markdown parse of every cell on every request.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from references.markdown import render_markdown
from references.models import Reference

CITE_LINK_RE = re.compile(r'(<a class="cite-link" href="#ref-([^"]+)"[^>]*>)\d+(</a>)')


@lru_cache(maxsize=8192)
def _rendered(text):
    rendered = render_markdown(text)
    return rendered.html, tuple(rendered.cited_keys)


@dataclass(frozen=True)
class Citation:
    """Shaped like articles.Citation for templates/includes/reference_list.html."""

    number: int
    reference: Reference


class PageCitations:
    def __init__(self):
        self.numbers = {}
        self.known = {}

    def number(self, key):
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def render(self, text, references=()):
        """Sanitized HTML for Markdown `text`; `references` are cited at its end."""
        source = (text or "").strip()
        keys = [reference.key for reference in references]
        for reference in references:
            self.known[reference.key] = reference
        if keys:
            source = f"{source} [@{'; @'.join(keys)}]"
        html, cited = _rendered(source)
        for key in cited:
            self.number(key)
        # Only render_markdown's own output is marked safe, with its numbers rewritten.
        renumbered = CITE_LINK_RE.sub(lambda m: f"{m.group(1)}{self.number(m.group(2))}{m.group(3)}", html)
        return mark_safe(renumbered)  # noqa: S308 - nh3-sanitized render_markdown output; only digits change

    def cite(self, references):
        """A citation marker like render_markdown's, for sources given apart from any text."""
        references = [reference for reference in references if reference is not None]
        if not references:
            return ""
        for reference in references:
            self.known[reference.key] = reference
        links = format_html_join(
            ", ",
            '<a class="cite-link" href="#ref-{}" rel="noopener noreferrer">{}</a>',
            ((reference.key, self.number(reference.key)) for reference in references),
        )
        return format_html('<sup class="cite">[{}]</sup>', links)

    def add(self, references):
        """Number further sources that no text cites, after the cited ones."""
        for reference in references:
            self.known[reference.key] = reference
            self.number(reference.key)

    def citations(self):
        """The page's reference list, in number order; one query for keys cited only in text."""
        missing = [key for key in self.numbers if key not in self.known]
        if missing:
            self.known.update(Reference.objects.in_bulk(missing, field_name="key"))
        return [Citation(number, self.known[key]) for key, number in self.numbers.items() if key in self.known]
