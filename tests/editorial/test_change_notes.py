"""Public "what changed" notes: written in the article's admin page, shown on the article with dates."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleChangeNote
from tests.admin_forms import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def add_note(client, article, date, text):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")
    total = int(data["change_notes-TOTAL_FORMS"])
    data.update(
        {
            "change_notes-TOTAL_FORMS": str(total + 1),
            f"change_notes-{total}-date": date,
            f"change_notes-{total}-text": text,
        }
    )
    return client.post(url, data)


def test_reviewer_adds_a_note_and_readers_see_it_with_its_date(reviewer_client):
    editor_client = reviewer_client  # an editor's note on a live page waits for review (test_revisions.py)
    article = make_article()
    response = add_note(editor_client, article, "2026-03-02", "We added the results of a 2025 review of surgery.")
    assert response.status_code == 302
    note = ArticleChangeNote.objects.get()
    assert note.history.first().history_user.username == "rev"

    content = Client().get(article.get_absolute_url()).content.decode()
    assert '<h2 id="what-changed-heading">What changed</h2>' in content
    assert '<time datetime="2026-03-02">2 March 2026</time>' in content
    assert "We added the results of a 2025 review of surgery." in content


def test_notes_are_newest_first_and_escaped(client):
    article = make_article()
    ArticleChangeNote.objects.create(article=article, date=datetime.date(2025, 1, 1), text="Older <b>note</b>")
    ArticleChangeNote.objects.create(article=article, date=datetime.date(2026, 1, 1), text="Newer note")
    content = client.get(article.get_absolute_url()).content.decode()
    assert content.index("Newer note") < content.index("Older")
    assert "Older &lt;b&gt;note&lt;/b&gt;" in content


def test_a_page_without_notes_has_no_empty_section(client):
    assert "What changed" not in client.get(make_article().get_absolute_url()).content.decode()


def test_a_future_date_is_refused(editor_client):
    article = make_article()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = add_note(editor_client, article, tomorrow, "Not yet.")
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert not ArticleChangeNote.objects.exists()


def test_notes_cost_one_query_whatever_their_number(client, django_assert_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())  # reads the reviewer names for the JSON-LD once; cached after
    for day in range(1, 21):
        ArticleChangeNote.objects.create(article=article, date=datetime.date(2026, 1, day), text=f"Note {day}")
    with django_assert_num_queries(4):  # article, citations with references, notes, related articles
        assert client.get(article.get_absolute_url()).status_code == 200
