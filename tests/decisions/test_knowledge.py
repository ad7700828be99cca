"""Step 2's statements point at sections of shipped articles that exist and say what we claim."""

import re

import pytest

from articles.models import Article
from decisions.knowledge import FALSE, STATEMENTS, TRUE


def test_there_are_a_few_statements_some_true_some_false():
    answers = [statement.answer for statement in STATEMENTS]
    assert 3 <= len(STATEMENTS) <= 5
    assert TRUE in answers and FALSE in answers
    assert len({statement.name for statement in STATEMENTS}) == len(STATEMENTS)


@pytest.mark.django_db
def test_every_statement_links_to_a_heading_of_a_published_shipped_article(shipped_content):
    for statement in STATEMENTS:
        article = Article.objects.published().get(slug=statement.article_slug)
        assert re.search(rf'<h[23] id="{re.escape(statement.anchor)}"', article.body_html), statement.url
        assert statement.url == f"{article.get_absolute_url()}#{statement.anchor}"
