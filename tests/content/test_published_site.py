"""The shipped articles as a reader finds them after `load_content`."""

import re
from collections import deque

import pytest

from articles.models import Article
from tests.content.test_article_standards import REQUIRED_SLUGS

pytestmark = pytest.mark.django_db


def test_every_required_article_is_public_listed_in_its_category_and_in_the_sitemap(client, shipped_content):
    sitemap = client.get("/sitemap.xml").content.decode()
    for slug in REQUIRED_SLUGS:
        article = Article.objects.published().get(slug=slug)
        category_page = client.get(f"/articles/category/{article.category}/").content.decode()
        assert f'href="{article.get_absolute_url()}"' in category_page, slug
        assert f"http://testserver{article.get_absolute_url()}</loc>" in sitemap, slug


def _links(html):
    return set(re.findall(r'href="(/[^"#?]*)', html))


def clicks_from_home(client, target_path, anchor=None, limit=3):
    """Breadth-first search over the site's own links: how many clicks from / to the answer."""
    seen, queue = {"/"}, deque([("/", 0)])
    while queue:
        path, depth = queue.popleft()
        html = client.get(path).content.decode()
        if path == target_path and (anchor is None or f'id="{anchor}"' in html):
            return depth
        if depth == limit:
            continue
        for link in _links(html) - seen:
            if link.startswith(("/static/", "/admin/", "/media/")):
                continue
            seen.add(link)
            queue.append((link, depth + 1))
    return None


@pytest.mark.parametrize(
    "anchor",
    [
        "is-it-serious",
        "what-causes-it",
        "will-botox-stop-working",
        "what-are-the-risks-of-surgery",
        "can-it-go-away-on-its-own",
        "is-it-hereditary",
    ],
)
def test_key_questions_are_answered_within_three_clicks_of_home(client, shipped_content, anchor):
    clicks = clicks_from_home(client, "/articles/frequently-asked-questions/", anchor)
    assert clicks is not None and clicks <= 3
    home = client.get("/").content.decode()
    assert f'href="/articles/frequently-asked-questions/#{anchor}"' in home
