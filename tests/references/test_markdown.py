"""The [@key] citation extension (references.markdown) on top of core's renderer."""

from django.test import SimpleTestCase

from core.markdown import plain_text
from references.markdown import render_markdown

KEYS = {"miller2012", "barker1995"}


class Citations(SimpleTestCase):
    def test_citations_are_numbered_in_order_of_first_use(self):
        out = render_markdown("A [@barker1995]. B [@miller2012; @barker1995].", known_keys=KEYS)
        self.assertEqual(out.cited_keys, ["barker1995", "miller2012"])
        self.assertInHTML(
            '<sup class="cite">[<a class="cite-link" href="#ref-barker1995" rel="noopener noreferrer">1</a>]</sup>',
            out.html,
        )
        self.assertIn('href="#ref-miller2012" rel="noopener noreferrer">2</a>, <a class="cite-link"', out.html)

    def test_shared_numbering_continues_across_fields(self):
        numbers = {}
        render_markdown("A [@miller2012].", known_keys=KEYS, numbers=numbers)
        second = render_markdown("B [@barker1995] [@miller2012].", known_keys=KEYS, numbers=numbers)
        self.assertEqual(numbers, {"miller2012": 1, "barker1995": 2})
        self.assertIn(">2</a>]", second.html)

    def test_unknown_citation_key_is_reported_and_rendered_harmlessly(self):
        out = render_markdown("Claim [@nosuchkey].", known_keys=KEYS)
        self.assertEqual(out.unknown_keys, ["nosuchkey"])
        self.assertEqual(out.cited_keys, [])
        self.assertIn("[?]", plain_text(out.html))
        self.assertNotIn("#ref-nosuchkey", out.html)

    def test_core_renderer_alone_leaves_citation_markers_as_text(self):
        from core.markdown import render_markdown as core_render

        out = core_render("A [@miller2012].")
        self.assertIn("[@miller2012]", plain_text(out.html))
        self.assertEqual(out.cited_keys, [])
