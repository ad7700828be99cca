import pytest
from django.test import SimpleTestCase

from references.markdown import render_markdown
from tests.factories import make_reference
from treatments.citations import PageCitations

TEXTS = [
    "Works in 9 in 10 [@miller2012; @wang1998] and *more*.",
    "Lasts [@defazio2002]. Again [@miller2012].",
    "No citation here.",
    "A list:\n\n- one [@wang1998]\n- two [@barker1995]",
]


class PageCitationsTests(SimpleTestCase):
    def test_numbers_match_render_markdown_with_a_shared_numbers_dict(self):
        cites, numbers = PageCitations(), {}
        for text in TEXTS:
            self.assertHTMLEqual(cites.render(text), render_markdown(text, numbers=numbers).html)
        self.assertEqual(cites.numbers, numbers)
        self.assertEqual(list(cites.numbers), ["miller2012", "wang1998", "defazio2002", "barker1995"])

    def test_a_cached_text_is_renumbered_for_each_page(self):
        first, second = PageCitations(), PageCitations()
        first.render("Before [@wang1998].")
        html = first.render(TEXTS[1])
        self.assertIn('href="#ref-defazio2002" rel="noopener noreferrer">2<', html)
        html = second.render(TEXTS[1])
        self.assertIn('href="#ref-defazio2002" rel="noopener noreferrer">1<', html)

    def test_a_hand_written_citation_link_is_numbered_too(self):
        html = PageCitations().render('See <a class="cite-link" href="#ref-made-up">9</a>.')
        self.assertIn(">1</a>", html)

    def test_hostile_markdown_is_sanitized(self):
        html = PageCitations().render("<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))")
        self.assertNotIn("<script", html)
        self.assertNotIn("onerror", html)
        self.assertNotIn("javascript:", html)


@pytest.mark.django_db
def test_references_given_apart_from_text_are_cited_and_listed_in_number_order(django_assert_num_queries):
    miller = make_reference(key="miller2012")
    wang = make_reference(key="wang1998")
    make_reference(key="defazio2002")
    cites = PageCitations()
    point = cites.render("About 9 in 10.", [miller])
    assert 'href="#ref-miller2012"' in point and ">1</a>]</sup>" in point
    assert cites.cite([wang]) == (
        '<sup class="cite">[<a class="cite-link" href="#ref-wang1998" rel="noopener noreferrer">2</a>]</sup>'
    )
    cites.render("Only in text [@defazio2002].")
    with django_assert_num_queries(1):
        listed = cites.citations()
    assert [(c.number, c.reference.key) for c in listed] == [(1, "miller2012"), (2, "wang1998"), (3, "defazio2002")]
