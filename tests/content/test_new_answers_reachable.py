"""The answers added for issue 12 (questions patients ask, safety notes) are reachable from the
home page in at most three clicks, crawled the way a reader would follow links."""

import re
from collections import deque

import pytest

pytestmark = pytest.mark.django_db

FAQ = "/articles/frequently-asked-questions/"
TARGETS = [
    (FAQ, "can-i-have-treatment-if-i-am-pregnant-or-breast-feeding"),
    (FAQ, "can-children-or-young-people-get-hfs"),
    (FAQ, "what-does-treatment-cost-and-will-my-insurance-pay"),
    (FAQ, "how-do-i-find-a-specialist-or-get-a-second-opinion"),
    (FAQ, "can-i-have-a-second-operation"),
    (FAQ, "what-if-botox-stops-working-as-well"),
    (FAQ, "what-happens-on-the-day-of-the-operation"),
    (FAQ, "how-are-my-nerves-and-hearing-checked-during-surgery"),
    (FAQ, "what-is-an-mri-scan-like"),
    (FAQ, "what-about-other-procedures-i-read-about"),
    (FAQ, "are-there-support-groups"),
    (FAQ, "when-to-get-help-right-away"),
    ("/articles/medication/", "safety-checks-before-you-start"),
    ("/articles/botox-injections/", "pregnancy-breast-feeding-and-blood-thinners"),
    ("/articles/microvascular-decompression-surgery/", "pregnancy-breast-feeding-and-blood-thinners"),
    ("/articles/about-this-site/", "how-this-decision-aid-was-made-and-tested"),
]


def crawl(client, limit=3):
    """Every page of the site within `limit` clicks of /, with its depth and HTML."""
    pages, queue = {}, deque([("/", 0)])
    seen = {"/"}
    while queue:
        path, depth = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = (depth, html)
        if depth == limit:
            continue
        for link in set(re.findall(r'href="(/[^"#?]*)', html)) - seen:
            if not link.startswith(("/static/", "/admin/", "/media/")):
                seen.add(link)
                queue.append((link, depth + 1))
    return pages


def test_every_new_answer_is_within_three_clicks_of_home(client, shipped_content):
    pages = crawl(client)
    missing = []
    for path, anchor in TARGETS:
        depth, html = pages.get(path, (None, ""))
        if depth is None or depth > 3 or f'id="{anchor}"' not in html:
            missing.append((path, anchor, depth))
    assert missing == []
