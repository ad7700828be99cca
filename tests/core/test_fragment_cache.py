"""Rendered parts of public pages (core.fragments) are reused, and never stale, with the page cache off."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.models import Article
from core import fragments
from editorial import services
from editorial.models import Revision
from tests.factories import make_article, make_reference, make_user
from treatments.models import Aspect, Treatment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("parts_kept")]

COMPARE = "/treatments/compare/?t=botox&t=medication"
COMPARE_FULL = "/treatments/compare/full/?t=botox&t=medication"


def _page(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def _title(page):
    return page.split("<title>", 1)[1].split("</title>", 1)[0]


def _stored_fragments():
    return [key for key in cache._cache if fragments.FRAGMENT_KEY in key]


@pytest.mark.parametrize("url", ["/articles/", "article", "/treatments/botox/", COMPARE, COMPARE_FULL])
def test_a_second_reader_gets_the_same_page_with_fewer_queries(url, five_treatments, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if url == "article":
        make_reference(key="kept2020")
        url = make_article(title="Kept words", body="## Part\n\nWords [@kept2020].\n").get_absolute_url()
    with CaptureQueriesContext(connection) as first_queries:
        first = _page(url)
    assert _stored_fragments()
    with CaptureQueriesContext(connection) as second_queries:
        second = _page(url)
    assert second == first
    assert len(second_queries) < len(first_queries)
    with django_assert_max_num_queries(3):
        _page(url)


def test_nothing_is_cached_when_switched_off(settings, five_treatments):
    settings.FRAGMENT_CACHE = "off"
    _page(COMPARE)
    assert not _stored_fragments()


def test_auto_is_off_with_a_per_process_cache(settings, rf):
    settings.FRAGMENT_CACHE = "auto"
    assert not fragments.fragments_enabled(rf.get("/"))
    settings.FRAGMENT_CACHE = "on"
    assert fragments.fragments_enabled(rf.get("/"))


def test_staff_never_read_or_write_the_parts(client, five_treatments):
    article = make_article(title="Seen by all")
    client.force_login(make_user("staffer", staff=True))
    client.get(article.get_absolute_url())
    client.get(COMPARE)
    assert not _stored_fragments()
    # A part kept for readers is not what staff see: staff get it rendered afresh.
    reader_page = _page(COMPARE)
    assert _stored_fragments()
    Aspect.objects.filter(slug="effectiveness").update(question="Changed without a signal")  # no new generation
    assert "Changed without a signal" not in _page(COMPARE)  # readers: the kept part
    assert "Changed without a signal" in client.get(COMPARE).content.decode()  # staff: fresh
    assert reader_page


def test_a_staff_preview_of_a_draft_is_never_kept(client):
    draft = make_article(title="Secret draft", slug="secret", status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user("previewer", superuser=True))
    assert "Secret draft" in client.get(draft.get_absolute_url()).content.decode()
    assert not _stored_fragments()
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_publishing_and_unpublishing_an_article_shows_at_once():
    draft = make_article(title="Brand new page", slug="brand-new", status=Article.Status.DRAFT, published_at=None)
    assert "Brand new page" not in _page("/articles/")
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert "Brand new page" in _page("/articles/")
    assert "Brand new page" in _page("/articles/brand-new/")
    draft.status = Article.Status.DRAFT
    draft.save()
    assert "Brand new page" not in _page("/articles/")
    assert Client().get("/articles/brand-new/").status_code == 404


def test_an_approved_change_shows_on_the_very_next_request(editor, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Reviewed page", body="## Part\n\nThe old sentence.\n")
    url = article.get_absolute_url()
    assert "The old sentence." in _page(url)
    assert "The old sentence." in _page(url)  # from the kept part now
    changed = Article.objects.get(pk=article.pk)
    changed.body = "## Part\n\nThe approved sentence.\n"
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.save_change(user=editor, obj=changed, save=changed.save).revision
    assert revision is not None and revision.status == Revision.Status.PENDING
    assert "The old sentence." in _page(url)  # waiting for a reviewer: readers see the live page
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_revision(user=reviewer, revision=revision)
    page = _page(url)
    assert "The approved sentence." in page
    assert "The old sentence." not in page


def test_a_scheduled_article_appears_in_the_list_when_its_time_comes(monkeypatch):
    from core import http

    soon = timezone.now() + datetime.timedelta(minutes=5)
    make_article(title="Scheduled page", published_at=soon)
    assert "Scheduled page" not in _page("/articles/")
    assert "Scheduled page" not in _page("/articles/")  # the kept list
    monkeypatch.setattr(http, "_now", lambda: soon.timestamp() + 1)
    monkeypatch.setattr(timezone, "now", lambda: soon + datetime.timedelta(seconds=1))
    assert "Scheduled page" in _page("/articles/")


def test_editing_a_reference_shows_on_the_article_citing_it():
    make_reference(key="smith2020", title="The old title of a study")
    article = make_article(body="## Part\n\nSome words [@smith2020].\n")
    assert "The old title of a study" in _page(article.get_absolute_url())
    reference = type(make_reference()).objects.get(key="smith2020")
    reference.title = "The corrected title of a study"
    reference.save()
    assert "The corrected title of a study" in _page(article.get_absolute_url())


def test_renaming_a_question_asked_of_every_treatment_shows_everywhere(five_treatments):
    pages = ["/treatments/botox/", COMPARE, COMPARE_FULL]
    for url in pages:
        assert "How well does it work?" in _page(url)
    aspect = Aspect.objects.get(slug="effectiveness")
    aspect.question = "Does it help with the twitching?"
    aspect.save()
    for url in pages:
        assert "Does it help with the twitching?" in _page(url), url


def test_each_comparison_keeps_its_own_options_and_notices(five_treatments):
    names = dict(Treatment.objects.values_list("slug", "name"))
    two = _page(COMPARE)
    assert names["botox"] in two and names["medication"] in two
    other = next(slug for slug in names if slug not in ("botox", "medication"))
    three = _page(f"{COMPARE}&t={other}")
    assert names[other] in _title(three)
    assert names[other] not in _title(_page(COMPARE))
    assert three.count("<th") > two.count("<th")  # its table has the third option's column
    unknown = _page(COMPARE + "&t=nonsense-option")
    assert "nonsense-option" in unknown  # the notice about the address is part of the key
    assert "nonsense-option" not in _page(COMPARE)


def test_a_review_falling_due_shows_the_next_day(monkeypatch):
    today = timezone.localdate()
    article = make_article(last_reviewed=today - datetime.timedelta(days=200), next_review_due=today)
    assert "overdue for review" not in _page(article.get_absolute_url())
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    assert "overdue for review" in _page(article.get_absolute_url())


def _state_reads(monkeypatch):
    """A list that gets one entry each time the content state is read from the cache."""
    from core import http

    reads = []
    get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == http.STATE_KEY:
            reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    return reads


def test_a_page_with_several_kept_parts_reads_the_content_state_once(monkeypatch, five_treatments):
    _page("/treatments/botox/")  # the parts are kept
    reads = _state_reads(monkeypatch)
    _page("/treatments/botox/")
    assert len(reads) == 1  # not once per part (the header, the footer, the treatment's own parts)


def test_a_change_within_a_request_is_seen_by_the_rest_of_that_request(rf):
    from core import http

    request = rf.get("/")
    seen = []

    def view(request):
        seen.append(http.content_state()["gen"])
        seen.append(http.content_state()["gen"])
        http.content_changed()  # an editor's save in the middle of the request
        seen.append(http.content_state()["gen"])
        return http.HttpResponse("ok")

    http.EdgeMiddleware(view)(request)
    assert seen[0] == seen[1] != seen[2]
    assert http.content_state()["gen"] == seen[2]  # and the scope ends with the request
    assert http._request_state.get() is None


def _part_reads(monkeypatch):
    """A list that gets one entry each time a kept part is read from the shared cache."""
    reads = []
    get = cache.get

    def counting_get(key, *args, **kwargs):
        if key.startswith(fragments.FRAGMENT_KEY):
            reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    return reads


def test_a_worker_reads_each_part_from_the_shared_cache_once(monkeypatch, five_treatments):
    fragments.local_parts.clear()
    first = _page("/treatments/botox/")
    reads = _part_reads(monkeypatch)
    assert _page("/treatments/botox/") == first
    assert reads == []  # the header, the footer and the treatment's parts came from this worker's copies
    fragments.local_parts.clear()  # another worker: it reads the shared cache, and renders nothing
    assert _page("/treatments/botox/") == first
    assert reads


def test_a_worker_copy_is_never_used_after_a_change(five_treatments):
    fragments.local_parts.clear()
    treatment = Treatment.objects.get(slug="botox")
    old_title = _title(_page("/treatments/botox/"))
    treatment.name = "Renamed for the test"
    treatment.save()  # a new content generation: the part is asked for under a new key
    new_title = _title(_page("/treatments/botox/"))
    assert new_title != old_title and "Renamed for the test" in new_title


def test_the_worker_copies_stay_within_their_size(settings):
    parts = fragments.LocalParts(max_bytes=100)
    for n in range(10):
        parts.put(f"key-{n}", "x" * 30)
    assert parts.size <= 100 and len(parts) == 3
    assert parts.get("key-9") and parts.get("key-0") is None  # the oldest went first
    parts.get("key-7")  # used: kept over key-8
    parts.put("key-10", "y" * 30)
    assert parts.get("key-7") and parts.get("key-8") is None
    parts.put("huge", "z" * 101)  # larger than the whole: not kept, nothing dropped for it
    assert parts.get("huge") is None and len(parts) == 3
    parts.put("a value", ["not", "text"])  # only text is kept here
    assert parts.get("a value") is None


def test_each_page_keeps_its_own_default_link_preview(five_treatments):
    # The default preview is a kept part named by the page's address: each page shows its own.
    for url in ("/articles/", "/treatments/", "/articles/", "/treatments/"):
        page = _page(url)
        og_url = page.split('property="og:url" content="', 1)[1].split('"', 1)[0]
        canonical = page.split('rel="canonical" href="', 1)[1].split('"', 1)[0]
        assert og_url == canonical and og_url.endswith(url)


def test_every_search_page_describes_the_search_page_itself(five_treatments):
    import json
    import re

    for query in ("botox", "surgery", "botox"):
        page = _page(f"/search/?q={query}")
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1))
        assert data["@graph"][0]["url"].endswith("/search/")
        assert query in _title(page)


def test_each_page_prints_its_own_address(five_treatments):
    # The printed footer (QR code and short address) is a kept part named by the page's address.
    for url in ("/articles/", "/treatments/", "/articles/"):
        printed = _page(url).split('<span class="print-url">', 1)[1].split("</span>", 1)[0]
        assert printed.rstrip("/").endswith(url.rstrip("/"))
