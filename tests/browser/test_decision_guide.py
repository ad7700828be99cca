"""My decision guide in headless Chromium: walked by keyboard alone from the first step to the
printed summary, results in view after each step, no axe violations, no cookies."""

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FULL = (
    "t=botox&t=microvascular-decompression&stage=thinking&k1=false&k2=true&k3=unsure&k4=false"
    "&p-avoid-surgery=very&p-lasting-relief=somewhat&lean=unsure&support=yes&pressure=no&role=shared"
    "&s1=no&s2=yes&s3=yes&s4=no&next=talk-doctor"
)


@pytest.fixture
def content(shipped_content):
    """The shipped content, loaded once per session and copied in (committed: the live server reads it)."""


def tab_to(page, selector, limit=300):
    """Press Tab until the element matching `selector` has focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never received focus by Tab")


def choose(page, name, moves=0):
    """Tab into a group of radio buttons, tick the first with Space, then move with the arrow key."""
    tab_to(page, f"input[name='{name}']")
    page.keyboard.press("Space")
    for _ in range(moves):
        page.keyboard.press("ArrowDown")


def submit(page):
    tab_to(page, "#step-submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def in_view(page, element_id):
    return page.evaluate(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        element_id,
    )


def heading(page):
    return page.locator("h1").inner_text()


def test_the_guide_by_keyboard_alone_from_first_step_to_printed_summary(content, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/decide/")
    # Step 1: keep botox and surgery, untick the other three, say how far along.
    for slug in ("medication", "alternative-therapies", "watchful-waiting"):
        tab_to(page, f"input[name=t][value={slug}]")
        page.keyboard.press("Space")
    choose(page, "stage", moves=1)
    submit(page)
    assert "/decide/2/?" in page.url and page.url.endswith("#step-heading")
    assert "Step 2 of 7" in heading(page) and in_view(page, "step-heading")

    # Step 2: two left out first, so the errors come back with the answers kept.
    choose(page, "k1", moves=1)
    choose(page, "k2")
    submit(page)
    assert page.locator("text=Please answer the questions marked below").is_visible()
    assert page.locator("input[name=k1][value=false]").is_checked()
    choose(page, "k3")
    choose(page, "k4", moves=1)
    submit(page)
    assert in_view(page, "result-heading")
    assert page.get_by_text("That is right.").count() >= 2
    tab_to(page, ".guide-result a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Step 3: what matters, the comparison's own form.
    assert "Step 3 of 7" in heading(page) and in_view(page, "step-heading")
    choose(page, "p-avoid-surgery", moves=2)
    submit(page)

    # Step 4: lean toward surgery (the second option).
    assert "Step 4 of 7" in heading(page)
    assert page.locator("input[name=lean]").count() == 3  # the two options and "not sure"
    choose(page, "lean", moves=1)
    submit(page)

    # Step 5: support, pressure, role.
    assert "Step 5 of 7" in heading(page)
    choose(page, "support")
    choose(page, "pressure", moves=1)
    choose(page, "role", moves=1)
    submit(page)

    # Step 6: the SURE test, one "No".
    assert "Step 6 of 7" in heading(page)
    choose(page, "s1", moves=1)
    for name in ("s2", "s3", "s4"):
        choose(page, name)
    submit(page)
    assert in_view(page, "result-heading")
    assert "3 questions of 4" in page.locator("#result-heading").inner_text()
    tab_to(page, ".guide-result a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Step 7, then the summary.
    assert "Step 7 of 7" in heading(page)
    tab_to(page, "input[name=next][value=talk-doctor]")
    page.keyboard.press("Space")
    submit(page)
    assert "/decide/summary/?" in page.url
    assert heading(page) == "My summary for my appointment" and in_view(page, "step-heading")
    text = page.locator("main").inner_text()
    for expected in (
        "Avoiding an operation",
        "I am leaning toward: Microvascular decompression (MVD) surgery",
        "Sure of myself: No",
        "Talk with my doctor about the options",
        "If I do not want an operation, what can I do instead",
    ):
        assert expected in text
    assert page.context.cookies() == []

    # Printed: the steps and links are gone, the QR code is on the first page.
    page.emulate_media(media="print")
    assert not page.locator(".guide-steps").is_visible()
    assert page.locator(".summary-print-qr svg").is_visible()
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1  # one side of one sheet (tests/browser/test_summary_print.py)
    assert "My summary for my appointment" in pdf.pages[0].extract_text()


PAGES = [
    "/decide/",
    f"/decide/2/?sent=2&{FULL}#result-heading",
    "/decide/2/?sent=2&k1=true",
    f"/decide/3/?{FULL}",
    f"/decide/4/?{FULL}",
    f"/decide/5/?{FULL}",
    f"/decide/6/?sent=6&{FULL}#result-heading",
    f"/decide/7/?{FULL}",
    f"/decide/summary/?{FULL}",
    "/decide/summary/",
]


@pytest.mark.parametrize("width", [375, 1280])
def test_no_axe_violations_no_cookies_nothing_too_wide(content, page, axe_violations, width):
    # Every page in one test: the content loads once per width.
    page.set_viewport_size({"width": width, "height": 800})
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert axe_violations(page) == [], path
        assert page.context.cookies() == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
