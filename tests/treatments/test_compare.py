import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .content_fixture import SLUGS

pytestmark = pytest.mark.django_db

URL = reverse("treatments:compare-full")  # the full comparison; tests/treatments/test_glance.py has the glance


def compare(client, *slugs, extra=""):
    query = "&".join(f"t={quote(slug)}" for slug in slugs)
    return client.get(f"{URL}?{query}{extra}")


def column_headers(html):
    head = html.split('<table class="compare-table', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col">(?:<a href="[^"]+">)?([^<]+)', head)


def test_without_choices_the_page_shows_the_form(client, loaded):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'id="compare-form"' in response.text
    assert "compare-table" not in response.text


def test_two_options_side_by_side_with_row_and_column_headers(client, loaded):
    response = compare(client, "medication", "botox")
    html = response.text
    assert response.status_code == 200
    assert column_headers(html) == ["Question", "Medicines", "Botox injections"]
    assert '<th scope="row">How well does it work?</th>' in html
    assert '<th scope="row">What are the side effects and risks?</th>' in html
    assert "Not answered yet" not in html
    # Outcomes share the denominator and line up by measure; a missing figure is said, not left blank.
    assert "Free of spasm" in html
    assert "Not reported for this option in the studies we used." in html
    assert 'id="matters-form"' in html
    assert " style=" not in html


def test_checkboxes_keep_the_order_given_so_resubmitting_keeps_the_columns(client, loaded):
    html = compare(client, "watchful-waiting", "botox").text
    form = html.split('id="compare-form"', 1)[1].split("</form>", 1)[0]
    values = re.findall(r'name="t" value="([^"]+)"', form)
    assert values[:2] == ["watchful-waiting", "botox"]
    assert re.search(r'value="watchful-waiting"[^>]*checked', form)


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_every_comparison_of_2_to_5_renders_every_cell(client, loaded, count):
    html = compare(client, *SLUGS[:count]).text
    assert len(column_headers(html)) == count + 1
    body = html.split('<table class="compare-table', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<td>(.*?)</td>", body, flags=re.S)
    assert len(cells) == count * 2
    assert all("answer-summary" in cell for cell in cells)


def test_the_comparison_runs_the_same_number_of_queries_for_2_or_5(client, loaded, django_assert_num_queries):
    compare(client, *SLUGS[:2])  # warm caches that are not per request
    with CaptureQueriesContext(connection) as two:
        compare(client, *SLUGS[:2], extra="&p-avoid-surgery=very")
    with django_assert_num_queries(len(two)):
        compare(client, *SLUGS, extra="&p-avoid-surgery=very")
    assert len(two) <= 12


def test_unknown_slug_names_the_known_options(client, loaded):
    html = compare(client, "botox", "laser-therapy").text
    assert "We have no treatment called “laser-therapy”. The options are: Botox injections, MVD surgery" in html
    assert "Choose at least one more option to compare with Botox injections." in html


def test_one_option_asks_for_a_second_with_it_already_ticked(client, loaded):
    html = compare(client, "microvascular-decompression").text
    assert "Choose at least one more option to compare with MVD surgery." in html
    assert re.search(r'value="microvascular-decompression"[^>]*checked', html)


def test_the_same_option_twice_is_shown_once_with_a_message(client, loaded):
    html = compare(client, "botox", "medication", "botox").text
    assert "You chose Botox injections more than once. Each option is shown once." in html
    assert column_headers(html) == ["Question", "Botox injections", "Medicines"]


HOSTILE = [
    "t=%00",
    "t=%00&t=botox&t=medication",
    "t=<script>alert(1)</script>&t=botox",
    "t=%3Cscript%3Ealert(1)%3C%2Fscript%3E&t=botox&t=medication",
    "&".join(["t=botox"] * 50),
    "&".join(["t=botox", "t=medication"] * 25),
    "t=" + "a" * 10_000,
    "t=" + "%C3%28" * 50,
    "t=botox&t=medication&t=" + "b" * 2_000,
    "t[]=botox&t=medication",
    "t=botox&t=medication&p-avoid-surgery=%00&p-lasting-relief=" + "x" * 500,
    "t=botox&t=medication&utm_source=mail&page=2&format=json&debug=1",
    "t=%F0%9F%98%80&t=%E2%80%AE",
    "t=..%2F..%2Fetc%2Fpasswd",
    "t",
    "=&&&=t",
    "t=botox;t=medication",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_strings_never_give_a_500_and_set_no_cookie(client, loaded, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.text


def test_junk_is_left_out_and_explained_once(client, loaded):
    html = compare(client, "\x00", "<b>x</b>", "botox", "medication").text
    assert html.count("Part of the web address was not a treatment name, so we left it out.") == 1
    assert column_headers(html) == ["Question", "Botox injections", "Medicines"]


def test_canonical_address_keeps_only_the_valid_choices(client, loaded):
    html = compare(client, "botox", "nope", "medication", extra="&utm_source=mail").text
    assert '<link rel="canonical" href="http://testserver/treatments/compare/full/?t=botox&amp;t=medication">' in html


def test_what_matters_explains_each_fit_without_ranking_and_lists_questions(client, loaded):
    html = compare(
        client, "botox", "microvascular-decompression", extra="&p-avoid-surgery=very&p-lasting-relief=somewhat"
    ).text
    fits = html.split('id="fits-heading"', 1)[1].split('id="questions-heading"', 1)[0]
    assert "This is not a ranking." in fits
    assert fits.index("Botox injections") < fits.index("MVD surgery")
    assert 'Avoiding an operation</strong> <span class="muted">(very important)</span>' in fits
    assert "fits well." in fits and "fits poorly." in fits and "fits partly." in fits
    assert "MVD surgery and operations." in fits
    for word in ("best", "score", "winner", "recommended"):
        assert f" {word} " not in fits.replace("not a ranking", "")
    questions = html.split('id="questions-heading"', 1)[1].split("</ol>", 1)[0]
    assert "Can I avoid an operation?" in questions
    assert "“Relief that lasts” matters to me." in questions
    assert "What would MVD surgery mean for that in my case?" in questions
    assert 'value="very"' in html and re.search(r'value="very"[^>]*checked', html)


def test_what_matters_with_nothing_marked_says_so(client, loaded):
    html = compare(client, "botox", "medication", extra="&p-avoid-surgery=not").text
    assert "You did not mark anything as important" in html
    assert 'id="questions-heading"' not in html


@pytest.mark.parametrize(
    "path",
    [
        "/treatments/",
        "/treatments/botox/",
        URL,
        f"{URL}?t=botox&t=medication",
        f"{URL}?{'&'.join(f't={slug}' for slug in SLUGS)}&p-avoid-surgery=very&p-lasting-relief=somewhat",
    ],
)
def test_element_ids_are_unique(client, loaded, path):
    ids = re.findall(r'\sid="([^"]+)"', client.get(path).text)
    assert ids and len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
