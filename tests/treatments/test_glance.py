"""The comparison at a glance (/treatments/compare/): short first, detail on demand, every figure cited."""

import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from treatments.icon_arrays import frequency
from treatments.templatetags.glance import other_frame

from .content_fixture import SLUGS

pytestmark = pytest.mark.django_db

URL = reverse("treatments:compare")


def glance(client, *slugs, extra=""):
    query = "&".join(f"t={quote(slug)}" for slug in slugs)
    return client.get(f"{URL}?{query}{extra}")


def table(html):
    return html.split('<table class="glance-table', 1)[1].split("</table>", 1)[0]


def main_rows(html):
    """The visible row of each question (not its detail row)."""
    return re.findall(r'<tbody class="glance-row">\s*<tr>(.*?)</tr>', table(html), flags=re.S)


def test_one_row_per_question_one_column_per_option(client, loaded):
    html = glance(client, "medication", "botox").text
    head = table(html).split("</thead>", 1)[0]
    assert re.findall(r'<th scope="col"[^>]*>(?:<a href="[^"]+">)?([^<]+)', head) == [
        "Question",
        "Medicines",
        "Botox injections",
    ]
    rows = main_rows(html)
    assert [re.search(r'<th scope="row">\s*([^<]+?)\s*<', row).group(1) for row in rows] == [
        "How well does it work?",
        "What are the side effects and risks?",
    ]
    # Each cell is the one-sentence answer, in column order.
    first = re.findall(r"<td>(.*?)</td>", rows[0], flags=re.S)
    assert "Medicines works for many" in first[0] and "Botox injections works for many" in first[1]
    assert " style=" not in html


def test_the_headline_figure_gives_both_frames_its_time_and_its_source(client, loaded):
    html = glance(client, "botox", "microvascular-decompression").text
    cell = re.findall(r"<td>(.*?)</td>", main_rows(html)[0], flags=re.S)[0]
    assert "<strong>About 91 in 100 people:</strong> free of spasm after Botox injections." in cell
    assert "About 9 in 100 did not." in cell
    assert "About 3 years later" in cell  # the time frame
    assert 'class="icon-array-svg"' in cell and 'data-filled="91"' in cell
    # The figure links to its reference in the page's list.
    assert re.search(r'<a class="cite-link" href="#ref-miller2012"[^>]*>\d+</a>', cell)
    assert 'id="ref-miller2012"' in html


def test_a_missing_figure_is_said_once_for_the_row(client, loaded):
    html = glance(client, "botox", "medication", "watchful-waiting").text
    assert html.count("No reliable figure for Medicines, Watchful waiting.") == 1
    assert "Not reported for this option" not in html
    # Without any figure in a row, nothing is said about figures.
    assert html.count("No reliable figure") == 1


def test_each_row_opens_to_its_full_detail_without_javascript(client, loaded):
    html = glance(client, "botox", "microvascular-decompression").text
    details = re.findall(r'<tr class="glance-more">(.*?)</tr>', table(html), flags=re.S)
    assert len(details) == 2
    effectiveness = details[0]
    assert "<details>" in effectiveness and "<summary>Details and sources" in effectiveness
    assert "Botox injections helps about 9 in 10." in effectiveness  # an advantage
    assert "It does not help everyone." in effectiveness  # a disadvantage
    # Every outcome with its range, population, certainty and source.
    assert "Studies found between 73 and 98 in 100." in effectiveness
    assert "5,685 people in 22 studies" in effectiveness
    assert "Moderate" in effectiveness and "Miller and others (2012)" in effectiveness
    # Harms that are not headline figures still appear, in the risks row's detail.
    assert "Stroke or death" in details[1]
    assert "<script" not in html.split("</main>")[0].split('<main id="main"')[1].replace(
        '<script src="/static/js/share.js" defer></script>', ""
    )


def test_the_full_comparison_and_the_pdf_are_linked(client, loaded):
    html = glance(client, "botox", "medication").text
    assert 'href="/treatments/compare/full/?t=botox&amp;t=medication"' in html
    assert 'href="/treatments/compare/pdf/?t=botox&amp;t=medication"' in html
    full = client.get("/treatments/compare/full/?t=botox&t=medication").text
    assert 'href="/treatments/compare/?t=botox&amp;t=medication"' in full
    assert 'id="matters-form"' in full


def test_one_option_leads_to_choosing_the_second_not_to_a_warning(client, loaded):
    treatment_page = client.get("/treatments/microvascular-decompression/").text
    assert 'href="/treatments/compare/?t=microvascular-decompression"' in treatment_page
    html = glance(client, "microvascular-decompression").text
    assert "<h1>Compare MVD surgery with other options</h1>" in html
    assert "Choose at least one more option to compare with MVD surgery." in html
    assert "notice-warning" not in html
    assert re.search(r'value="microvascular-decompression"[^>]*checked', html)


def test_the_glance_runs_the_same_few_queries_for_2_or_5_options(
    client, loaded, settings, django_assert_max_num_queries
):
    settings.FRAGMENT_CACHE = "off"  # the queries of a render; with a shared cache the parts would hide them
    settings.PAGE_CACHE = "off"
    glance(client, *SLUGS[:2])  # warm caches that are not per request
    with CaptureQueriesContext(connection) as two:
        glance(client, *SLUGS[:2])
    assert len(two) <= 10
    with django_assert_max_num_queries(len(two)):
        glance(client, *SLUGS)


def test_no_cookie_and_unique_ids(client, loaded):
    response = glance(client, *SLUGS)
    assert not response.cookies
    ids = re.findall(r'\sid="([^"]+)"', response.text)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_review_dates_are_said_once_when_they_are_the_same(client, loaded):
    html = glance(client, *SLUGS).text
    review = html.split('id="glance-review-heading"', 1)[1].split("</section>", 1)[0]
    assert "All these options:" in review
    line = "reviewed 20 November 2026 by HFS Guide editorial team (Editorial review); next review due 19 November 2027."
    assert review.count(line) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90", "About 10 in 100 did not."),
        ("88.5", "About 11 in 100 did not."),  # beside "about 89 in 100": the two add up to 100
        ("17.4", "About 83 in 100 did not."),
        ("0.1", "Almost all did not."),
        ("0", "None had it."),
        ("100", ""),
    ],
)
def test_the_other_frame_in_words(value, expected):
    assert other_frame(Decimal(value)) == expected


def test_the_two_frames_add_up_to_100_as_printed():
    for tenths in range(10, 1000):  # 1.0 to 99.9 in 100
        value = Decimal(tenths) / 10
        had = int(re.search(r"about (\d+) in 100", frequency(value)).group(1))
        not_had = other_frame(value)
        did_not = int(re.search(r"About (\d+) in 100", not_had).group(1)) if not_had else 0
        assert had + did_not == 100, (value, frequency(value), not_had)
