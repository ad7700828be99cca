"""The Atom feed of the public "what changed" notes, linked from every page."""

import datetime
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleChangeNote
from tests.factories import make_article

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    response = client.get(reverse("changes_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314 (our own response)


def test_every_page_links_the_feed_in_its_head(client, db):
    html = client.get(reverse("core:home")).content.decode()
    head = html.split("</head>")[0]
    assert f'<link rel="alternate" type="application/atom+xml" href="{reverse("changes_feed")}"' in head


def test_the_feed_lists_public_notes_newest_first_with_their_dates(client, db):
    today = timezone.localdate()
    article = make_article(title="Botox & you", slug="botox-you")
    ArticleChangeNote.objects.create(article=article, date=today - datetime.timedelta(days=9), text="Older note.")
    ArticleChangeNote.objects.create(article=article, date=today, text="We added a <2024> review.")
    found = entries(client)
    assert [e.find(f"{ATOM}summary").text for e in found] == ["We added a <2024> review.", "Older note."]
    assert found[0].find(f"{ATOM}title").text == "Botox & you: updated"
    assert found[0].find(f"{ATOM}link").get("href").endswith("/articles/botox-you/#what-changed")
    assert found[0].find(f"{ATOM}updated").text.startswith(today.isoformat())


def test_notes_of_drafts_and_scheduled_articles_stay_out(client, db):
    draft = make_article(slug="draft", status=Article.Status.DRAFT, published_at=None)
    scheduled = make_article(slug="later", published_at=timezone.now() + datetime.timedelta(days=3))
    for article in (draft, scheduled):
        ArticleChangeNote.objects.create(article=article, text="Secret change.")
    assert entries(client) == []
    assert client.get(reverse("changes_feed")).cookies == {}
