"""An editor's change to a published article, through a reviewer's approval with the diff on screen."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from editorial.models import ReviewerProfile
from editorial.roles import EDITOR, MEDICAL_REVIEWER, sync_role_groups
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-123"  # tests.factories.make_user's default


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_an_editors_change_goes_live_only_after_a_reviewer_approves_it(page):
    sync_role_groups()
    editor = make_user("edna", staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    reviewer = make_user("rev", staff=True)
    reviewer.groups.add(Group.objects.get(name=MEDICAL_REVIEWER))
    ReviewerProfile.objects.create(user=reviewer, full_name="Dr Amina Patel", credentials="Consultant neurologist")
    article = make_article(title="Spasm at night", body="## At night\n\nThe spasm can go on during sleep.")

    log_in(page, "edna")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Body:").fill("## At night\n\nThe spasm often goes on during sleep.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was sent to a medical reviewer")
    expect(page.locator(".revision-state")).to_contain_text("Waiting for review")

    reader = page.context.browser.new_context(base_url=page.url.split("/admin/")[0])
    public = reader.new_page()
    public.goto(article.get_absolute_url())
    expect(public.locator("main")).to_contain_text("The spasm can go on during sleep.")

    page.context.clear_cookies()  # sign out
    log_in(page, "rev")
    page.get_by_role("link", name="Spasm at night").first.click()
    diff = page.locator(".version-diff")
    expect(diff.locator("ins")).to_have_text(["often", "goes"])
    expect(diff.locator("del")).to_have_text(["can", "go"])
    expect(page.locator(".grade-change")).to_contain_text("Reading grade")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("readers now see this change")

    # Readers' pages are public with max-age (core.http), so a plain second visit may come from
    # the browser's own cache; reloading revalidates it (ETag) and gets the approved page.
    public.reload()
    expect(public.locator("main")).to_contain_text("The spasm often goes on during sleep.")
    expect(public.locator("main")).to_contain_text("Dr Amina Patel")
    reader.close()
