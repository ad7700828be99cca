"""Rendered public pages are cached, validated with ETag/Last-Modified, and never stale."""

import datetime
import gzip

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article
from core import http
from tests.factories import make_article, make_reference, make_user
from treatments.models import Aspect, Treatment

pytestmark = pytest.mark.usefixtures("page_cache")


def test_a_second_reader_gets_the_cached_page_without_a_query(client, db, django_assert_num_queries):
    article = make_article(title="Cached words")
    first = client.get(article.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert "Cached words" in second.content.decode()


def test_public_pages_are_cacheable_by_shared_caches_with_validators(client, db, clock):
    article = make_article()
    clock.advance(2)
    response = client.get(article.get_absolute_url())
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=300" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert response.has_header("ETag")
    assert response.has_header("Last-Modified")
    assert not response.cookies


@pytest.mark.parametrize("cached", [False, True])
def test_a_conditional_request_gets_304(client, db, cached, clock):
    article = make_article()
    clock.advance(2)
    url = article.get_absolute_url()
    first = client.get(url)
    if not cached:
        http.cache.clear()
    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    if cached:
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert by_date.status_code == 304


def test_a_conditional_request_after_a_change_gets_the_new_page(client, db, clock):
    article = make_article(title="Before")
    url = article.get_absolute_url()
    clock.advance(2)
    first = client.get(url)
    clock.advance(2)
    article.title = "After"
    article.save()
    response = client.get(url, headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]})
    assert response.status_code == 200
    assert "After" in response.content.decode()


def test_last_modified_is_when_the_content_last_changed(client, db, clock):
    article = make_article()
    clock.advance(10)
    article.summary = "Changed."
    article.save()  # at 1_800_000_010.4
    clock.advance(1)
    response = client.get(article.get_absolute_url())
    assert response["Last-Modified"] == http_date(1_800_000_011)


def test_a_page_from_before_a_change_never_passes_if_modified_since(client, db, clock):
    article = make_article()  # changed at 1_800_000_000.4: Last-Modified 1_800_000_001
    url = article.get_absolute_url()
    assert "Last-Modified" not in client.get(url)  # not while that second lasts
    clock.advance(0.6)
    first = client.get(url)
    assert first["Last-Modified"] == http_date(1_800_000_001)
    clock.advance(0.3)
    article.summary = "Changed within the same second."
    article.save()
    for step in (0.1, 1):
        clock.advance(step)
        response = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert response.status_code == 200
        assert "Changed within the same second." in response.content.decode()


def _seen(url, text):
    return text in Client().get(url).content.decode()


def test_publishing_and_unpublishing_an_article_shows_at_once(db):
    draft = make_article(title="Brand new page", slug="brand-new", status=Article.Status.DRAFT, published_at=None)
    assert not _seen("/articles/", "Brand new page")
    assert Client().get("/articles/brand-new/").status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert _seen("/articles/", "Brand new page")
    assert _seen("/articles/brand-new/", "Brand new page")
    draft.status = Article.Status.DRAFT
    draft.save()
    assert not _seen("/articles/", "Brand new page")
    assert Client().get("/articles/brand-new/").status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes(db, monkeypatch, clock):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    make_article(title="Scheduled page", published_at=soon)
    assert not _seen("/articles/", "Scheduled page")
    assert not _seen("/articles/", "Scheduled page")  # now from the cache
    clock.now = soon.timestamp() + 1
    monkeypatch.setattr(timezone, "now", lambda: soon + datetime.timedelta(seconds=1))
    assert _seen("/articles/", "Scheduled page")


def test_marking_reviewed_shows_the_new_review_date(db):
    article = make_article(last_reviewed=datetime.date(2026, 1, 5))
    url = article.get_absolute_url()
    assert _seen(url, "2026")
    first = Client().get(url).content
    article.last_reviewed = timezone.localdate()
    article.next_review_due = timezone.localdate() + datetime.timedelta(days=180)
    article.reviewer_name = "Dr Newly Signed"
    article.save()
    second = Client().get(url).content
    assert second != first
    assert "Dr Newly Signed" in second.decode()


def test_editing_a_reference_shows_on_every_page_that_cites_it(db):
    reference = make_reference(key="smith2020", title="The old title of a study")
    article = make_article(body="## Part\n\nSome words [@smith2020].\n")
    assert _seen(article.get_absolute_url(), "The old title of a study")
    reference.title = "The corrected title of a study"
    reference.save()
    assert _seen(article.get_absolute_url(), "The corrected title of a study")


def test_renaming_a_question_asked_of_every_treatment_shows_everywhere(five_treatments):
    treatment = Treatment.objects.get(slug="botox")
    compare = "/treatments/compare/?t=botox&t=medication"
    assert _seen(treatment.get_absolute_url(), "How well does it work?")
    assert _seen(compare, "How well does it work?")
    aspect = Aspect.objects.get(slug="effectiveness")
    aspect.question = "Does it help with the twitching?"
    aspect.save()
    assert _seen(treatment.get_absolute_url(), "Does it help with the twitching?")
    assert _seen(compare, "Does it help with the twitching?")


def test_a_deleted_page_is_gone_at_once(db):
    article = make_article(title="Soon removed")
    assert _seen("/articles/", "Soon removed")
    article.delete()
    assert not _seen("/articles/", "Soon removed")


def test_a_change_in_a_transaction_is_invalidated_again_when_it_commits(db, django_capture_on_commit_callbacks):
    article = make_article(title="Original")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title = "Edited"
        article.save()
        # A reader between the save and the commit renders what the database shows them then.
        Client().get(article.get_absolute_url())
    assert callbacks, "no invalidation once the transaction commits"
    for callback in callbacks:
        callback()
    assert _seen(article.get_absolute_url(), "Edited")


def test_staff_get_fresh_private_pages(client, db):
    article = make_article(title="Staff view")
    client.get(article.get_absolute_url())  # cached for readers
    staff = make_user("editor1", staff=True)
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_admin_is_never_cached(client, db):
    response = client.get("/admin/login/")
    assert "public" not in response.get("Cache-Control", "")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_readers_pages_are_compressed_and_admin_pages_are_not(client, db):
    article = make_article(body="## Part\n\n" + "Plain words about the face. " * 200)
    response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    login = client.get("/admin/login/", headers={"Accept-Encoding": "gzip"})
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert login.get("Content-Encoding") != "gzip"


def test_without_the_page_cache_pages_still_validate_by_etag(client, db, settings):
    settings.PAGE_CACHE = "off"
    article = make_article()
    first = client.get(article.get_absolute_url())
    assert first.has_header("ETag")
    assert not first.has_header("Last-Modified")
    assert client.get(article.get_absolute_url(), headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_deleted_handout_is_gone_at_once_and_a_new_one_keeps_the_cache(client, db):
    from handouts.models import Handout, new_code

    article = make_article()
    handout = Handout.objects.create(code=new_code())
    handout.articles.set([article])
    assert client.get(handout.get_absolute_url()).status_code == 200
    state = http.content_state()
    other = Handout.objects.create(code=new_code())
    other.articles.set([article])
    assert http.content_state()["gen"] == state["gen"]  # making a handout empties nothing
    handout.delete()
    assert client.get(handout.get_absolute_url()).status_code == 404


def test_a_reviewer_profile_change_reaches_cached_pages_at_once(db, reviewer):
    """The JSON-LD names a page's reviewer from their profile: a renamed profile is a content change."""
    import json
    import re

    from editorial.models import ReviewerProfile

    def reviewed_by(url):
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', Client().get(url).text, re.S)
        return json.loads(script.group(1))["@graph"][0]["reviewedBy"]["@type"]

    article = make_article(reviewer_name="Neurology team", reviewer_credentials="Consultant neurologists")
    url = article.get_absolute_url()
    assert reviewed_by(url) == "Organization"
    assert reviewed_by(url) == "Organization"  # now from the page cache
    profile = ReviewerProfile.objects.get(user=reviewer)
    profile.full_name = "Neurology team"
    profile.save()
    assert reviewed_by(url) == "Person"


# --- each worker's own copies, and pages kept on this server only ---------------------------------


def _page_reads(monkeypatch):
    """Record the page entries read from the shared cache."""
    reads = []
    shared_get = http.cache.get

    def get(key, *args, **kwargs):
        if key.startswith(http.PAGE_KEY):
            reads.append(key)
        return shared_get(key, *args, **kwargs)

    monkeypatch.setattr(http.cache, "get", get)
    return reads


def test_a_worker_serves_its_own_copy_without_reading_the_page_again(client, db, monkeypatch):
    article = make_article(title="Kept in this worker")
    url = article.get_absolute_url()
    first = client.get(url)
    reads = _page_reads(monkeypatch)
    second = client.get(url)
    assert second.content == first.content
    assert reads == []
    # Another worker (an empty copy) reads the shared entry once, then uses its own copy.
    http.local_pages.clear()
    client.get(url)
    client.get(url)
    assert len(reads) == 1


def test_a_workers_copy_is_never_served_after_a_change(client, db):
    article = make_article(title="Old words")
    url = article.get_absolute_url()
    client.get(url)
    client.get(url)  # from this worker's copy
    article.title = "New words"
    article.save()
    page = client.get(url).content.decode()
    assert "New words" in page
    assert "Old words" not in page


def test_a_workers_copies_keep_to_their_size_and_their_time(settings, clock):
    settings.PAGE_CACHE_SECONDS = 100
    pages = http.LocalPages(max_bytes=250)

    def entry(gen="g1"):
        return {"gen": gen, "stored": http._now(), "content": b"x" * 100, "gzip": None}

    pages.put("a", entry())
    pages.put("b", entry())
    assert pages.get("a", "g1") is not None  # now the most recently used
    pages.put("c", entry())  # over 250 bytes: the least recently used ("b") goes
    assert pages.get("b", "g1") is None
    assert pages.get("a", "g1") is not None
    assert pages.get("c", "g2") is None  # another generation: dropped
    assert pages.get("c", "g1") is None
    pages.put("d", entry())
    clock.advance(101)
    assert pages.get("d", "g1") is None  # no longer than the shared entry lives
    pages.put("e", {"gen": "g1", "content": b"x"})  # from before copies had a time: not kept
    assert pages.get("e", "g1") is None
    pages.put("f", {**entry(), "content": b"x" * 300})  # larger than all the room: not kept
    assert pages.get("f", "g1") is None


def _kept(path):
    return http.cache.get(http.page_key(path))


def _zebra(django_capture_on_commit_callbacks):
    # The search index is updated when the transaction commits; tests never commit.
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(title="Zebra stripes and twitching", body="## Part\n\nZebra words here.\n")


def test_search_results_are_kept_on_this_server_but_stay_private(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _zebra(django_capture_on_commit_callbacks)
    first = client.get("/search/?q=zebra")
    assert "Zebra stripes and twitching" in first.content.decode()
    assert _kept("/search/?q=zebra") is None  # a search asked once keeps its results, not its page
    second = client.get("/search/?q=zebra")
    assert gzip.decompress(_kept("/search/?q=zebra")["gzip"]) == first.content
    with django_assert_num_queries(0):
        third = client.get("/search/?q=zebra")
    assert second.content == third.content == first.content
    for response in (first, second, third):
        assert response["Cache-Control"] == "private, max-age=0"
        assert response["X-Robots-Tag"] == "noindex"
        assert not response.has_header("Last-Modified")
        assert not response.has_header("ETag")
        assert not response.cookies


def test_kept_search_results_change_at_once_with_the_content(client, db, django_capture_on_commit_callbacks):
    article = _zebra(django_capture_on_commit_callbacks)
    assert "Zebra stripes and twitching" in client.get("/search/?q=zebra").content.decode()
    assert "Zebra stripes and twitching" in client.get("/search/?q=zebra").content.decode()  # kept
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert "Zebra stripes and twitching" not in client.get("/search/?q=zebra").content.decode()


def test_staff_searches_are_not_kept(client, db, django_capture_on_commit_callbacks):
    _zebra(django_capture_on_commit_callbacks)
    client.force_login(make_user("editor2", staff=True))
    client.get("/search/?q=zebra")
    client.logout()
    assert _kept("/search/?q=zebra") is None
    client.get("/search/?q=zebra")
    assert _kept("/search/?q=zebra") is not None  # a reader's is


def test_a_cached_page_costs_one_round_trip_to_the_shared_cache(client, db, monkeypatch):
    """The schedule's due time and the content state are read together (editorial.scheduling)."""
    article = make_article()
    client.get(article.get_absolute_url())
    calls, inside = [], []

    def counted(name, method):
        def call(*args, **kwargs):
            if not inside:  # a backend's get_many may call its own get: one request to the cache
                calls.append(name)
            inside.append(name)
            try:
                return method(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "add", "set", "set_many", "has_key"):
        monkeypatch.setattr(http.cache, name, counted(name, getattr(http.cache, name)))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert calls == ["get_many"]
