"""Issue 10 item 6: under every public title (each article and treatment in the sitemap, and the
comparison) the line says who reviewed the page (name and credentials), when, and when the next
review is due; a named reviewer's sign-off replaces "HFS Guide editorial team"."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from editorial import services
from treatments.models import Treatment

pytestmark = pytest.mark.django_db


def line_under_title(html):
    """The text from the <h1> to the end of the paragraph or header that follows it."""
    start = html.index("<h1")
    end = min(i for i in (html.find("</header>", start), html.find("</p>", html.find("review-line", start))) if i > 0)
    return re.sub(r"\s+", " ", html[start:end])


def expected(page):
    return [
        f"Reviewed by {escape(page.reviewer_name)}",
        f"({escape(page.reviewer_credentials)})",
        f'<time datetime="{page.last_reviewed:%Y-%m-%d}">{page.last_reviewed.day} {page.last_reviewed:%B %Y}</time>',
        f'next review due <time datetime="{page.next_review_due:%Y-%m-%d}">',
    ]


@pytest.fixture
def signed(shipped_content, reviewer):
    """One article and one treatment signed off by a named reviewer; the rest as shipped."""
    article = Article.objects.published().order_by("pk").first()
    treatment = Treatment.objects.order_by("pk").first()
    for page in (article, treatment):
        services.mark_reviewed(page, user=reviewer, months=12)
    return article, treatment


def test_every_reviewed_page_in_the_sitemap_has_an_honest_line_under_its_title(signed, client):
    sitemap = client.get(reverse("sitemap")).content.decode()
    paths = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    pages = {page.get_absolute_url(): page for page in [*Article.objects.published(), *Treatment.objects.all()]}
    assert set(pages) <= paths  # every reviewed page is in the sitemap
    checked = 0
    for path in sorted(paths & set(pages)):
        page = pages[path]
        page.refresh_from_db()
        line = line_under_title(client.get(path).content.decode())
        for part in expected(page):
            assert part in line, f"{path}: {part!r} not under the title: {line[:400]}"
        checked += 1
    assert checked == len(pages) >= 2
    article, treatment = signed
    for page in signed:
        page.refresh_from_db()
        assert page.reviewer_name == "Dr Amina Patel"
        assert "HFS Guide editorial team" not in line_under_title(client.get(page.get_absolute_url()).content.decode())


@pytest.mark.parametrize("url_name", ["treatments:compare", "treatments:compare-full"])
def test_the_comparison_names_each_reviewer_under_its_title(signed, client, url_name):
    _article, treatment = signed
    treatment.refresh_from_db()
    slugs = list(Treatment.objects.values_list("slug", flat=True))
    html = client.get(reverse(url_name), {"t": slugs}).content.decode()
    line = line_under_title(html)
    for part in expected(treatment):
        assert part in line
    others = Treatment.objects.exclude(pk=treatment.pk).first()
    for part in expected(others):
        assert part in line
