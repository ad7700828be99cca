"""Searching from a phone: the header box, the results and the no-results page."""

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "## Zebrafish facts\n\nThe zebrafish can regrow its nerves.\n\n## Other things\n\nNothing special.\n"


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 375, "height": 740})
    return page


def test_searching_from_the_header_on_a_phone(transactional_db, phone, axe_violations):
    # Outside a test transaction the index follows the save at once, as it does in production.
    make_article(title="All about fish", slug="fish", body=BODY)
    phone.goto("/")
    box = phone.get_by_role("searchbox", name="Search this site")
    assert box.is_visible()
    box.fill("zebrafsh")
    box.press("Enter")
    phone.wait_for_url("**/search/?q=zebrafsh")
    result = phone.get_by_role("link", name="All about fish: Zebrafish facts")
    assert result.is_visible()
    assert phone.locator(".search-passage mark").first.inner_text().lower() == "zebrafish"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(phone) == []
    assert phone.context.cookies() == []
    result.click()
    phone.wait_for_url("**/articles/fish/#zebrafish-facts")


def test_no_results_on_a_phone_is_kind_and_accessible(transactional_db, phone, axe_violations):
    phone.goto("/search/?q=kxqzv")
    assert "Sorry, we found no pages" in phone.get_by_role("heading", level=2).first.inner_text()
    assert phone.get_by_role("link", name="Frequently asked questions").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(phone) == []
