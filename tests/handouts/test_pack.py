"""The printable pack at /h/<code>/."""

import re

import pytest

from articles.models import Article
from handouts.models import Handout
from tests.factories import make_reference
from tests.sharing.qrdecode import decode_svg, qr_svgs

pytestmark = pytest.mark.django_db


@pytest.fixture
def handout(articles, treatments):
    return Handout.objects.create_pack(
        kind=Handout.Kind.FULL,
        articles=articles[:2],
        treatments=treatments[:1],
        compared=treatments[1:],
        note="Line one\nLine <two> & three",
    )


def test_pack_shows_every_page_the_note_and_review_dates(client, handout, articles, treatments):
    response = client.get(handout.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for article in articles[:2]:
        assert f'id="article-{article.slug}"' in html
        assert article.title in html
    assert articles[2].title not in html
    assert 'id="treatment-botox"' in html
    assert 'id="comparison"' in html
    assert "Microvascular decompression" in html and "Tablets" in html
    assert "Line one<br>Line &lt;two&gt; &amp; three" in html
    assert html.count("Next review due") == 4  # two articles, one treatment, the comparison
    assert '<meta name="robots" content="noindex">' in html


def test_pack_has_one_qr_code_per_medium_for_its_own_short_link(client, handout):
    response = client.get(f"/h/{handout.code}/?utm_source=sms")
    html = response.content.decode()
    url = f"http://testserver/h/{handout.code}/"
    assert f'<link rel="canonical" href="{url}">' in html
    svgs = qr_svgs(html)
    assert len(svgs) == 2  # share panel (screen only) and print footer (paper only)
    assert {decode_svg(svg) for svg in svgs} == {url}
    assert f"testserver/h/{handout.code}</span>" in html  # the short URL printed under the code


def test_pack_ids_do_not_clash_and_every_citation_leads_to_the_packs_one_list(client, articles, treatments):
    same = make_reference(key="same2020")
    for article in articles:
        article.body = "## Same heading\n\nText [@same2020]."
        article.save()
    handout = Handout.objects.create_pack(
        articles=articles, treatments=treatments[:2], compared=treatments, kind=Handout.Kind.FULL
    )
    html = client.get(handout.get_absolute_url()).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    # Every article cites it with its site-wide number, into one list at the end of the pack.
    assert html.count('href="#ref-same2020"') == len(articles)
    assert re.findall(r'href="#ref-same2020"[^>]*>(\d+)<', html) == [str(same.number)] * len(articles)
    assert html.count('id="ref-same2020"') == 1
    assert html.count('class="references"') == 1
    assert html.index('id="ref-same2020"') > html.index('id="comparison"')
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, f"link to missing #{target}"


def test_pack_sets_no_cookies_and_is_cacheable_reading(client, handout):
    response = client.get(handout.get_absolute_url())
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_article_page_sets_no_cookies(client, articles):
    response = client.get(articles[0].get_absolute_url())
    assert response.status_code == 200
    assert response.cookies == {}


@pytest.mark.parametrize(
    "path",
    [
        "/h/abcdefghjk/",  # well formed, unknown
        "/h/abc/",  # too short
        "/h/abcdefghjkmnpq/",  # too long
        "/h/abcdefgh0k/",  # a character codes never use
        "/h/%3Cscript%3E/",
        "/h/%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9/",
        "/h/" + "x" * 5000 + "/",
        "/h/abcdefghjk/pdf/",  # the summary's PDF: the same codes, the same page
        "/h/%3Cscript%3E/pdf/",
    ],
)
def test_unknown_or_malformed_codes_give_the_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_an_upper_case_code_typed_from_paper_redirects(client, handout):
    response = client.get(f"/h/{handout.code.upper()}/")
    assert response.status_code == 301
    assert response["Location"] == handout.get_absolute_url()
    response = client.get(f"/h/{handout.code.upper()}/pdf/")
    assert response.status_code == 301
    assert response["Location"] == f"/h/{handout.code}/pdf/"


def test_unpublished_articles_drop_out_of_a_pack(client, articles):
    handout = Handout.objects.create_pack(articles=articles[:2])
    Article.objects.filter(pk=articles[0].pk).update(status=Article.Status.DRAFT)
    html = client.get(handout.get_absolute_url()).content.decode()
    assert articles[0].title not in html
    assert articles[1].title in html
    assert "One page in this handout is no longer on the site" in html


def test_a_pack_whose_pages_are_all_gone_says_so(client, articles):
    handout = Handout.objects.create_pack(articles=articles[:1])
    Article.objects.all().update(status=Article.Status.DRAFT)
    response = client.get(handout.get_absolute_url())
    assert response.status_code == 200
    assert "no longer published" in response.content.decode()


def test_pack_query_count_is_fixed(client, django_assert_max_num_queries, articles, treatments):
    small = Handout.objects.create_pack(articles=articles[:1], treatments=treatments[:1], compared=treatments[:2])
    big = Handout.objects.create_pack(articles=articles, treatments=treatments, compared=treatments)
    with django_assert_max_num_queries(15) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(15) as big_queries:
        client.get(big.get_absolute_url())
    assert len(big_queries.captured_queries) == len(small_queries.captured_queries)


def test_namespacing_ids_changes_attributes_only_never_the_text():
    from django.utils.safestring import mark_safe

    from handouts.templatetags.handouts import namespace_ids

    html = mark_safe(
        '<h2 id="risks">Risks</h2><p>Write for="name" and href="#top" in text.'
        '<sup class="cite">[<a href="#ref-a">1</a>]</sup></p><label for="x">L</label>'
    )
    out = namespace_ids(html, 'p"><script>')
    assert 'id="p&quot;&gt;&lt;script&gt;-risks"' in out
    assert 'Write for="name" and href="#top" in text.' in out
    # Citation links lead to the pack's one reference list, so they keep their target.
    assert 'href="#ref-a"' in out and 'for="p&quot;&gt;&lt;script&gt;-x"' in out
    assert "<script>" not in out
