import re

from django import template

from core.markdown import plain_text
from references.markdown import render_markdown

register = template.Library()

CITATION = re.compile(r'\s*<sup class="cite">.*?</sup>', re.DOTALL)
# plain_text() puts a space where each tag was; none belongs before punctuation.
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")


@register.filter
def as_plain_text(markdown_text):
    """Markdown with [@key] citations as plain text without them, for a meta description."""
    text = plain_text(CITATION.sub("", render_markdown(str(markdown_text or "")).html))
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
