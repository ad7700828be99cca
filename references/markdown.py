"""Numbered citations in Markdown: [@miller2012] or [@miller2012; @barker1995].

`render_markdown` here is core.markdown.render_markdown plus the citation extension; every page
that cites renders through it, so articles and treatments number citations the same way.
"""

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from core import markdown as core_markdown

CITATION_RE = r"\[@([A-Za-z0-9_-]+(?:\s*[;,]\s*@?[A-Za-z0-9_-]+)*)\]"
CITATION_KEY_SPLIT = re.compile(r"[;,]\s*@?")


class CitationProcessor(InlineProcessor):
    def __init__(self, pattern, extension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, m, data):
        keys = [k.strip().lower() for k in CITATION_KEY_SPLIT.split(m.group(1)) if k.strip()]
        sup = etree.Element("sup", {"class": "cite"})
        sup.text = "["
        previous = None
        for key in keys:
            number = self.extension.number_for(key)
            if previous is not None:
                previous.tail = ", "
            if number is None:
                span = etree.SubElement(sup, "span")
                span.text = "?"
                previous = span
                continue
            link = etree.SubElement(sup, "a", {"href": f"#ref-{key}", "class": "cite-link"})
            link.text = str(number)
            previous = link
        if previous is not None:
            previous.tail = (previous.tail or "") + "]"
        return sup, m.start(0), m.end(0)


class CitationExtension(Extension):
    """Numbers citations in order of first use; keys not in `known_keys` are collected."""

    def __init__(self, known_keys, numbers):
        super().__init__()
        self.known_keys = known_keys
        self.numbers = numbers
        self.cited = []
        self.unknown = []

    def number_for(self, key):
        if self.known_keys is not None and key not in self.known_keys:
            if key not in self.unknown:
                self.unknown.append(key)
            return None
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        if key not in self.cited:
            self.cited.append(key)
        return self.numbers[key]

    def extendMarkdown(self, md):
        # Above the link pattern (160) so "[@key]" is never read as a link reference.
        md.inlinePatterns.register(CitationProcessor(CITATION_RE, self), "citation", 175)


def render_markdown(text, *, known_keys=None, numbers=None, images=None):
    """Render `text` to safe HTML with numbered citations.

    known_keys: the citation keys that exist (None accepts any key).
    numbers: a dict key -> number shared by several fields rendered on one page, so the
    numbering continues; a fresh one is used when omitted.
    images: a dict slug -> ImageSource for ![alt](image:slug); other slugs are reported.
    """
    citations = CitationExtension(None if known_keys is None else set(known_keys), {} if numbers is None else numbers)
    rendered = core_markdown.render_markdown(text, images=images, extensions=[citations])
    rendered.cited_keys = citations.cited
    rendered.unknown_keys = citations.unknown
    return rendered
