"""Draft previews are for staff only; a scheduled article appears by itself when its time comes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)


def test_change_page_links_to_the_draft_preview(editor_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert f'<a href="{draft.get_absolute_url()}" class="viewsitelink">View draft</a>' in page

    public = make_article()
    page = editor_client.get(reverse("admin:articles_article_change", args=[public.pk])).content.decode()
    assert f'<a href="{public.get_absolute_url()}" class="viewsitelink">View on site</a>' in page


def test_draft_preview_shows_the_public_page_to_staff(editor_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, title="Draft about surgery")
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Draft about surgery</h1>" in content
    assert "This draft is visible to staff only." in content


@pytest.mark.parametrize("who", ["anonymous", "reader", "inactive staff"])
def test_draft_is_404_for_everyone_else(client, who):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    if who == "reader":
        client.force_login(make_user("reader"))
    elif who == "inactive staff":
        user = make_user("gone", staff=True)
        user.is_active = False
        user.save()
        client.force_login(user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    article = make_article(title="Coming soon", published_at=NOW + datetime.timedelta(hours=2))
    with time_machine.travel(NOW, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Coming soon" not in client.get(reverse("articles:list")).content.decode()
    later = NOW + datetime.timedelta(hours=2, seconds=1)
    with time_machine.travel(later, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Coming soon" in client.get(reverse("articles:list")).content.decode()
        assert "Coming soon" in client.get(reverse("articles:category", args=[article.category])).content.decode()


def test_published_queryset_takes_an_injected_clock():
    article = make_article(published_at=NOW)
    assert not Article.objects.published(now=NOW - datetime.timedelta(seconds=1)).filter(pk=article.pk).exists()
    assert Article.objects.published(now=NOW).filter(pk=article.pk).exists()


def test_staff_preview_of_a_scheduled_article_says_when_it_appears(editor_client):
    article = make_article(published_at=timezone.now() + datetime.timedelta(days=2))
    content = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Scheduled: the public will see it from" in content
    changelist = editor_client.get(reverse("admin:articles_article_changelist") + "?publication=scheduled")
    assert article.title in changelist.content.decode()
