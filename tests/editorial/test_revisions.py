"""Pending revisions: readers keep the approved version until a medical reviewer approves a change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import services
from editorial.models import Revision
from handouts.models import Handout
from references.models import Reference
from sharing.cards import card_path
from tests.factories import make_article, make_reference
from treatments.models import Aspect, Treatment

from .conftest import form_data

pytestmark = pytest.mark.django_db


def read(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def post_change(client, url, form_id, **changes):
    data = form_data(client.get(url), form_id)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


# --- the services, without the admin -----------------------------------------------------------


def test_an_editors_change_to_a_live_article_waits_for_approval(editor, reviewer):
    article = make_article(title="Old title", body="## Part\n\nThe old wording.")
    # A full pack prints the body; a summary pack (the default) shows only the key points.
    handout = Handout.objects.create_pack(articles=[article], kind=Handout.Kind.FULL)
    old_card = Client().get(card_path(article)).content
    article.title, article.body = "New title", "## Part\n\nThe new wording."
    result = services.save_change(user=editor, obj=article, save=article.save, summary="Changed body")

    revision = result.revision
    assert revision.status == Revision.Status.PENDING and revision.submitted_by == editor
    for path in [article.get_absolute_url(), handout.get_absolute_url()]:
        page = read(path)
        assert "The old wording." in page and "The new wording." not in page
    assert Client().get(card_path(Article.objects.get(pk=article.pk))).content == old_card

    services.approve_revision(user=reviewer, revision=revision)
    for path in [article.get_absolute_url(), handout.get_absolute_url()]:
        page = read(path)
        assert "The new wording." in page and "The old wording." not in page
    assert Client().get(card_path(Article.objects.get(pk=article.pk))).content != old_card
    article.refresh_from_db()
    assert article.reviewer_name == "Dr Amina Patel" and article.last_reviewed == timezone.localdate()
    revision.refresh_from_db()
    assert revision.reviewer == reviewer and revision.reviewed_at and revision.applied_at


def test_a_slug_change_keeps_the_sitemap_on_the_approved_address(editor, reviewer):
    article = make_article(slug="old-address")
    article.slug = "new-address"
    revision = services.save_change(user=editor, obj=article, save=article.save).revision
    sitemap = read(reverse("sitemap"))
    assert "/articles/old-address/" in sitemap and "/articles/new-address/" not in sitemap
    services.approve_revision(user=reviewer, revision=revision)
    sitemap = read(reverse("sitemap"))
    assert "/articles/new-address/" in sitemap and "/articles/old-address/" not in sitemap


def test_drafts_are_edited_freely(editor):
    article = make_article(status=Article.Status.DRAFT, published_at=None, body="Draft words.")
    article.body = "Better draft words."
    result = services.save_change(user=editor, obj=article, save=article.save)
    assert result.revision is None
    assert Article.objects.get(pk=article.pk).body == "Better draft words."


def test_only_a_medical_reviewer_may_approve_or_send_back(editor, reviewer):
    article = make_article()
    article.body = "Changed."
    revision = services.save_change(user=editor, obj=article, save=article.save).revision
    with pytest.raises(PermissionDenied):
        services.approve_revision(user=editor, revision=revision)
    with pytest.raises(PermissionDenied):
        services.reject_revision(user=editor, revision=revision, comment="no")
    with pytest.raises(ValidationError):
        services.reject_revision(user=reviewer, revision=revision, comment=" ")
    services.reject_revision(user=reviewer, revision=revision, comment="Cite the 2024 review.")
    assert Article.objects.get(pk=article.pk).body != "Changed."
    with pytest.raises(ValidationError):
        services.approve_revision(user=reviewer, revision=revision)


def test_a_revision_made_on_an_older_version_cannot_be_approved(editor, reviewer):
    article = make_article(body="First.")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.body, second.body = "Edit one.", "Edit two."
    one = services.save_change(user=editor, obj=first, save=first.save).revision
    two = services.save_change(user=editor, obj=second, save=second.save).revision
    services.approve_revision(user=reviewer, revision=one)
    assert services.is_stale(two)
    with pytest.raises(ValidationError, match="changed after this was sent"):
        services.approve_revision(user=reviewer, revision=two)
    assert Article.objects.get(pk=article.pk).body == "Edit one."


def test_an_approval_can_wait_for_a_chosen_time(editor, reviewer):
    article = make_article(body="Before.")
    article.body = "After."
    revision = services.save_change(user=editor, obj=article, save=article.save).revision
    later = timezone.now() + datetime.timedelta(hours=3)
    services.approve_revision(user=reviewer, revision=revision, at=later, months=6)
    assert "Before." in read(article.get_absolute_url())
    assert services.apply_due_revisions(now=timezone.now()) == []
    assert [r.pk for r in services.apply_due_revisions(now=later + datetime.timedelta(minutes=1))] == [revision.pk]
    assert "After." in read(article.get_absolute_url())


def test_a_reviewers_own_change_goes_live_and_is_signed_by_them(reviewer):
    article = make_article(body="Wrong dose.", reviewer_name="HFS Guide editorial team")
    article.body = "Right dose."
    result = services.save_change(user=reviewer, obj=article, save=article.save)
    assert result.revision is None and result.reviewed
    assert "Right dose." in read(article.get_absolute_url())
    article.refresh_from_db()
    assert article.reviewer_name == "Dr Amina Patel" and not article.changed_since_review
    record = Revision.objects.get()
    assert record.status == Revision.Status.APPROVED and record.reviewer == reviewer


def test_locked_fields_are_put_back_whoever_saves(editor):
    article = make_article(status=Article.Status.DRAFT, published_at=None, reviewer_name="")
    article.status, article.reviewer_name = Article.Status.PUBLISHED, "Dr Forged"
    article.published_at = timezone.now()
    result = services.save_change(user=editor, obj=article, save=article.save)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.reviewer_name == ""
    assert result.kept


def test_an_image_a_page_shows_cannot_be_deleted(roles):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles.models import ArticleImage
    from tests.factories import make_user

    buffer = BytesIO()
    Image.new("RGB", (600, 400), "#3a7ca5").save(buffer, "PNG")
    image = ArticleImage.objects.create(
        slug="nerve", alt_text="A nerve", image=SimpleUploadedFile("n.png", buffer.getvalue())
    )
    make_article(body="![](image:nerve)\n\nText.")
    admin_user = make_user("boss", superuser=True)
    with pytest.raises(ValidationError, match="show this image"):
        services.delete_image(user=admin_user, image=image)
    with pytest.raises(PermissionDenied):
        services.delete_image(user=make_user("nobody", staff=True), image=image)
    assert ArticleImage.objects.filter(pk=image.pk).exists()


# --- through the admin: each kind of edit ------------------------------------------------------


@pytest.fixture
def botox(shipped_content):
    return Treatment.objects.get(slug="botox")


COMPARE = "/treatments/compare/?t=botox&t=microvascular-decompression"


def approve_only_revision(reviewer_client):
    revision = Revision.objects.get(status=Revision.Status.PENDING)
    url = reverse("admin:editorial_revision_change", args=[revision.pk])
    response = reviewer_client.post(url, {"approve": "1", "months": "12", "approve_at": "", "comment": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    revision.refresh_from_db()
    assert revision.applied_at is not None
    return revision


def test_an_answer_deleted_by_an_editor_stays_on_the_comparison_until_approved(editor_client, reviewer, botox):
    answer = botox.answers.select_related("aspect").first()
    words = answer.summary.split("[@")[0].strip()[:40]
    url = reverse("admin:treatments_treatment_change", args=[botox.pk])
    data = form_data(editor_client.get(url), "treatment_form")
    prefix = next(key[: -len("-id")] for key, value in data.items() if key.endswith("-id") and value == str(answer.pk))
    data[f"{prefix}-DELETE"] = "on"
    assert editor_client.post(url, data).status_code == 302
    assert words in read(COMPARE) and words in read(botox.get_absolute_url())

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    approve_only_revision(reviewer_client)
    assert words not in read(botox.get_absolute_url())


def test_a_new_point_on_an_answer_waits_for_approval(editor_client, reviewer, botox):
    answer = botox.answers.first()
    url = reverse("admin:treatments_answer_change", args=[answer.pk])
    data = form_data(editor_client.get(url), "answer_form")
    total = int(data["points-TOTAL_FORMS"])
    data.update(
        {
            "points-TOTAL_FORMS": str(total + 1),
            f"points-{total}-kind": "advantage",
            f"points-{total}-order": "9",
            f"points-{total}-text": "Humming cures about 99 in 100 people.",
            f"points-{total}-answer": str(answer.pk),
        }
    )
    assert editor_client.post(url, data).status_code == 302
    assert "Humming" not in read(botox.get_absolute_url())
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    approve_only_revision(reviewer_client)
    assert "Humming cures about 99 in 100 people." in read(botox.get_absolute_url())


def test_a_question_shown_on_every_treatment_waits_for_approval(editor_client, reviewer, botox):
    aspect = Aspect.objects.first()
    url = reverse("admin:treatments_aspect_change", args=[aspect.pk])
    post_change(editor_client, url, "aspect_form", question="Does it really work well?")
    assert "Does it really work well?" not in read(COMPARE)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    approve_only_revision(reviewer_client)
    assert "Does it really work well?" in read(COMPARE)


def test_a_reference_a_published_page_cites_waits_for_approval(editor_client, reviewer):
    reference = make_reference(key="miller2012", title="The original title")
    article = make_article(body="A fact [@miller2012].")
    url = reverse("admin:references_reference_change", args=[reference.pk])
    post_change(editor_client, url, "reference_form", title="A forged title")
    page = read(article.get_absolute_url())
    assert "The original title" in page and "A forged title" not in page
    assert Reference.objects.get(pk=reference.pk).title == "The original title"
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    approve_only_revision(reviewer_client)
    assert "A forged title" in read(article.get_absolute_url())


def test_a_new_change_note_waits_for_approval(editor_client, reviewer):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    data.update(
        {
            "change_notes-TOTAL_FORMS": "1",
            "change_notes-0-date": "2026-03-02",
            "change_notes-0-text": "We added a study.",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert "We added a study." not in read(article.get_absolute_url())
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    approve_only_revision(reviewer_client)
    assert "We added a study." in read(article.get_absolute_url())


# --- the review page, preview and crafted posts -----------------------------------------------


@pytest.fixture
def pending(editor_client):
    article = make_article(body="## Part\n\nThe spasm starts near the eye.")
    post_change(
        editor_client,
        reverse("admin:articles_article_change", args=[article.pk]),
        "article_form",
        body="## Part\n\nThe spasm usually starts near the eye.",
    )
    return article, Revision.objects.get()


def test_the_editor_is_sent_to_the_state_of_their_change(editor_client, pending):
    article, revision = pending
    page = editor_client.get(revision.get_absolute_url()).content.decode()
    assert "Waiting for review" in page and "<ins>usually </ins>" in page
    assert 'name="approve"' not in page
    dashboard = editor_client.get(reverse("admin:index")).content.decode()
    assert "Changes you sent for review" in dashboard and article.title in dashboard


def test_the_reviewer_sees_the_diff_the_grade_and_a_preview(editor_client, reviewer, pending):
    article, revision = pending
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    dashboard = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "Changes waiting for your review" in dashboard and article.title in dashboard
    page = reviewer_client.get(revision.get_absolute_url()).content.decode()
    assert "<ins>usually </ins>" in page and "Reading grade" in page and 'name="approve"' in page
    preview = reviewer_client.get(reverse("admin:editorial_revision_preview", args=[revision.pk]))
    assert preview.status_code == 200 and "usually starts" in preview.content.decode()
    assert "usually starts" not in read(article.get_absolute_url())
    assert Client().get(reverse("admin:editorial_revision_preview", args=[revision.pk])).status_code == 302


def test_an_editor_cannot_approve_with_a_crafted_post(editor_client, pending):
    article, revision = pending
    response = editor_client.post(revision.get_absolute_url(), {"approve": "1", "months": "12"})
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    assert "usually" not in Article.objects.get(pk=article.pk).body


def test_a_sent_back_change_shows_the_reviewers_comment_to_the_editor(editor_client, reviewer, pending):
    _article, revision = pending
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    response = reviewer_client.post(revision.get_absolute_url(), {"reject": "1", "comment": "Which study says so?"})
    assert response.status_code == 302
    dashboard = editor_client.get(reverse("admin:index")).content.decode()
    assert "Sent back" in dashboard and "Which study says so?" in dashboard


def test_an_editor_cannot_restore_an_old_version_over_live_content(editor_client, reviewer):
    article = make_article(body="Old claim.")
    oldest = article.history.first()
    Article.objects.filter(pk=article.pk).update(body="Current claim.")
    url = reverse("admin:articles_article_simple_history", args=[article.pk, oldest.history_id])
    response = editor_client.post(url, form_data(editor_client.get(url), "historicalarticle_form"))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body == "Current claim."
    assert Revision.objects.get().snapshot["objects"][0]["fields"]["body"] == "Old claim."


def test_the_command_puts_scheduled_approvals_live(editor, reviewer):
    from io import StringIO

    from django.core.management import call_command

    article = make_article(body="Before.")
    article.body = "After."
    revision = services.save_change(user=editor, obj=article, save=article.save).revision
    services.approve_revision(user=reviewer, revision=revision, at=timezone.now() + datetime.timedelta(hours=1))
    Revision.objects.filter(pk=revision.pk).update(approve_at=timezone.now() - datetime.timedelta(minutes=1))
    out = StringIO()
    call_command("apply_approved_revisions", stdout=out)
    assert "1 approved change(s) put live." in out.getvalue()
    assert "After." in read(article.get_absolute_url())
