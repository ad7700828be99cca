import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article
from references.models import Reference
from tests.factories import make_article, make_reference, make_user

pytestmark = pytest.mark.django_db


class TestVisibility:
    def test_published_with_past_date_is_public(self):
        article = make_article()
        assert list(Article.objects.published()) == [article]

    def test_draft_is_not_public(self):
        make_article(status=Article.Status.DRAFT)
        assert not Article.objects.published().exists()

    def test_scheduled_article_appears_when_its_time_comes(self):
        now = timezone.now()
        article = make_article(published_at=now + datetime.timedelta(hours=2))
        assert not Article.objects.published(now=now).exists()
        assert list(Article.objects.published(now=now + datetime.timedelta(hours=3))) == [article]

    def test_users_who_may_view_articles_see_drafts_readers_and_other_staff_do_not(self):
        draft = make_article(status=Article.Status.DRAFT)
        staff = make_user("editor", staff=True)
        staff.user_permissions.add(Permission.objects.get(codename="view_article"))
        other_staff = make_user("other", staff=True)
        reader = make_user("reader")
        assert draft in Article.objects.visible_to(staff)
        assert draft not in Article.objects.visible_to(other_staff)
        assert draft not in Article.objects.visible_to(reader)

    def test_published_without_date_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError):
            make_article(published_at=None)


class TestCitations:
    def test_save_links_cited_references_with_their_site_wide_numbers(self):
        first, second = make_reference(key="miller2012"), make_reference(key="barker1995")
        article = make_article(body="A [@barker1995]. B [@miller2012]. C [@barker1995].")
        # In number order (the references' own), not the order the text first cites them.
        assert [(c.number, c.reference) for c in article.citations.all()] == [
            (first.number, first),
            (second.number, second),
        ]
        assert f'href="#ref-barker1995" rel="noopener noreferrer">{second.number}<' in article.body_html
        assert set(article.references.all()) == {first, second}

    def test_editing_the_body_resyncs_citations(self):
        make_reference(key="miller2012")
        make_reference(key="barker1995")
        article = make_article(body="A [@barker1995].")
        article.body = "Now [@miller2012] only."
        article.save()
        assert [c.reference.key for c in article.citations.all()] == ["miller2012"]

    def test_unknown_key_is_a_validation_error_naming_the_key(self):
        article = make_article()
        article.body = "Claim [@nosuchpaper]."
        with pytest.raises(ValidationError) as excinfo:
            article.full_clean()
        assert "nosuchpaper" in str(excinfo.value.message_dict["body"])

    def test_reading_time_and_toc_are_stored(self):
        article = make_article(body="## One\n\n" + "word " * 450 + "\n\n## Two\n\nEnd.")
        assert article.reading_minutes == 2
        assert [entry["id"] for entry in article.toc] == ["one", "two"]


class TestReviewDates:
    def test_overdue_when_next_review_has_passed(self):
        today = timezone.localdate()
        article = make_article(
            last_reviewed=today - datetime.timedelta(days=400), next_review_due=today - datetime.timedelta(days=1)
        )
        assert article.is_review_overdue
        assert not make_article().is_review_overdue

    def test_next_review_before_last_review_is_invalid(self):
        today = timezone.localdate()
        article = make_article()
        article.next_review_due = today - datetime.timedelta(days=60)
        with pytest.raises(ValidationError):
            article.full_clean()


class TestReference:
    def test_link_prefers_pubmed_then_doi_then_url(self):
        assert make_reference(pmid="123").link == "https://pubmed.ncbi.nlm.nih.gov/123/"
        assert make_reference(pmid="", doi="10.1000/xyz").link == "https://doi.org/10.1000/xyz"
        assert make_reference(pmid="", doi="", url="https://example.org/page").link == "https://example.org/page"

    def test_malformed_identifiers_are_rejected(self):
        reference = Reference(key="Bad Key", title="t", pmid="12a", doi="nodoi")
        with pytest.raises(ValidationError) as excinfo:
            reference.full_clean()
        assert {"key", "pmid", "doi"} <= set(excinfo.value.message_dict)


def test_a_title_search_link_is_recognised_only_without_an_identifier():
    search = "https://pubmed.ncbi.nlm.nih.gov/?term=Hemifacial+spasm"
    assert make_reference(pmid="", doi="", url=search).is_search_link
    assert not make_reference(pmid="123", url=search).is_search_link
    assert not make_reference(pmid="", doi="", url="https://example.org/page").is_search_link
