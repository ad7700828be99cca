"""An edit made after a reviewer's sign-off is flagged until a reviewer signs the page off again."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial.models import Revision
from editorial.roles import MEDICAL_REVIEWER
from editorial.selectors import review_dashboard
from tests.admin_forms import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db
DRAFT = {"status": Article.Status.DRAFT, "published_at": None}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit_body(client, article, body):
    data = form_data(client.get(change_url(article)), "article_form")
    data["body"] = body
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_editors_change_to_a_reviewed_draft_is_flagged_for_review(editor_client, editor):
    article = make_article(title="Signed-off page", **DRAFT)
    assert not article.changed_since_review
    edit_body(editor_client, article, "## New\n\nA changed paragraph.")
    article.refresh_from_db()
    assert article.changed_since_review
    assert "A changed paragraph." in article.body_html
    dashboard = editor_client.get(reverse("admin:index")).content.decode()
    section = dashboard[dashboard.index("Changed since their last review") : dashboard.index("Drafts waiting")]
    assert "Signed-off page" in section
    notice = editor_client.get(change_url(article)).content.decode()
    assert "Changed since its last review" in notice


def test_saving_without_changes_does_not_flag_the_page(editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(article)), "article_form")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert not article.changed_since_review


def test_marking_reviewed_clears_the_flag(editor_client, reviewer):
    from django.test import Client

    article = make_article(title="Edited page", **DRAFT)
    edit_body(editor_client, article, "Edited text.")
    client = Client()
    client.force_login(reviewer)
    url = reverse("admin:articles_article_mark_reviewed", args=[article.pk])
    assert client.post(url, {"months": "12"}).status_code == 302
    article.refresh_from_db()
    assert not article.changed_since_review
    assert review_dashboard(user=reviewer)["changed"] == []


def test_the_flag_stays_out_of_the_page_history(editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    edit_body(editor_client, article, "Edited text.")
    assert article.history.count() == 2  # created, then the edit; flagging adds no version


def test_saving_a_shipped_article_unchanged_in_admin_leaves_it_loadable(shipped_content, editor_client):
    from io import StringIO

    from django.core.management import call_command

    from articles.models import Article

    article = Article.objects.get(slug="what-is-hemifacial-spasm")
    data = form_data(editor_client.get(change_url(article)), "article_form")
    data["body"] = data["body"].replace("\n", "\r\n")  # as a browser sends a textarea
    versions = article.history.count()
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    # Nothing changed, so nothing is saved and nothing waits for review.
    assert article.history.count() == versions
    assert not Revision.objects.pending().exists()
    assert not article.changed_since_review
    out = StringIO()
    call_command("load_content", stdout=out)
    assert "0 skipped" in out.getvalue()


def test_readers_are_told_when_a_page_changed_after_its_review(client, roles):
    # A reviewer who has no reviewer profile yet cannot sign their own change off.
    from django.test import Client

    from .conftest import _member

    unsigned = Client()
    unsigned.force_login(_member("nopro", MEDICAL_REVIEWER))
    article = make_article()
    assert "Updated since its last review" not in client.get(article.get_absolute_url()).content.decode()
    edit_body(unsigned, article, "Edited text.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Updated since its last review" in page


def test_a_page_nobody_reviewed_says_so_instead_of_showing_review_dates(client):
    article = make_article(reviewer_name="")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Not yet reviewed." in page
    assert "Reviewed by" not in page


def test_an_editor_cannot_add_a_treatment(editor_client, reviewer, client):
    assert editor_client.get(reverse("admin:treatments_treatment_add")).status_code == 403
    client.force_login(reviewer)
    assert client.get(reverse("admin:treatments_treatment_add")).status_code == 200


# --- parts of a page and things several pages show -----------------------------------------------


@pytest.fixture
def treatment(shipped_content):
    from treatments.models import Treatment

    return Treatment.objects.get(slug="botox")


def test_editing_an_answer_or_its_points_waits_for_review(editor_client, treatment, client):
    answer = treatment.answers.select_related("aspect").first()
    url = reverse("admin:treatments_answer_change", args=[answer.pk])
    data = form_data(editor_client.get(url), "answer_form")
    point_text = next(key for key in data if key.startswith("points-") and key.endswith("-text"))
    data[point_text] = "An edited point [@duarte2020]."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    treatment.refresh_from_db()
    assert not treatment.changed_since_review
    assert "An edited point" not in client.get(treatment.get_absolute_url()).content.decode()
    revision = Revision.objects.pending().get()
    assert any(e["fields"].get("text") == "An edited point [@duarte2020]." for e in revision.snapshot["objects"])


def test_rewording_a_question_asked_of_every_treatment_waits_for_review(editor_client, treatment, client):
    from treatments.models import Aspect, Treatment

    aspect = Aspect.objects.first()
    url = reverse("admin:treatments_aspect_change", args=[aspect.pk])
    data = form_data(editor_client.get(url), "aspect_form")
    data["question"] = "How well does it really work?"
    assert editor_client.post(url, data).status_code == 302
    assert not Treatment.objects.filter(changed_since_review=True).exists()
    assert "really work" not in client.get(treatment.get_absolute_url()).content.decode()
    fields = Revision.objects.pending().get().snapshot["objects"][0]["fields"]
    assert fields["question"] == "How well does it really work?"


def test_replacing_an_images_alt_text_flags_only_the_articles_that_show_it(editor_client):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles.models import ArticleImage

    buffer = BytesIO()
    Image.new("RGB", (800, 500), "#3a7ca5").save(buffer, "PNG")
    image = ArticleImage.objects.create(
        slug="nerve", alt_text="The facial nerve", image=SimpleUploadedFile("n.png", buffer.getvalue())
    )
    # Only drafts show it, so the change is made at once (a published page would wait for review).
    showing = make_article(body="![](image:nerve)\n\nText.", **DRAFT)
    similar = make_article(body="![](image:nerve-root)\n\nText.", **DRAFT)  # another image whose name starts alike
    url = reverse("admin:articles_articleimage_change", args=[image.pk])
    data = form_data(editor_client.get(url), "articleimage_form")
    data["alt_text"] = "Diagram of the facial nerve leaving the brainstem"
    assert editor_client.post(url, data).status_code == 302
    showing.refresh_from_db()
    similar.refresh_from_db()
    assert showing.changed_since_review and not similar.changed_since_review
    assert "leaving the brainstem" in showing.body_html


def test_a_treatment_nobody_has_reviewed_never_claims_a_review_date(treatment, client):
    from treatments.models import Treatment

    Treatment.objects.filter(pk=treatment.pk).update(reviewer_name="", reviewer_credentials="")
    detail = client.get(treatment.get_absolute_url()).content.decode()
    assert "Not yet reviewed" in detail
    assert "Last reviewed" not in detail and "overdue" not in detail
    comparison = client.get("/treatments/compare/full/?t=botox&t=medication").content.decode()
    assert '<td colspan="3">Not yet reviewed</td>' in comparison
