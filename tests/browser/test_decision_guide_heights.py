"""My decision guide on a phone: each step, from its heading to its Next button, fits one screen
(375 x 812 px), so nobody has to scroll to find how to go on (issue 11 item 3)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
OPTIONS = "t=botox&t=microvascular-decompression"


@pytest.fixture
def content(shipped_content):
    """The shipped content, loaded once per session and copied in (committed: the live server reads it)."""


def test_each_step_from_heading_to_next_button_fits_a_phone_screen(content, page):
    page.set_viewport_size(PHONE)
    heights = {}
    for step in range(1, 8):
        page.goto(f"/decide/?{OPTIONS}" if step == 1 else f"/decide/{step}/?{OPTIONS}")
        heights[step] = page.evaluate(
            """() => { const h = document.getElementById("step-heading"), n = document.getElementById("step-submit");
                       if (!h || !n) return String(!!h) + String(!!n);
                       return Math.round(n.getBoundingClientRect().bottom - h.getBoundingClientRect().top); }"""
        )
    print("step heights at 375 px:", heights)
    assert all(height <= PHONE["height"] for height in heights.values()), heights
