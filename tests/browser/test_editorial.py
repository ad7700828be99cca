"""The editorial workflow in a real browser, as an editor and as a medical reviewer.

Also the public article page with the new elements (an uploaded figure, what-changed notes and
the overdue notice): zero axe-core violations, no layout shift from the image, no cookies.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from articles.models import Article, ArticleChangeNote, ArticleImage
from tests.factories import make_article

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-123"  # tests.factories.make_user's default


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def diagram_png():
    image = Image.new("RGB", (1200, 800), "#eef3f6")
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 150, 650, 650), outline="#0b4f6c", width=18)
    draw.line((400, 400, 1100, 300), fill="#a4161a", width=22)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("nerve.png", buffer.getvalue(), content_type="image/png")


def test_editor_drafts_previews_and_restores_but_cannot_publish(page, editor):
    log_in(page, "edna")
    assert page.get_by_role("heading", name="Reviews due").is_visible()
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:").press_sequentially("Sleep and twitching")
    assert page.get_by_label("Slug:").input_value() == "sleep-and-twitching"  # prepopulated
    page.get_by_label("Category:").select_option("living-with-hfs")
    page.get_by_label("Summary:").fill("How spasm can affect sleep.")
    page.get_by_label("Body:").fill("## At night\n\nThe spasm can go on during sleep.")
    assert page.locator("select[name=status]").count() == 0  # editors cannot publish
    assert page.locator("input[name=reviewer_name]").count() == 0  # nor sign off a review
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="sleep-and-twitching")
    assert article.status == Article.Status.DRAFT

    # Edit, then restore the first version from the history.
    page.get_by_label("Body:").fill("## At night\n\nA wrong sentence.")
    page.get_by_role("button", name="Save and continue editing").click()
    # Wait for the saved page: the old one has a History link too, and its history lacks the edit.
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Changed body")).to_be_visible()
    page.get_by_role("link", name="Compare with the version before").click()
    expect(page.locator("ins", has_text="wrong")).to_have_count(1)
    page.get_by_role("link", name="Review and restore the version of").click()
    page.get_by_role("button", name="Revert").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    # Browsers send textarea line breaks as CRLF.
    assert article.body.replace("\r\n", "\n") == "## At night\n\nThe spasm can go on during sleep."

    # The preview opens from the change page.
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="View draft").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Sleep and twitching"
    assert "visible to staff only" in page.get_by_role("note").first.inner_text()


def test_enter_in_a_field_saves_the_page_rather_than_previewing_its_body(page, editor):
    draft = make_article(title="Sleep and twitching", status=Article.Status.DRAFT, published_at=None, reviewer_name="")
    log_in(page, "edna")
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.get_by_label("Title:").fill("Sleep and twitching at night")
    page.get_by_label("Title:").press("Enter")
    page.wait_for_url("**/admin/articles/article/")  # "Save" goes back to the list; a preview would stay
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert page.locator(".body-preview").count() == 0
    draft.refresh_from_db()
    assert draft.title == "Sleep and twitching at night"


def test_reviewer_marks_reviewed_and_publishes(page, browser, live_server, reviewer):
    draft = make_article(title="New treatment news", status=Article.Status.DRAFT, published_at=None, reviewer_name="")
    log_in(page, "rev")
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("link", name="Mark reviewed…").click()
    page.get_by_label("6 months").check()
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator(".messagelist")).to_contain_text("marked reviewed by Dr Amina Patel")

    page.get_by_label("Status:").select_option("published")
    page.locator("input[name=published_at_0]").fill(timezone.localdate().isoformat())
    page.locator("input[name=published_at_1]").fill("00:00:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    draft.refresh_from_db()
    assert draft.is_public and draft.reviewer_name == "Dr Amina Patel"
    reader = browser.new_context(base_url=live_server.url).new_page()
    assert reader.goto(draft.get_absolute_url()).status == 200
    assert "Dr Amina Patel" in reader.get_by_role("complementary", name="Review information").inner_text()
    reader.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_article_with_figure_notes_and_overdue_notice_is_accessible(page, axe_violations, live_server, width):
    ArticleImage.objects.create(
        slug="facial-nerve",
        image=diagram_png(),
        alt_text="The facial nerve leaves the brainstem, with an artery pressing on it.",
        caption="Where the artery touches the nerve.",
    )
    today = timezone.localdate()
    article = make_article(
        title="Why the face twitches",
        body="## The nerve\n\nA vessel can press on the nerve.\n\n![](image:facial-nerve)\n\nThat causes the spasm.",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=10),
    )
    ArticleChangeNote.objects.create(article=article, date=today, text="We added a diagram of the nerve.")
    page.set_viewport_size({"width": width, "height": 900})
    assert page.goto(article.get_absolute_url()).status == 200

    figure = page.locator("figure img")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure img').complete")
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0
    assert figure.get_attribute("width") and figure.get_attribute("height")  # space is reserved
    box = figure.bounding_box()
    assert abs(box["width"] / box["height"] - 1.5) < 0.02  # drawn at its own shape
    assert page.get_by_text("This page is overdue for review.").first.is_visible()
    assert page.get_by_role("heading", name="What changed").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    assert axe_violations(page) == []
    assert page.context.cookies() == []
