"""The line under each title says who reviewed the page, when, and when the next review is due."""

import datetime
import re

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def header(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<header class="article-header">')
    return re.sub(r"\s+", " ", html[start : html.index("</header>", start)])


def test_the_line_names_the_reviewer_with_credentials_and_dates(client):
    article = make_article(
        reviewer_name="Dr Amina Patel",
        reviewer_credentials="Consultant neurologist",
        last_reviewed=datetime.date(2026, 5, 4),
        next_review_due=datetime.date(2027, 5, 4),
    )
    line = header(client, article)
    assert "Reviewed by Dr Amina Patel (Consultant neurologist) on" in line
    assert '<time datetime="2026-05-04">4 May 2026</time>' in line
    assert 'next review due <time datetime="2027-05-04">4 May 2027</time>' in line
    assert "updated since" not in line


def test_the_line_says_when_the_page_changed_after_its_review(client):
    article = make_article(changed_since_review=True)
    assert "updated since" in header(client, article)


def test_a_page_nobody_signed_says_so(client):
    line = header(client, make_article(reviewer_name="", reviewer_credentials=""))
    assert "Not yet reviewed" in line and "Reviewed by" not in line
