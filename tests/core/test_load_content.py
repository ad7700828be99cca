from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from references.models import Reference

pytestmark = pytest.mark.django_db

REFERENCES = """\
- key: miller2012
  authors: Miller LE, Miller VM
  year: 2012
  title: Safety and effectiveness of microvascular decompression
  journal: Br J Neurosurg
  pmid: "22168965"
  doi: 10.3109/02688697.2011.641613
- key: wang1998
  authors: Wang A, Jankovic J
  year: 1998
  title: "Hemifacial spasm: clinical findings and treatment"
  journal: Muscle Nerve
  pmid: "9843077"
"""

ARTICLE = """\
---
title: What is hemifacial spasm?
slug: what-is-hemifacial-spasm
category: about-hfs
summary: A short summary.
order: 10
published_at: 2026-11-01T09:00:00Z
last_reviewed: 2026-11-20
next_review_due: 2027-11-19
reviewer_name: HFS Guide editorial team
reviewer_credentials: Editorial review
---
## What it is

About 9 in 10 people improve [@miller2012; @wang1998].
"""


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "references" / "main.yaml").write_text(REFERENCES)
    (tmp_path / "articles" / "what-is-hemifacial-spasm.md").write_text(ARTICLE)
    return tmp_path


def load(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("load_content", "--path", str(path), *args, stdout=out)
    return out.getvalue()


def test_loads_references_and_articles_with_citations(content_dir):
    output = load(content_dir)
    assert "3 created" in output
    article = Article.objects.get(slug="what-is-hemifacial-spasm")
    assert article.status == Article.Status.PUBLISHED
    assert [c.reference.key for c in article.citations.all()] == ["miller2012", "wang1998"]
    assert Reference.objects.get(key="miller2012").doi == "10.3109/02688697.2011.641613"


def test_running_twice_changes_nothing(content_dir):
    load(content_dir)
    before = {a.pk: (a.updated_at, a.body_html) for a in Article.objects.all()}
    output = load(content_dir)
    assert "0 created, 0 updated, 3 unchanged, 0 skipped" in output
    assert {a.pk: (a.updated_at, a.body_html) for a in Article.objects.all()} == before


def test_changed_file_updates_the_row(content_dir):
    load(content_dir)
    path = content_dir / "articles" / "what-is-hemifacial-spasm.md"
    path.write_text(ARTICLE.replace("A short summary.", "A better summary."))
    assert "1 updated" in load(content_dir)
    assert Article.objects.get().summary == "A better summary."


def test_editor_changes_are_kept_and_named_unless_forced(content_dir):
    load(content_dir)
    article = Article.objects.get()
    article.summary = "Edited by an editor in admin."
    article.save()
    path = content_dir / "articles" / "what-is-hemifacial-spasm.md"
    path.write_text(ARTICLE.replace("A short summary.", "Newer shipped summary."))
    output = load(content_dir)
    assert "Skipped article what-is-hemifacial-spasm" in output
    assert Article.objects.get().summary == "Edited by an editor in admin."
    # Even an unchanged file leaves the edit alone...
    assert "Skipped" in load(content_dir)
    # ...until --force restores the shipped version.
    load(content_dir, "--force")
    assert Article.objects.get().summary == "Newer shipped summary."
    assert "3 unchanged" in load(content_dir)


@pytest.mark.parametrize(
    ("filename", "content", "line", "message"),
    [
        (
            "articles/what-is-hemifacial-spasm.md",
            ARTICLE.replace("category: about-hfs", "category: [oops"),
            4,
            "invalid YAML",
        ),
        (
            "articles/what-is-hemifacial-spasm.md",
            ARTICLE.replace("category: about-hfs", "category: gossip"),
            4,
            "category: Value 'gossip' is not a valid choice",
        ),
        (
            "articles/what-is-hemifacial-spasm.md",
            ARTICLE.replace("last_reviewed: 2026-11-20", "last_reviewed: soon"),
            8,
            "last_reviewed",
        ),
        ("articles/what-is-hemifacial-spasm.md", ARTICLE.replace("---\ntitle", "title", 1), 1, "front matter"),
        ("articles/what-is-hemifacial-spasm.md", ARTICLE.replace("@wang1998", "@nosuchkey"), 1, "nosuchkey"),
        ("references/main.yaml", REFERENCES.replace("  year: 1998\n", "  year: [1998\n"), 10, "invalid YAML"),
        ("references/main.yaml", REFERENCES + "- key: miller2012\n  title: Duplicate\n", 14, "already defined"),
    ],
    ids=[
        "bad-yaml",
        "bad-category",
        "bad-date",
        "no-front-matter",
        "unknown-citation",
        "bad-reference-yaml",
        "duplicate-key",
    ],
)
def test_malformed_file_names_file_and_line_and_loads_nothing(content_dir, filename, content, line, message):
    (content_dir / filename).write_text(content)
    # A second, valid article proves nothing is half-loaded.
    (content_dir / "articles" / "another.md").write_text(ARTICLE.replace("what-is-hemifacial-spasm", "another"))
    with pytest.raises(CommandError) as excinfo:
        load(content_dir)
    text = str(excinfo.value)
    assert Path(filename).name in text
    assert f"line {line}" in text
    assert message in text
    assert "Nothing was loaded" in text
    assert not Article.objects.exists()
    assert not Reference.objects.exists()


def test_error_in_an_update_rolls_back_the_whole_load(content_dir):
    load(content_dir)
    (content_dir / "articles" / "what-is-hemifacial-spasm.md").write_text(
        ARTICLE.replace("A short summary.", "Changed.")
    )
    (content_dir / "articles" / "zzz-broken.md").write_text(
        ARTICLE.replace("what-is-hemifacial-spasm", "zzz-broken").replace("@wang1998", "@missing")
    )
    with pytest.raises(CommandError):
        load(content_dir)
    assert Article.objects.get().summary == "A short summary."


def test_the_shipped_content_folder_loads(shipped_content):
    # `shipped_content` is what the real command reported when it loaded content/ for this session.
    assert "0 skipped" in shipped_content
    assert Article.objects.published().count() >= 3
    for slug in ["what-is-hemifacial-spasm", "causes-of-hemifacial-spasm", "symptoms-and-progression"]:
        assert Article.objects.published().filter(slug=slug).exists()
