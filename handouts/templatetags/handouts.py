import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

TAG_RE = re.compile(r"<[A-Za-z][^>]*>")
ID_ATTRIBUTE_RE = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|aria-controls|headers)="([^"]*)"')
FRAGMENT_LINK_RE = re.compile(r'\bhref="#([^"]+)"')
FRAGMENT_URL_RE = re.compile(r"url\(#([^)]+)\)")


@register.filter
def namespace_ids(html, prefix):
    """Prefix every id in rendered HTML, and every in-page reference to one, with `prefix`.

    A pack puts several pages in one document, and each page reuses ids like "toc" or a heading's
    id. Citation links (#ref-key) are left alone: they lead to the pack's one reference list.
    Only attribute values change, so HTML that was safe stays safe; anything else is escaped.
    """
    text = str(html) if isinstance(html, SafeData) else escape(html)
    prefix = escape(prefix)

    def rewrite_tag(match):
        # Inside start tags only: the same words in the page's text stay as they are.
        tag = ID_ATTRIBUTE_RE.sub(
            lambda m: '{}="{}"'.format(m.group(1), " ".join(f"{prefix}-{value}" for value in m.group(2).split())),
            match.group(0),
        )
        tag = FRAGMENT_LINK_RE.sub(
            lambda m: m.group(0) if m.group(1).startswith("ref-") else f'href="#{prefix}-{m.group(1)}"', tag
        )
        return FRAGMENT_URL_RE.sub(lambda m: f"url(#{prefix}-{m.group(1)})", tag)

    return mark_safe(TAG_RE.sub(rewrite_tag, text))  # noqa: S308 - only id values of safe (or escaped) HTML change


@register.simple_tag(takes_context=True)
def further_sources(context, references):
    """Put a page's further sources (no text cites them) on the pack's one reference list."""
    context["cites"].add(references)
    return ""
