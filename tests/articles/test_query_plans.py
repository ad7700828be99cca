"""The queries that run on every article and treatment page, and on the review dashboard, are
answered from an index, not by reading the whole article table (SQLite's query plan)."""

import datetime

import pytest
from django.db import connection

from articles.models import Article, Category
from editorial.selectors import _without_long_text
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN"),
]


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


@pytest.fixture
def article():
    return make_article(category=Category.CAUSES)


def test_related_pages_use_the_category_index(article):
    related = Article.objects.published().in_category(article.category).exclude(pk=article.pk)[:3]
    plan = _plan(related)
    assert "USING INDEX article_category_status_order" in plan or "USING INDEX article_public_listing" in plan


def test_the_article_list_numbers_articles_from_the_index_alone(article):
    from articles.views import ArticleListView

    # A covering index: SQLite never reads the rows (nor the long bodies before their later columns).
    assert "USING COVERING INDEX article_public_listing" in _plan(ArticleListView().get_queryset())


def test_the_dashboard_lists_use_their_indexes(article):
    horizon = datetime.date.today() + datetime.timedelta(days=30)
    plans = {
        "article_status_updated": Article.objects.drafts().order_by("-updated_at")[:11],
        "article_next_review_due": _without_long_text(
            Article.objects.filter(next_review_due__lte=horizon).exclude(reviewer_name="")
        ).order_by("next_review_due")[:11],
        "article_changed_since_review": _without_long_text(Article.objects.filter(changed_since_review=True)).order_by(
            "-updated_at"
        )[:11],
    }
    for index, queryset in plans.items():
        plan = _plan(queryset)
        assert f"USING INDEX {index}" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
