"""The review dashboard at the top of the admin: reviews due, drafts waiting, latest changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_lists_what_needs_attention(editor_client):
    today = timezone.localdate()
    make_article(
        title="Overdue page",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=5),
    )
    make_article(title="Due soon page", next_review_due=today + datetime.timedelta(days=20))
    make_article(title="Fine page", next_review_due=today + datetime.timedelta(days=200))
    make_article(title="Unreviewed draft", status=Article.Status.DRAFT, published_at=None, reviewer_name="")
    content = dashboard(editor_client)
    due = content[content.index("Reviews due") : content.index("Drafts waiting")]
    assert "Overdue page" in due and "Overdue since" in due
    assert "Due soon page" in due
    assert "Fine page" not in due
    assert due.index("Overdue page") < due.index("Due soon page")
    drafts = content[content.index("Drafts waiting") : content.index("Latest changes")]
    assert "Unreviewed draft" in drafts and "never reviewed" in drafts


def test_latest_changes_show_who_changed_what(editor_client):
    article = make_article(title="Edited page", status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    data["summary"] = "A better summary."
    editor_client.post(url, data)
    content = dashboard(editor_client)
    changes = content[content.index("Latest changes") :]
    assert "Edited page" in changes and "Changed summary" in changes and "edna" in changes
    assert reverse("admin:articles_article_history", args=[article.pk]) in changes


def test_overdue_filter_link_lists_the_due_pages(editor_client):
    today = timezone.localdate()
    make_article(
        title="Overdue page",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=5),
    )
    make_article(title="Fine page", next_review_due=today + datetime.timedelta(days=200))
    changelist = reverse("admin:articles_article_changelist")
    assert changelist in dashboard(editor_client)
    overdue = editor_client.get(changelist + "?review=overdue").content.decode()
    assert "Overdue page" in overdue and "Fine page" not in overdue


@pytest.mark.parametrize("count", [1, 25])
def test_dashboard_makes_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries, count):
    today = timezone.localdate()
    for _ in range(count):
        make_article(next_review_due=today + datetime.timedelta(days=3))
        make_article(status=Article.Status.DRAFT, published_at=None)
    editor_client.get(reverse("admin:index"))  # warm the session and permission caches
    # Reviews due, changed since review (one query per reviewed model each), drafts, latest changes,
    # and the changes this editor sent for review.
    with django_assert_max_num_queries(12):
        dashboard(editor_client)


def test_readers_cannot_see_the_dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_a_role_see_no_dashboard(client):
    client.force_login(make_user("plain-staff", staff=True))
    content = client.get(reverse("admin:index")).content.decode()
    assert "Reviews due" not in content
