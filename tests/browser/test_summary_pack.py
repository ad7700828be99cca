"""The handout builder and the summary pack in headless Chromium: no axe violations at 375 and
1280 px, nothing wider than the screen, no cookies, the summary chosen by default."""

import pytest

from articles.models import Article
from handouts.models import Handout
from treatments.models import Treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pack(shipped_content):
    return Handout.objects.create_pack(
        articles=Article.objects.published().filter(slug__in=["botox-injections", "choosing-a-treatment"]),
        treatments=list(Treatment.objects.in_order())[:2],
        compared=list(Treatment.objects.in_order()),
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_builder_and_summary_pack_pass_axe_and_fit_the_screen(pack, page, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/handouts/new/")
    assert page.locator("input[name=kind][value=summary]").is_checked()
    assert axe_violations(page) == []
    # The builder is a POST form with its CSRF cookie; the patient's pack must set none.
    page.context.clear_cookies()
    page.goto(pack.get_absolute_url())
    assert page.get_by_text("this summary takes").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.context.cookies() == []
    # On paper: one QR code, the sheet count and the share panel gone.
    page.emulate_media(media="print")
    assert page.locator(".print-qr svg").count() == 1
    assert not page.locator(".pack-sheets").is_visible()
