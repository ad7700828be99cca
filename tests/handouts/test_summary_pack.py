"""The summary pack: the builder's default, short, one reference list, its sheet count."""

import re

import pytest
from django.core.cache import cache

from handouts.models import Handout
from tests.factories import make_reference
from treatments.models import Answer, Aspect

pytestmark = pytest.mark.django_db

NEW = "/handouts/new/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def answered(treatments):
    """Each treatment answers two questions, each answer citing a source in two sentences."""
    make_reference(key="alpha")
    make_reference(key="beta")
    works = Aspect.objects.create(slug="effectiveness", question="How well does it work?", order=1)
    risks = Aspect.objects.create(slug="risks", question="What are the risks?", order=2)
    for treatment in treatments:
        Answer.objects.create(
            treatment=treatment,
            aspect=works,
            summary=f"About 8 in 10 people do well with {treatment.name} [@alpha]. More detail here [@beta].",
        )
        Answer.objects.create(treatment=treatment, aspect=risks, summary="Few, and mostly short-lived ones [@beta].")
    return treatments


def test_the_builder_offers_the_summary_first_and_by_default(client, articles, treatments):
    html = client.get(NEW).text
    assert re.search(r'name="kind" value="summary"[^>]*checked', html)
    assert html.index('value="summary"') < html.index('value="full"')
    client.post(NEW, {"articles": [articles[0].pk]})
    assert Handout.objects.get().kind == Handout.Kind.SUMMARY
    client.post(NEW, {"articles": [articles[0].pk], "kind": "full"})
    assert Handout.objects.latest("created_at").kind == Handout.Kind.FULL
    assert client.post(NEW, {"articles": [articles[0].pk], "kind": "huge"}).status_code == 200


def test_a_summary_pack_is_short_with_one_reference_list_and_one_printed_qr_code(
    client, articles, answered, django_assert_max_num_queries
):
    handout = Handout.objects.create_pack(articles=articles[:2], treatments=answered[:1], compared=answered)
    with django_assert_max_num_queries(16):
        response = client.get(handout.get_absolute_url())
    assert response.status_code == 200
    assert response.cookies == {}
    html = response.text
    # Each article's key points (until they exist: its summary), not its body.
    assert html.count("A short plain summary.") == 2
    assert "Some plain words." not in html
    # The chosen treatment's short answers, and the comparison in short: one sentence each,
    # still citing both sources.
    assert "About 8 in 10 people do well with Botox injections" in html
    assert "More detail here" not in html
    table = html.split('class="short-table', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="col">([^<]+)', table) == [
        "Question",
        "Botox injections",
        "Microvascular decompression",
        "Tablets",
    ]
    # One numbered list for the whole pack, at its end; every citation points into it.
    assert html.count('class="references"') == 1
    assert html.index('class="references"') > html.index('class="short-table')
    assert set(re.findall(r'href="#(ref-[^"]+)"', html)) == {"ref-alpha", "ref-beta"}
    assert 'id="ref-alpha"' in html and 'id="ref-beta"' in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(ids)
    # One QR code on paper; the patient's copy has no link to the clinicians' builder.
    assert html.count('class="print-qr"') == 1
    assert "/handouts/new/" not in html
    # The sheet count, read from the PDF, before printing.
    assert re.search(r"As a PDF on A4 paper, this summary takes [12] sheets?\.", html)
    assert f'href="/h/{handout.code}/pdf/"' in html  # where to get that PDF
    assert response.context["sheets"] in (1, 2)


def test_the_full_pack_is_one_link_away_and_has_no_builder_link_either(client, articles, answered):
    handout = Handout.objects.create_pack(articles=articles[:1], compared=answered[:2])
    html = client.get(f"{handout.get_absolute_url()}?pack=full").text
    assert "Some plain words." in html
    assert "/handouts/new/" not in html
    assert 'href="?pack=summary"' in html
    summary = client.get(handout.get_absolute_url()).text
    assert 'href="?pack=full"' in summary
    # An old full pack stays full; the address can still ask for the summary.
    full = Handout.objects.create_pack(articles=articles[:1], kind=Handout.Kind.FULL)
    assert "Some plain words." in client.get(full.get_absolute_url()).text
    assert "Some plain words." not in client.get(f"{full.get_absolute_url()}?pack=summary").text
    assert "Some plain words." in client.get(f"{full.get_absolute_url()}?pack=junk").text


def test_the_sheet_count_is_read_from_the_pdf_layout_once(client, articles, monkeypatch):
    calls = []

    def counted_layout(html, *, base_url):
        calls.append(base_url)
        from core.pdf import layout

        return layout(html, base_url=base_url)

    monkeypatch.setattr("handouts.summary.layout", counted_layout)
    handout = Handout.objects.create_pack(articles=articles[:1])
    first = client.get(handout.get_absolute_url())
    second = client.get(handout.get_absolute_url())
    assert first.context["sheets"] == second.context["sheets"] == 1
    assert calls == ["http://testserver/"]


def test_the_summary_is_rendered_once_and_its_count_goes_where_the_mark_was(client, articles):
    handout = Handout.objects.create_pack(articles=articles[:1], note="<!--hfs:sheets--> is my note")
    response = client.get(handout.get_absolute_url())
    rendered = [template.name for template in response.templates]
    assert rendered.count("handouts/handout_summary.html") == 1
    html = response.text
    assert "<!--hfs:sheets-->" not in html
    # The count stands where the template put the mark, before the first page of the pack.
    count = re.search(r"As a PDF on A4 paper, this summary takes 1 sheet\.", html)
    assert count and count.start() < html.index('class="summary-item"')
    # A note that holds the mark's text is the clinician's words, shown as text, not a count.
    assert "&lt;!--hfs:sheets--&gt; is my note" in html
    assert len(re.findall("this summary takes", html)) == 1
