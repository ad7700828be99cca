"""Link-preview cards: a valid 1200 x 630 PNG for every article and treatment."""

import io

import pytest
from django.core.cache import cache
from PIL import Image

from articles.models import Article
from sharing import og_images
from sharing.cards import card_path
from tests.factories import make_article
from treatments.models import Treatment


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def open_png(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()  # a truncated or corrupt file raises here
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    return image


def test_every_shipped_article_and_treatment_has_a_valid_card(client, shipped_content):
    pages = list(Article.objects.published()) + list(Treatment.objects.all())
    assert len(pages) > 20
    for page in pages:
        html = client.get(page.get_absolute_url()).content.decode()
        path = card_path(page)
        assert f'<meta property="og:image" content="http://testserver{path}">' in html, page
        image = open_png(client.get(path))
        # Legible: mostly the brand colour, with a good share of white text on it.
        colours = {colour: count for count, colour in image.convert("RGB").getcolors(1200 * 630)}
        assert colours.get((255, 255, 255), 0) > 5000, page


def test_default_card_for_other_pages(client, db):
    html = client.get("/articles/").content.decode()
    assert '<meta property="og:image" content="http://testserver/og/default.png?v=' in html
    open_png(client.get("/og/default.png"))


def test_a_new_title_gives_a_new_card_and_address(client, db):
    article = make_article(title="Botox injections")
    first_path = card_path(article)
    first = client.get(first_path).content
    article.title = "Botulinum toxin injections"
    article.save()
    second_path = card_path(article)
    assert second_path != first_path
    second = client.get(second_path).content
    assert second != first
    # The old address still answers, with the current card, and is cached only briefly.
    old = client.get(first_path)
    assert old.content == second
    assert "max-age=3600" in old["Cache-Control"]
    assert "max-age=2592000" in client.get(second_path)["Cache-Control"]


def test_cards_are_cached(client, db, monkeypatch):
    article = make_article()
    client.get(card_path(article))
    monkeypatch.setattr(og_images, "draw_card", lambda *a, **k: pytest.fail("drawn again"))
    open_png(client.get(card_path(article)))


@pytest.mark.parametrize(
    "path",
    ["/og/articles/no-such-article.png", "/og/unknown-kind/x.png", "/og/treatments/none.png", "/og/articles/.png"],
)
def test_unknown_cards_give_404(client, db, path):
    assert client.get(path).status_code == 404


def test_a_draft_has_no_card(client, db):
    make_article(status=Article.Status.DRAFT, published_at=None, slug="secret-draft")
    assert client.get("/og/articles/secret-draft.png").status_code == 404


def test_card_is_a_get_only_resource(client, db):
    article = make_article()
    assert client.post(card_path(article)).status_code == 405


@pytest.mark.parametrize(
    "title",
    [
        "Botox",
        "What is hemifacial spasm?",
        "Recovery after microvascular decompression surgery: the first weeks, months and what is normal",
        "Supercalifragilisticexpialidociousneurovascularcompressionsyndrome and more words " * 3,
    ],
)
def test_titles_stay_large_enough_to_read_in_a_message(title):
    size, lines = og_images.layout_title(title)
    assert size >= 48
    assert 1 <= len(lines) <= og_images.max_lines(size) <= 4
    png = og_images.draw_card(title, kicker="Article", site_name="HFS Guide", tagline="Plain words")
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_cards_fall_back_to_the_built_in_font_without_dejavu(settings, tmp_path):
    settings.OG_IMAGE_FONT_DIR = tmp_path
    og_images._font.cache_clear()
    try:
        png = og_images.draw_card("Botox injections", kicker="Article", site_name="HFS Guide", tagline="x")
        assert Image.open(io.BytesIO(png)).size == (1200, 630)
    finally:
        og_images._font.cache_clear()


def test_a_card_costs_one_query(client, db, django_assert_num_queries):
    article = make_article()
    with django_assert_num_queries(1):
        open_png(client.get(card_path(article)))
