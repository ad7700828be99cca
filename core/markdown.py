"""Markdown to sanitized HTML, with a table of contents (numbered citations: references.markdown).

`render_markdown` is the only way content HTML is produced. Whoever wrote the Markdown, the
output passes through nh3 with an allow-list: no script, no event handlers, no inline style,
no iframes, and only http(s) and mailto URLs.
"""

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

# ![alt](image:facial-nerve) inserts the uploaded image whose slug is facial-nerve.
IMAGE_PREFIX = "image:"
IMAGE_REF_RE = re.compile(r"\]\(\s*image:([A-Za-z0-9_-]+)")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "sup": {"id"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
ALLOWED_CLASSES = {"sup": {"cite"}, "a": {"cite-link"}}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    cited_keys: list = field(default_factory=list)
    unknown_keys: list = field(default_factory=list)
    unknown_images: list = field(default_factory=list)


@dataclass(frozen=True)
class ImageSource:
    """An uploaded image as the renderer needs it: the URLs and sizes of its renditions."""

    src: str
    srcset: str
    width: int
    height: int
    alt: str
    caption: str = ""
    sizes: str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"


class ImageTreeprocessor(Treeprocessor):
    """Resolves ![alt](image:slug) to the uploaded image; a paragraph holding only one becomes a figure.

    An unknown slug is reported and left as its alt text. The attributes set here still pass
    through the nh3 allow-list afterwards, like everything else.
    """

    def __init__(self, md, images, unknown):
        super().__init__(md)
        self.images = images
        self.unknown = unknown

    def run(self, root):
        for parent in list(root.iter()):
            for element in list(parent):
                if element.tag == "img" and element.get("src", "").startswith(IMAGE_PREFIX):
                    self._resolve(parent, element)

    def _resolve(self, parent, element):
        slug = element.get("src")[len(IMAGE_PREFIX) :]
        alt = element.get("alt", "")
        image = self.images.get(slug)
        if image is None:
            if slug not in self.unknown:
                self.unknown.append(slug)
            element.attrib.clear()
            element.tag = "span"
            element.text = alt
            return
        element.attrib.clear()
        element.attrib.update(
            {
                "src": image.src,
                "srcset": image.srcset,
                "sizes": image.sizes,
                "width": str(image.width),
                "height": str(image.height),
                "alt": alt or image.alt,
                "loading": "lazy",
                "decoding": "async",
            }
        )
        alone = parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip()
        if alone and not (element.tail or "").strip():
            parent.tag = "figure"
            if image.caption:
                caption = etree.SubElement(parent, "figcaption")
                caption.text = image.caption


class ImageExtension(Extension):
    def __init__(self, images):
        super().__init__()
        self.images = images
        self.unknown = []

    def extendMarkdown(self, md):
        # After the inline patterns (20) have turned ![..](..) into <img>.
        md.treeprocessors.register(ImageTreeprocessor(md, self.images, self.unknown), "uploaded_images", 15)


def image_slugs(text):
    """Slugs of the uploaded images that Markdown `text` refers to, in order, without repeats."""
    return list(dict.fromkeys(IMAGE_REF_RE.findall(text or "")))


def heading_id(value, separator):
    """A heading's anchor, kept clear of the ids the page templates use: "main" (the skip link's
    target), "<something>-heading" (their section headings) and "ref-<key>" (citation targets)."""
    slug = slugify(value, separator)
    if slug == "main" or slug.endswith(f"{separator}heading") or slug.startswith(f"ref{separator}"):
        return f"section{separator}{slug}"
    return slug


def _toc_entries(tokens):
    entries = []
    for token in tokens:
        if token["level"] == 2:
            entries.append({"id": token["id"], "name": html.unescape(token["name"])})
        entries.extend(_toc_entries(token.get("children", [])))
    return entries


TABLE_RE = re.compile(r"<table>(.*?)</table>", re.S)
HEAD_CELL_RE = re.compile(r"<th(?=[\s>])[^>]*>(.*?)</th>", re.S)
ROW_RE = re.compile(r"<tr>(.*?)</tr>", re.S)
BODY_CELL_RE = re.compile(r"<td(?=[\s>])")


def _label_cells(table_html):
    """Give each body cell its column's heading as data-label, so a phone can show the table as
    stacked, labelled cells (static/css/site.css) instead of cutting it off at the screen's edge."""
    head, _sep, body = table_html.partition("</thead>")
    labels = [html.escape(plain_text(cell), quote=True) for cell in HEAD_CELL_RE.findall(head)]
    if not body or not labels:
        return table_html

    def label_row(row):
        cells = iter(labels)
        return BODY_CELL_RE.sub(lambda _m: f'<td data-label="{next(cells, "")}"', row.group(0))

    return head + "</thead>" + ROW_RE.sub(label_row, body)


def _finish_tables(clean_html):
    """Header cells get scope and body cells their column's name; wide tables scroll inside a
    focusable region, and reflow into labelled cells on phones."""
    clean_html = re.sub(r"<th(?=[\s>])(?![^>]*scope)", '<th scope="col"', clean_html)
    clean_html = TABLE_RE.sub(lambda m: f"<table>{_label_cells(m.group(1))}</table>", clean_html)
    clean_html = clean_html.replace("<table>", '<div class="table-scroll" tabindex="0" role="group"><table>')
    return clean_html.replace("</table>", "</table></div>")


def sanitize_html(raw_html):
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text, *, images=None, extensions=()):
    """Render `text` to safe HTML.

    images: a dict slug -> ImageSource for ![alt](image:slug); other slugs are reported.
    extensions: further Markdown extensions from higher layers (references.markdown adds
    numbered citations); their output passes through the same allow-list.
    """
    uploaded_images = ImageExtension(images or {})
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", *extensions, uploaded_images],
        extension_configs={"toc": {"toc_depth": "2-3", "slugify": heading_id}},
        output_format="html",
    )
    raw = md.convert(text or "")
    return Rendered(
        html=_finish_tables(sanitize_html(raw)),
        toc=_toc_entries(md.toc_tokens),
        unknown_images=uploaded_images.unknown,
    )


def plain_text(rendered_html):
    """Visible text of rendered HTML, for word counts and reading-level checks."""
    text = re.sub(r"<[^>]+>", " ", rendered_html)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
