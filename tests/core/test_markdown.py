"""The one Markdown renderer: features and what it must never let through (citations: tests/references)."""

import pytest
from django.test import SimpleTestCase

from core.markdown import plain_text, render_markdown


class RenderFeatures(SimpleTestCase):
    def test_headings_get_anchors_and_a_table_of_contents(self):
        out = render_markdown("## Is it serious?\n\nNo.\n\n### Detail\n\n## Causes\n\nText.")
        self.assertInHTML('<h2 id="is-it-serious">Is it serious?</h2>', out.html)
        self.assertEqual(
            out.toc, [{"id": "is-it-serious", "name": "Is it serious?"}, {"id": "causes", "name": "Causes"}]
        )

    def test_tables_get_column_scope_and_a_focusable_scroll_region(self):
        out = render_markdown("| Risk | How many |\n|---|---|\n| Hearing loss | about 2 in 100 |\n")
        self.assertInHTML('<th scope="col">Risk</th>', out.html)
        self.assertIn('<div class="table-scroll" tabindex="0" role="group"><table>', out.html)
        self.assertInHTML('<td data-label="How many">about 2 in 100</td>', out.html)

    def test_table_cells_carry_their_columns_name_escaped(self):
        out = render_markdown('| Risk *now* | A "b" <script>x</script> |\n|---|---|\n| One | Two |\n| Three | Four |\n')
        self.assertInHTML('<td data-label="Risk now">Three</td>', out.html)
        self.assertInHTML('<td data-label="A &quot;b&quot;">Two</td>', out.html)
        self.assertNotIn("<script", out.html)

    def test_plain_text_strips_tags_and_entities(self):
        self.assertEqual(plain_text("<p>Fish &amp; chips</p>\n<p>two</p>"), "Fish & chips two")


HOSTILE = [
    ("<script>alert(1)</script>Hello", ["<script", "alert(1)"]),
    ('<img src="x" onerror="alert(1)">', ["onerror"]),
    ("[click](javascript:alert(1))", ["javascript:"]),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript", "JaVaScRiPt"]),
    ('<iframe src="https://evil.example/"></iframe>', ["<iframe"]),
    ('<p style="color:red" onclick="x()">styled</p>', ["style=", "onclick"]),
    ('<div onmouseover="steal()">hover</div>', ["onmouseover"]),
    ("<svg><script>alert(1)</script></svg>", ["<svg", "<script"]),
    ('<object data="x.swf"></object><embed src="x">', ["<object", "<embed"]),
    ('<form action="https://evil.example"><input name="p"></form>', ["<form", "<input"]),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>', ["data:text"]),
    ("<style>body{display:none}</style>", ["<style", "display:none"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ["<meta", "refresh"]),
    ('<h2 onclick="x()">Title</h2>', ["onclick"]),
    ("[x](vbscript:msgbox)", ["vbscript"]),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_hostile_markdown_is_sanitized(source, forbidden):
    html = render_markdown(source).html
    for fragment in forbidden:
        assert fragment.lower() not in html.lower(), f"{fragment!r} survived in {html!r}"


def test_safe_links_survive_sanitizing():
    html = render_markdown("[PubMed](https://pubmed.ncbi.nlm.nih.gov/1/) and [glossary](/articles/glossary/#mri)").html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1/"' in html
    assert 'href="/articles/glossary/#mri"' in html


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Main", "section-main"),
        ("References heading", "section-references-heading"),
        ("Ref Miller", "section-ref-miller"),
    ],
)
def test_headings_never_take_an_id_the_page_itself_uses(heading, anchor):
    out = render_markdown(f"## {heading}\n\nText.")
    assert f'id="{anchor}"' in out.html
    assert out.toc == [{"id": anchor, "name": heading}]
