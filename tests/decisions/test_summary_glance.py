"""The summary's rows of the glance: for the options considered, each answer and, in the outcome
rows, the glance's headline figure (both frames, icon array, time frame), each cited in the
summary's own source list; "no reliable figure" said once per row; the same queries for 2 to 5."""

import re
from html import unescape

import pytest
import textstat
from django.conf import settings

from core.readability import GRADE_LIMIT
from tests.decisions.summary_answers import LONGEST, considering

pytestmark = pytest.mark.django_db

SUMMARY = "/decide/summary/"


def options_table(html):
    return html.split('class="summary-table summary-glance', 1)[1].split("</table>", 1)[0]


def test_the_summary_shows_the_glance_rows_with_their_headline_figures(client, shipped_content):
    response = client.get(f"{SUMMARY}?{LONGEST['three-most-figures']}")
    assert response.status_code == 200
    assert response.cookies == {}
    html = unescape(response.text)
    table = options_table(html)
    columns = re.findall(r'<th scope="col">([^<]+)', table)
    assert columns == [
        "Question",
        "Microvascular decompression (MVD) surgery",
        "Botox injections",
        "Watchful waiting (no treatment for now)",
    ]
    # One figure per option in "how well", "how long" and "risks" where it has one: 2 + 1 + 3.
    figures = re.findall(r'<span class="glance-figure[^"]*">(.*?)</span>\s*</td>', table, re.S)
    assert len(figures) == 6
    for figure in figures:
        assert re.search(r"<strong>(About|Fewer than|Almost) [^<]*:</strong>", figure), figure
        assert 'class="icon-array-svg" role="img" aria-label="' in figure
        assert "When:</span>" in figure
    assert "About 89 in 100 people:</strong> spasms fully gone" in table
    assert '<strong class="glance-other-frame">About 11 in 100 did not.</strong>' in table
    # Said once per row, under the row's answers, never in a cell of its own.
    notes = re.findall(r"No reliable figure for ([^.]+)\.", table)
    assert notes == [
        "Watchful waiting (no treatment for now)",
        "Botox injections, Watchful waiting (no treatment for now)",
    ]


def test_every_figure_and_answer_links_to_a_source_in_the_summarys_own_list(client, shipped_content):
    html = client.get(f"{SUMMARY}?{LONGEST['two']}").text
    table = options_table(html)
    targets = set(re.findall(r'class="cite-link" href="#ref-([^"]+)"', table))
    listed = set(re.findall(r'<li id="ref-([^"]+)"', html))
    assert targets and targets <= listed
    # Every figure is followed by its own citation mark, before its other frame.
    for figure in re.findall(r'<span class="glance-figure[^"]*">(.*?)<strong class="glance-other-frame">', table, re.S):
        assert 'class="cite-link" href="#ref-' in figure


def test_the_leaning_and_the_chosen_options_are_the_columns_and_nothing_else(client, shipped_content):
    html = unescape(
        client.get(f"{SUMMARY}?{considering('watchful-waiting', 'botox')}".replace("lean=unsure", "lean=botox")).text
    )
    assert re.findall(r'<th scope="col">([^<]+)', options_table(html)) == [
        "Question",
        "Watchful waiting (no treatment for now)",
        "Botox injections",
    ]
    assert "Microvascular decompression (MVD) surgery" not in options_table(html)


@pytest.mark.parametrize("slugs", [2, 3, 5])
def test_the_summary_makes_the_same_queries_for_two_to_five_options(
    client, shipped_content, django_assert_num_queries, slugs
):
    order = ["microvascular-decompression", "botox", "watchful-waiting", "medication", "alternative-therapies"]
    with django_assert_num_queries(8):
        response = client.get(f"{SUMMARY}?{considering(*order[:slugs])}")
    assert response.status_code == 200
    assert len(re.findall(r'<th scope="col">', options_table(response.text))) == slugs + 1


def test_the_new_words_read_at_grade_eight_or_below():
    caption = "Each option’s short answer to the same questions, with its main figure out of 100 people."
    assert caption[:-1] in (settings.BASE_DIR / "templates/decisions/includes/summary_glance.html").read_text()
    assert textstat.flesch_kincaid_grade(caption) <= GRADE_LIMIT
