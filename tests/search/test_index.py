"""The index follows publishing: only what the public may read is ever found."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from search.documents import html_text
from search.engine import search
from search.models import SearchDocument, SearchTerm
from tests.factories import make_article
from tests.treatments.content_fixture import load, write_content
from treatments.models import Answer, Treatment

BODY = "## Zebrafish facts\n\nThe zebrafish can regrow nerves.\n\n## Other things\n\nNothing special here.\n"


def urls(query, **kwargs):
    return [result.url for result in search(query, **kwargs).results]


def test_a_published_article_is_found_at_the_right_section(db, commit_callbacks):
    commit_callbacks(make_article, title="Fish", slug="fish", body=BODY)
    assert urls("zebrafish") == ["/articles/fish/#zebrafish-facts"]


def test_a_draft_is_never_found(db, commit_callbacks):
    commit_callbacks(make_article, slug="fish", body=BODY, status=Article.Status.DRAFT, published_at=None)
    assert urls("zebrafish") == []
    assert not SearchDocument.objects.exists()


def test_unpublishing_removes_the_page_and_its_words(db, commit_callbacks):
    article = commit_callbacks(make_article, slug="fish", body=BODY)
    assert SearchTerm.objects.filter(word="zebrafish", pages=1).exists()
    article.status = Article.Status.DRAFT
    commit_callbacks(article.save)
    assert urls("zebrafish") == []
    assert not SearchTerm.objects.filter(word="zebrafish").exists()


def test_an_edit_is_searchable_once_saved(db, commit_callbacks):
    article = commit_callbacks(make_article, slug="fish", body=BODY)
    article.body = "## Octopus facts\n\nThe octopus has three hearts.\n"
    commit_callbacks(article.save)
    assert urls("octopus") == ["/articles/fish/#octopus-facts"]
    assert urls("zebrafish") == []


def test_an_uncommitted_change_is_not_indexed(db):
    # The index is updated when the transaction commits; a rolled-back edit never reaches it.
    make_article(slug="fish", body=BODY)
    assert urls("zebrafish") == []


def test_a_scheduled_article_is_found_only_once_its_time_has_come(db, commit_callbacks):
    later = timezone.now() + datetime.timedelta(days=2)
    commit_callbacks(make_article, slug="fish", body=BODY, published_at=later)
    assert urls("zebrafish") == []
    assert urls("zebrafish", now=later + datetime.timedelta(minutes=1)) == ["/articles/fish/#zebrafish-facts"]


def test_deleting_an_article_removes_it(db, commit_callbacks):
    article = commit_callbacks(make_article, slug="fish", body=BODY)
    commit_callbacks(article.delete)
    assert urls("zebrafish") == []
    assert not SearchDocument.objects.exists()


def test_treatments_and_their_answers_are_indexed(db, tmp_path, commit_callbacks):
    commit_callbacks(load, write_content(tmp_path))
    botox = Treatment.objects.get(slug="botox")
    assert "/treatments/botox/" in [url.split("#")[0] for url in urls("Botox injections")]
    answer = Answer.objects.filter(treatment=botox).first()
    answer.summary = "Kangaroos hop nearby."
    commit_callbacks(answer.save)
    assert urls("kangaroos") == ["/treatments/botox/#pros-and-cons"]
    commit_callbacks(answer.delete)
    assert urls("kangaroos") == []


def test_rebuild_command_indexes_every_public_page(db):
    make_article(slug="fish", body=BODY)
    make_article(slug="draft", body="## Walrus\n\nWalrus.\n", status=Article.Status.DRAFT, published_at=None)
    assert urls("zebrafish") == []
    call_command("rebuild_search_index", verbosity=0)
    assert urls("zebrafish") == ["/articles/fish/#zebrafish-facts"]
    assert urls("walrus") == []
    assert SearchTerm.objects.get(word="zebrafish").pages == 1


def test_the_indexed_text_keeps_no_space_where_a_citation_or_a_tag_was_taken_out():
    html = (
        '<p>Most had at least one<sup class="cite">[<a href="#ref-1">1</a>]</sup>. '
        "Some (<em>a few</em>) said <strong>no</strong>; others, yes"
        '<sup class="cite">[<a href="#ref-2">2</a>]</sup>!</p><ul><li>one</li><li>two</li></ul>'
    )

    assert html_text(html) == "Most had at least one. Some (a few) said no; others, yes! one two"
