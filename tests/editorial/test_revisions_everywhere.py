"""Each kind of edit to live content: every reader surface keeps the approved version until approval.

One table of edits (a treatment and each part shown with it, a shared question or measure, a
reference and an image a live page shows, additions and deletions), each made by an editor
through the service layer; then the page, the comparison, a full handout pack, the sitemap and
the link-preview card are read before and after a medical reviewer approves.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import ArticleImage
from editorial import services
from handouts.models import Handout
from sharing.cards import card_path
from tests.factories import make_article
from treatments.models import Answer, Aspect, Measure, Outcome, Point, Treatment

pytestmark = pytest.mark.django_db

GLANCE = "/treatments/compare/?t=botox&t=microvascular-decompression"
COMPARE = "/treatments/compare/full/?t=botox&t=microvascular-decompression"
MARK = "Zanzibar"  # a word no shipped page uses


def read(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def botox():
    return Treatment.objects.get(slug="botox")


def change(editor, obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    result = services.save_change(user=editor, obj=obj, save=obj.save)
    assert result.revision is not None, "the edit went live without review"
    return result.revision


def edit_treatment_summary(editor, _article):
    return change(editor, botox(), summary=f"{MARK} injections calm the muscle.")


def edit_answer(editor, _article):
    answer = botox().answers.order_by("pk").first()
    return change(editor, answer, summary=f"{MARK} answer in plain words.")


def add_point(editor, _article):
    answer = botox().answers.order_by("pk").first()
    return change(editor, Point(answer=answer, kind="advantage", order=99, text=f"{MARK} point for it."))


def edit_point(editor, _article):
    point = Point.objects.filter(answer__treatment__slug="botox").order_by("pk").first()
    return change(editor, point, text=f"{MARK} point, reworded.")


def edit_outcome(editor, _article):
    outcome = Outcome.objects.filter(treatment__slug="botox").order_by("pk").first()
    return change(editor, outcome, label=f"{MARK} relief")


def edit_question(editor, _article):
    aspect = Aspect.objects.order_by("pk").first()
    return change(editor, aspect, question=f"{MARK} question asked of every option?")


def edit_measure(editor, _article):
    measure = Measure.objects.filter(outcomes__treatment__slug="botox").order_by("pk").first()
    return change(editor, measure, label=f"{MARK} measure")


def edit_reference(editor, article):
    reference = article.citations.first().reference
    return change(editor, reference, title=f"{MARK} trial of the options")


def edit_image(editor, article):
    image = ArticleImage.objects.get(slug="nerve-picture")
    return change(editor, image, alt_text=f"{MARK} nerve beside an artery.")


CASES = [
    # (edit, where readers see it: the treatment page, the comparison at a glance and in full,
    # a full handout pack, an article that cites or shows it)
    (edit_treatment_summary, {"page", "pack"}),
    (edit_answer, {"page", "glance", "compare", "pack"}),
    (add_point, {"page", "compare", "pack"}),
    (edit_point, {"page", "compare", "pack"}),
    (edit_outcome, {"page", "compare", "pack"}),
    (edit_question, {"page", "glance", "compare", "pack"}),
    (edit_measure, {"compare"}),
    (edit_reference, {"article", "pack"}),
    (edit_image, {"article", "pack"}),
]


@pytest.fixture
def live_pages(shipped_content, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "#3a7ca5").save(buffer, "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        ArticleImage.objects.create(
            slug="nerve-picture",
            alt_text="A nerve.",
            image=SimpleUploadedFile("n.png", buffer.getvalue(), content_type="image/png"),
        )
    reference = botox().references.order_by("pk").first()
    article = make_article(body=f"## Part\n\nA fact [@{reference.key}].\n\n![](image:nerve-picture)\n")
    handout = Handout.objects.create_pack(
        articles=[article],
        treatments=[botox()],
        compared=Treatment.objects.filter(slug__in=["botox", "microvascular-decompression"]),
        kind=Handout.Kind.FULL,
    )
    paths = {
        "page": botox().get_absolute_url(),
        "glance": GLANCE,
        "compare": COMPARE,
        "pack": handout.get_absolute_url(),
        "article": article.get_absolute_url(),
    }
    return article, paths


@pytest.mark.parametrize(("edit", "surfaces"), CASES, ids=[case[0].__name__ for case in CASES])
def test_readers_see_the_approved_version_until_a_reviewer_approves(live_pages, editor, reviewer, edit, surfaces):
    article, paths = live_pages
    revision = edit(editor, article)
    for surface in surfaces:
        assert MARK not in read(paths[surface]), f"{surface} shows the change before approval"
    services.approve_revision(user=reviewer, revision=revision)
    for surface in surfaces:
        assert MARK in read(paths[surface]), f"{surface} does not show the change after approval"


def test_a_renamed_treatment_keeps_its_address_card_and_sitemap_until_approved(live_pages, editor, reviewer):
    treatment = botox()
    old_card = Client().get(card_path(treatment)).content
    revision = change(editor, botox(), name=f"{MARK} injections", slug="zanzibar-injections")
    sitemap = read(reverse("sitemap"))
    assert "/treatments/botox/" in sitemap and "zanzibar-injections" not in sitemap
    assert Client().get(card_path(botox())).content == old_card
    assert MARK not in read("/treatments/")
    services.approve_revision(user=reviewer, revision=revision)
    renamed = Treatment.objects.get(pk=treatment.pk)
    sitemap = read(reverse("sitemap"))
    assert "zanzibar-injections" in sitemap and "/treatments/botox/" not in sitemap
    assert Client().get(card_path(renamed)).content != old_card
    assert MARK in read("/treatments/")


def test_a_new_treatment_appears_only_once_approved(live_pages, editor, reviewer):
    existing = botox()
    new = Treatment(
        **{
            f.name: getattr(existing, f.name)
            for f in Treatment._meta.concrete_fields
            if not f.primary_key and f.name not in ("slug", "name")
        },
        slug="zanzibar-therapy",
        name=f"{MARK} therapy",
    )
    revision = change(editor, new)
    assert not Treatment.objects.filter(slug="zanzibar-therapy").exists()
    assert MARK not in read("/treatments/") and "zanzibar-therapy" not in read(reverse("sitemap"))
    services.approve_revision(user=reviewer, revision=revision)
    assert MARK in read("/treatments/") and "zanzibar-therapy" in read(reverse("sitemap"))


def test_a_deleted_point_stays_until_approved(live_pages, editor, reviewer):
    _article, paths = live_pages
    point = Point.objects.filter(answer__treatment__slug="botox").order_by("pk").first()
    point.text = f"{MARK} point to delete."
    point.save()  # stored rendered, as the loader would
    answer = Answer.objects.get(pk=point.answer_id)

    def delete_it():
        Point.objects.filter(pk=point.pk).delete()

    revision = services.save_change(user=editor, obj=answer, save=delete_it).revision
    assert revision is not None
    for surface in ("page", "compare", "pack"):
        assert MARK in read(paths[surface])
    services.approve_revision(user=reviewer, revision=revision)
    for surface in ("page", "compare", "pack"):
        assert MARK not in read(paths[surface])
