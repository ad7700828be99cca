"""Reading level of rendered content: the one place the site measures it.

The grade is Flesch-Kincaid (textstat) over the prose a reader reads from top to bottom:
paragraphs, list items, definitions and quotes. Tables, headings, figures, code, citation
markers and the reference list are left out, because they are not sentences and would distort
the score. The admin shows it, and the content tests hold every shipped page to it.
"""

import html
from html.parser import HTMLParser

import textstat

# Above this grade an editor is warned: patient information aims at a reading age of 12-13.
GRADE_LIMIT = 8

# Text inside these elements is not prose.
SKIPPED_TAGS = {"table", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "pre", "code", "nav", "script", "style"}
# Each of these starts a new block of prose.
BLOCK_TAGS = {"p", "li", "dd", "dt", "blockquote", "div", "section", "ul", "ol", "dl", "br"}
SENTENCE_END = (".", "?", "!", ":", ";")
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


class _ProseParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._current = []
        self._skip_stack = []  # open tags whose content is skipped

    def _flush(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def _is_skipped(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            return True
        classes = (dict(attrs).get("class") or "").split()
        # Citation markers ([1, 2]) and the reference list are not prose.
        return (tag == "sup" and "cite" in classes) or "references" in classes

    def handle_starttag(self, tag, attrs):
        if self._skip_stack:
            if tag not in VOID_TAGS:
                self._skip_stack.append(tag)
            return
        if self._is_skipped(tag, attrs):
            self._flush()
            if tag not in VOID_TAGS:
                self._skip_stack.append(tag)
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if not self._skip_stack and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if self._skip_stack:
            if tag in self._skip_stack:
                # Pop up to and including the matching tag (tolerates unclosed children).
                while self._skip_stack and self._skip_stack.pop() != tag:
                    pass
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._skip_stack:
            self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def prose_text(rendered_html):
    """The prose of rendered HTML as sentences, one block per line.

    A block that does not end a sentence (a list item without a full stop) gets one, so that
    list items count as short sentences rather than merging into one long one.
    """
    parser = _ProseParser()
    parser.feed(rendered_html or "")
    parser.close()
    blocks = [html.unescape(block) for block in parser.blocks]
    return "\n".join(block if block.endswith(SENTENCE_END) else f"{block}." for block in blocks)


def readability_grade(rendered_html):
    """Flesch-Kincaid grade of the prose in `rendered_html`, rounded to 0.1; None when there is no prose."""
    text = prose_text(rendered_html)
    if not text.split():
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


def is_above_limit(grade):
    return grade is not None and grade > GRADE_LIMIT
