"""Meta descriptions from the summaries, and sitemap lastmod from the real change dates."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article
from treatments.models import Answer, Treatment

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def description(html):
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def lastmods(client):
    tree = ET.fromstring(client.get(reverse("sitemap")).content)  # noqa: S314 (our own response)
    return {u.find(f"{SITEMAP}loc").text: getattr(u.find(f"{SITEMAP}lastmod"), "text", None) for u in tree}


@pytest.fixture
def treatments(_loaded_snapshot, db):
    """The five fixture treatments, loaded once per session (tests/conftest.py), copied in."""
    _loaded_snapshot.restore()


def test_article_meta_description_is_its_summary(client, db):
    make_article(slug="fish", summary="Fish can twitch & jump.")
    html = client.get(reverse("articles:detail", args=["fish"])).content.decode()
    assert description(html) == "Fish can twitch &amp; jump."


def test_treatment_meta_description_is_its_summary_without_citations(client, treatments):
    botox = Treatment.objects.get(slug="botox")
    botox.summary = "About 9 in 10 people get relief [@miller2012]. It is *quick*."
    botox.save()
    html = client.get(botox.get_absolute_url()).content.decode()
    assert description(html) == "About 9 in 10 people get relief. It is quick."


def test_sitemap_lastmod_is_when_the_page_last_changed(client, db):
    make_article(slug="fish")
    old = timezone.now() - datetime.timedelta(days=40)
    Article.objects.filter(slug="fish").update(updated_at=old)
    found = lastmods(client)
    article_url = next(url for url in found if url.endswith("/articles/fish/"))
    assert found[article_url] == old.date().isoformat()
    category_url = next(url for url in found if url.endswith("/articles/category/about-hfs/"))
    assert found[category_url] == old.date().isoformat()
    home = next(url for url in found if url.endswith("://testserver/"))
    assert found[home] == old.date().isoformat()


def test_treatment_lastmod_follows_a_changed_answer(client, treatments):
    long_ago = timezone.now() - datetime.timedelta(days=100)
    Treatment.objects.update(updated_at=long_ago)
    for history in (Answer.history, *(model.history for model in _parts())):
        history.update(history_date=long_ago)
    botox_url = lambda found: next(url for url in found if url.endswith("/treatments/botox/"))  # noqa: E731
    found = lastmods(client)
    assert found[botox_url(found)] == long_ago.date().isoformat()
    answer = Answer.objects.filter(treatment__slug="botox").first()
    answer.summary = "A changed answer."
    answer.save()
    found = lastmods(client)
    assert found[botox_url(found)] == timezone.now().date().isoformat()
    compare = next(url for url in found if url.endswith("/treatments/compare/"))
    assert found[compare] == timezone.now().date().isoformat()


def _parts():
    from treatments.models import Outcome, Point, PriorityFit

    return (Point, Outcome, PriorityFit)
