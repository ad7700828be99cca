"""The handout builder at /handouts/new/: the valid path, every bad input, the rate limit."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from handouts.models import MAX_ITEMS, Handout
from tests.factories import make_article

pytestmark = pytest.mark.django_db

NEW = "/handouts/new/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, **data):
    return client.post(NEW, data)


def test_builder_lists_published_articles_and_treatments_and_warns_about_patient_data(client, articles, treatments):
    make_article(title="A draft nobody may see", status=Article.Status.DRAFT, published_at=None)
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    for article in articles:
        assert article.title in html
    for treatment in treatments:
        assert html.count(treatment.name) == 2  # a treatment page and a comparison choice
    assert "A draft nobody may see" not in html
    assert "not stored with any patient data" in html
    assert "do not write the patient's name" in html
    assert "csrfmiddlewaretoken" not in html  # protected by its Origin instead: no cookie
    assert not response.cookies
    assert reverse("handouts:new") == NEW


def test_a_valid_handout_redirects_to_its_short_link(client, articles, treatments):
    response = post(
        client,
        articles=[articles[0].pk, articles[2].pk],
        treatments=[treatments[0].pk],
        compared=[treatments[0].pk, treatments[1].pk],
        note="Read the first page before your next visit.",
    )
    handout = Handout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/h/{handout.code}/"
    assert set(handout.articles.all()) == {articles[0], articles[2]}
    assert list(handout.treatments.all()) == [treatments[0]]
    assert set(handout.compared_treatments.all()) == set(treatments[:2])
    assert handout.note == "Read the first page before your next visit."


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_the_form_refuses_posts_from_other_sites(articles, headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(NEW, {"articles": [articles[0].pk]}, headers=headers)
    assert response.status_code == 403
    assert not Handout.objects.exists()


def test_the_form_sent_from_its_own_page_needs_no_cookie(articles):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        NEW, {"articles": [articles[0].pk]}, headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 302
    assert not response.cookies
    assert Handout.objects.count() == 1


def assert_refused(response, message, *, kept=()):
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html
    for value in kept:
        assert value in html
    assert not Handout.objects.exists()


def test_nothing_picked(client, articles):
    response = post(client, note="Kept note")
    assert_refused(response, "Pick at least one article, treatment page or comparison.", kept=["Kept note"])


def test_more_than_twenty_items(client, treatments):
    many = [make_article(slug=f"many-{n}").pk for n in range(MAX_ITEMS)]
    response = post(client, articles=many, treatments=[treatments[0].pk], note="Kept note")
    assert_refused(response, "A handout can hold at most 20 items; you picked 21.", kept=["Kept note"])
    html = response.content.decode()
    assert html.count("checked") >= 21  # every ticked box stays ticked


def test_more_than_twenty_values_in_one_field_are_refused_before_any_lookup(client, articles):
    response = post(client, articles=[str(n) for n in range(1, 500)])
    assert_refused(response, "A handout can hold at most 20 items. Untick some pages.")


@pytest.mark.parametrize(
    "value", ["999999", "not-a-number", "1 OR 1=1", "-1", "1.5", "0", "9223372036854775808", "9" * 30, "١٢", "1\x00"]
)
def test_an_unknown_item_in_a_crafted_post(client, articles, value):
    response = post(client, articles=[articles[0].pk, value], note="Kept note")
    assert_refused(response, "One of the pages you picked is not available.", kept=["Kept note"])
    assert 'href="#div_id_articles"' in response.content.decode()  # the error summary links to the field


def test_an_unpublished_article_cannot_be_picked(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert_refused(post(client, articles=[draft.pk]), "One of the pages you picked is not available.")


def test_a_comparison_of_one_treatment_is_refused(client, treatments):
    assert_refused(post(client, compared=[treatments[0].pk]), "Tick 2 to 5 treatments to compare, or none.")


def test_a_note_over_500_characters(client, articles):
    note = "x" * 501
    response = post(client, articles=[articles[0].pk], note=note)
    assert_refused(response, "Ensure this value has at most 500 characters (it has 501).", kept=[note])


def test_line_breaks_count_once_as_the_browser_counts_them(client, articles):
    note = "\r\n".join(["a" * 99] * 5)  # 495 characters on screen, 499 with the line breaks doubled
    response = post(client, articles=[articles[0].pk], note=note)
    assert response.status_code == 302
    assert Handout.objects.get().note == "\n".join(["a" * 99] * 5)


def test_direction_override_characters_are_removed_from_the_note(client, articles):
    response = post(client, articles=[articles[0].pk], note="Take \u202eylno\u202c one\nper day")
    assert response.status_code == 302
    pack = client.get(response["Location"]).content.decode()
    assert "\u202e" not in pack and "Take ylno one<br>per day" in pack
    assert "does not write or check these notes" in pack


def test_html_in_the_note_is_kept_as_text_and_shown_escaped(client, articles):
    note = '<script>alert(1)</script><b onmouseover="x()">Hi</b>'
    response = post(client, articles=[articles[0].pk], note=note)
    handout = Handout.objects.get()
    assert handout.note == note
    html = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onmouseover=&quot;x()&quot;&gt;Hi&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<b onmouseover" not in html


def test_bad_input_keeps_what_was_ticked(client, articles, treatments):
    response = post(client, articles=[articles[1].pk], compared=[treatments[2].pk], note="Kept <note>")
    html = response.content.decode()
    assert f'value="{articles[1].pk}"  id="id_articles_1" checked' in " ".join(html.split("\n")).replace("\t", "")
    assert "Kept &lt;note&gt;" in html


def test_the_rate_limit_answers_429_with_a_message(client, articles, settings):
    settings.HANDOUT_RATE_LIMIT = 3
    for _ in range(3):
        assert post(client, articles=[articles[0].pk]).status_code == 302
    response = post(client, articles=[articles[0].pk])
    assert response.status_code == 429
    assert "Too many handouts for now" in response.content.decode()
    assert "Please try again later" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Handout.objects.count() == 3
    # Another address is not affected; failed attempts do not use up the allowance.
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert other.post(NEW, {}).status_code == 200
    assert other.post(NEW, {"articles": [articles[0].pk]}).status_code == 302


def test_the_rate_limit_reads_the_configured_proxy_header(articles, settings):
    settings.HANDOUT_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    first = Client(HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    second = Client(HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2")
    assert first.post(NEW, {"articles": [articles[0].pk]}).status_code == 302
    assert first.post(NEW, {"articles": [articles[0].pk]}).status_code == 429
    assert second.post(NEW, {"articles": [articles[0].pk]}).status_code == 302


def test_builder_query_count_does_not_grow_with_content(client, django_assert_max_num_queries, treatments):
    for n in range(15):
        make_article(slug=f"extra-{n}")
    with django_assert_max_num_queries(3):
        assert client.get(NEW).status_code == 200


def test_places_are_taken_before_the_form_is_processed_and_given_back_when_it_fails(settings, rf):
    from handouts.ratelimit import CreationLimit

    settings.HANDOUT_RATE_LIMIT = 3
    request = rf.post("/handouts/new/", REMOTE_ADDR="203.0.113.9")
    # Three requests in flight at once take the three places; a fourth is refused at once.
    in_flight = [CreationLimit(request) for _ in range(4)]
    assert [limit.reserve() for limit in in_flight] == [True, True, True, False]
    in_flight[0].release()  # its form was invalid
    assert CreationLimit(request).reserve()
    assert not CreationLimit(rf.post("/", REMOTE_ADDR="203.0.113.9")).reserve()
    assert CreationLimit(rf.post("/", REMOTE_ADDR="198.51.100.7")).reserve()  # another address
