"""No silent overwrites: the second of two saves made from the same opened page is refused."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.models import Article
from editorial.roles import EDITOR
from tests.factories import make_article, make_user

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(roles):
    user = make_user("eddie", staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client = Client()
    client.force_login(user)
    return client


def test_the_second_save_is_refused_with_what_changed(editor_client, second_editor):
    article = make_article(
        status=Article.Status.DRAFT, published_at=None, body="## Part\n\nThe spasm starts near the eye."
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    first = form_data(editor_client.get(url), "article_form")
    second = form_data(second_editor.get(url), "article_form")
    assert first["editorial_version"]

    first["body"] = "## Part\n\nThe spasm usually starts near the eye."
    assert editor_client.post(url, first).status_code == 302

    second["summary"] = "A summary written without seeing the other change."
    response = second_editor.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this page after you opened it" in page
    assert "<ins>usually </ins>" in page
    article.refresh_from_db()
    assert "usually" in article.body and article.summary != "A summary written without seeing the other change."

    # Reloading gives a fresh copy, and the save goes through.
    again = form_data(second_editor.get(url), "article_form")
    again["summary"] = "A summary written after seeing the other change."
    assert second_editor.post(url, again).status_code == 302
    article.refresh_from_db()
    assert "usually" in article.body and article.summary == "A summary written after seeing the other change."


def test_a_change_to_a_part_counts_too(editor_client, second_editor):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    first = form_data(editor_client.get(url), "article_form")
    second = form_data(second_editor.get(url), "article_form")
    first.update(
        {"change_notes-TOTAL_FORMS": "1", "change_notes-0-date": "2026-03-02", "change_notes-0-text": "A note."}
    )
    assert editor_client.post(url, first).status_code == 302
    second["title"] = "Another title"
    response = second_editor.post(url, second)
    assert response.status_code == 200 and "A note." in response.content.decode()
    assert Article.objects.get(pk=article.pk).title != "Another title"


def test_a_shared_question_is_protected_as_well(reviewer_client, shipped_content):
    from treatments.models import Aspect

    aspect = Aspect.objects.first()
    url = reverse("admin:treatments_aspect_change", args=[aspect.pk])
    opened = form_data(reviewer_client.get(url), "aspect_form")
    Aspect.objects.filter(pk=aspect.pk).update(question="Changed elsewhere?")
    opened["question"] = "My wording?"
    response = reviewer_client.post(url, opened)
    assert response.status_code == 200 and "Changed elsewhere?" in response.content.decode()
    assert Aspect.objects.get(pk=aspect.pk).question == "Changed elsewhere?"
