"""The questions page's JSON-LD is worked out once per body, and follows the body when it changes."""

import json
import re

import pytest

from articles.models import Category
from search import structured_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _graph(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1))


def _questions(graph):
    page = next(node for node in graph["@graph"] if "MedicalWebPage" in node["@type"])
    return [question["name"] for question in page.get("mainEntity", [])]


def test_questions_follow_an_edited_body(client):
    article = make_article(
        category=Category.QUESTIONS, body="## Is it serious?\n\nRarely.\n\n## Does it spread?\n\nNo.\n"
    )
    assert _questions(_graph(client, article)) == ["Is it serious?", "Does it spread?"]
    article.body = "## Is it serious?\n\nRarely.\n\n## Can it go away?\n\nSometimes.\n"
    article.save()
    assert _questions(_graph(client, article)) == ["Is it serious?", "Can it go away?"]


def test_the_sections_are_read_once_for_many_readers(client, monkeypatch):
    structured_data._questions.cache_clear()
    article = make_article(category=Category.QUESTIONS, body="## One?\n\nA.\n\n## Two?\n\nB.\n")
    for _ in range(3):
        assert _questions(_graph(client, article)) == ["One?", "Two?"]
    assert structured_data._questions.cache_info().misses == 1
