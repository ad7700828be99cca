"""load_content follows the editorial rules (issue 10 item 5), tested without the admin.

Its changes to live content are an administrator's deliberate act: they go live and each is
recorded as an approved revision by the "content loader" account. A page with a change waiting
for review is left alone, and named, even with --force.
"""

import pytest

from articles.models import Article
from core import content
from editorial import services
from editorial.models import Revision
from tests.core.test_load_content import ARTICLE, REFERENCES, load

pytestmark = pytest.mark.django_db

SLUG = "what-is-hemifacial-spasm"


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "references" / "main.yaml").write_text(REFERENCES)
    (tmp_path / "articles" / f"{SLUG}.md").write_text(ARTICLE)
    return tmp_path


def change_file(content_dir, old, new):
    path = content_dir / "articles" / f"{SLUG}.md"
    path.write_text(path.read_text().replace(old, new))


def article_revisions():
    return Revision.objects.for_object(Article.objects.get(slug=SLUG))


def test_the_editorial_hooks_are_connected():
    assert {
        "held": services.loader_held,
        "record": services.record_loader_change,
    } == content._EDITORIAL_HOOKS


def test_a_loaded_change_to_a_published_page_is_an_approved_revision_by_the_loader(content_dir):
    load(content_dir)
    assert article_revisions().count() == 1  # the page was added by the load
    change_file(content_dir, "A short summary.", "A better summary.")
    load(content_dir)

    assert Article.objects.get(slug=SLUG).summary == "A better summary."
    revision = article_revisions().first()
    assert article_revisions().count() == 2
    assert revision.status == Revision.Status.APPROVED
    assert revision.applied_at is not None
    assert revision.submitted_by.username == services.CONTENT_LOADER_USERNAME
    assert revision.reviewer == revision.submitted_by
    assert revision.summary == "Loaded from the content files"
    fields = revision.snapshot["objects"][0]["fields"]
    assert fields["summary"] == "A better summary."
    # The account only names the loader: nobody can sign in with it.
    assert not revision.submitted_by.is_active
    assert not revision.submitted_by.has_usable_password()


def test_an_unchanged_load_records_nothing(content_dir):
    load(content_dir)
    count = Revision.objects.count()
    load(content_dir)
    assert Revision.objects.count() == count


def test_a_draft_change_is_not_recorded(content_dir):
    change_file(content_dir, "category: about-hfs", "category: about-hfs\nstatus: draft")
    load(content_dir)
    assert Article.objects.get(slug=SLUG).status == Article.Status.DRAFT
    change_file(content_dir, "A short summary.", "A better summary.")
    load(content_dir)
    assert Article.objects.get(slug=SLUG).summary == "A better summary."
    assert not article_revisions().exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_page_with_a_pending_revision_is_left_alone_and_named(content_dir, editor, force):
    load(content_dir)
    article = Article.objects.get(slug=SLUG)
    article.summary = "An editor's summary, waiting for review."
    pending = services.save_change(user=editor, obj=article, save=article.save).revision
    assert pending.status == Revision.Status.PENDING
    change_file(content_dir, "A short summary.", "A shipped summary.")

    output = load(content_dir, *(["--force"] if force else []))

    assert f"Left alone article {SLUG}: a change to it waits for review (revision #{pending.pk})" in output
    assert "1 waiting for review" in output
    assert Article.objects.get(slug=SLUG).summary == "A short summary."
    # The pending change can still be approved: the live page is as the editor saw it.
    assert not services.is_stale(pending)
    pending.refresh_from_db()
    assert pending.status == Revision.Status.PENDING


def test_once_the_revision_is_dealt_with_the_load_goes_through(content_dir, editor, reviewer):
    load(content_dir)
    article = Article.objects.get(slug=SLUG)
    article.summary = "An editor's summary."
    pending = services.save_change(user=editor, obj=article, save=article.save).revision
    services.reject_revision(user=reviewer, revision=pending, comment="Not needed.")
    change_file(content_dir, "A short summary.", "A shipped summary.")
    output = load(content_dir)
    assert "Left alone" not in output
    assert Article.objects.get(slug=SLUG).summary == "A shipped summary."
