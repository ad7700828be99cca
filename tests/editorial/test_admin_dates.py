"""Admin history dates in the site's date format ("4 May 2026, 09:30"), as on the public pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_history_list_dates_use_the_site_format(editor_client):
    article = make_article()
    record = article.history.first()
    when = timezone.localtime(record.history_date)
    page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert f"{when.day} {when:%B %Y, %H:%M}" in page
    assert f"{when:%b} {when.year}" not in page.replace(f"{when:%B}", "")
