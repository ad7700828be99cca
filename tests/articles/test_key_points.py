"""An article's short cited "Key points": rendered on save, numbered like the body, loaded, shown first."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from tests.factories import make_article, make_reference

pytestmark = pytest.mark.django_db

CITE = re.compile(r'<a class="cite-link" href="#ref-([^"]+)"[^>]*>(\d+)</a>')


@pytest.fixture
def sources():
    return [make_reference(key=key) for key in ("alpha", "beta", "gamma")]


def test_key_points_are_rendered_on_save_with_the_bodys_numbers(sources):
    article = make_article(
        body="## Part\n\nFirst [@alpha]. Then [@beta].\n",
        key_points="- Most people improve [@beta].\n- A few do not [@gamma].",
    )
    assert "<ul>" in article.key_points_html and article.key_points_html.count("<li>") == 2
    # beta keeps the body's number; gamma, cited only here, comes after the body's sources.
    assert CITE.findall(article.key_points_html) == [("beta", "2"), ("gamma", "3")]
    assert [(c.reference.key, c.number) for c in article.citations.order_by("number")] == [
        ("alpha", 1),
        ("beta", 2),
        ("gamma", 3),
    ]


def test_key_points_are_optional_and_sanitized(sources):
    article = make_article(key_points="")
    assert article.key_points_html == ""
    hostile = make_article(key_points='- Fine <script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<script" not in hostile.key_points_html and "onerror" not in hostile.key_points_html


def test_an_unknown_key_in_the_key_points_is_refused(sources):
    article = make_article()
    article.key_points = "- A point [@nosuchkey]."
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "key_points" in error.value.message_dict
    assert "nosuchkey" in error.value.message_dict["key_points"][0]


def test_the_article_page_shows_the_key_points_first_linked_to_its_references(client, sources):
    article = make_article(body="## Part\n\nText [@alpha].\n", key_points="- Short point [@alpha].")
    html = client.get(article.get_absolute_url()).text
    box = html.split('<section class="key-points"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="key-points-heading">Key points</h2>' in box
    assert CITE.findall(box) == [("alpha", "1")]
    assert html.index('class="key-points"') < html.index('class="article-body prose"')
    assert 'id="ref-alpha"' in html
    assert "key-points" not in client.get(make_article().get_absolute_url()).text


ARTICLE = """---
title: What is hemifacial spasm?
category: about-hfs
summary: A short summary.
last_reviewed: 2026-11-20
next_review_due: 2027-11-19
reviewer_name: HFS Guide editorial team
{extra}---
## What it is

Twitching of one side of the face [@wang1998].
"""
REFERENCES = """\
- key: wang1998
  authors: Wang A, Jankovic J
  year: 1998
  title: "Hemifacial spasm: clinical findings and treatment"
  journal: Muscle Nerve
- key: miller2012
  authors: Miller LE, Miller VM
  year: 2012
  title: Safety and effectiveness of microvascular decompression
  journal: Br J Neurosurg
"""


def write(tmp_path, extra):
    (tmp_path / "references").mkdir(exist_ok=True)
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "references" / "main.yaml").write_text(REFERENCES)
    (tmp_path / "articles" / "what-is-hemifacial-spasm.md").write_text(ARTICLE.format(extra=extra))
    return tmp_path


def load(path):
    call_command("load_content", "--path", str(path), stdout=StringIO())


def test_the_loader_reads_a_key_points_list(tmp_path):
    extra = (
        "key_points:\n- It is twitching of one side of the face [@wang1998].\n- Surgery can cure it [@miller2012].\n"
    )
    load(write(tmp_path, extra))
    article = Article.objects.get(slug="what-is-hemifacial-spasm")
    assert article.key_points == (
        "- It is twitching of one side of the face [@wang1998].\n- Surgery can cure it [@miller2012]."
    )
    assert CITE.findall(article.key_points_html) == [("wang1998", "1"), ("miller2012", "2")]
    # Loading the same files again changes nothing.
    out = StringIO()
    call_command("load_content", "--path", str(tmp_path), stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_the_loader_without_key_points_leaves_them_empty(tmp_path):
    load(write(tmp_path, ""))
    assert Article.objects.get(slug="what-is-hemifacial-spasm").key_points == ""


@pytest.mark.parametrize("extra", ["key_points: Just a string\n", "key_points:\n- ''\n", "key_points:\n- a: b\n"])
def test_a_malformed_key_points_list_names_the_file_and_line(tmp_path, extra):
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, extra))
    assert "what-is-hemifacial-spasm.md, line 8" in str(error.value)
    assert "key_points must be a list" in str(error.value)
    assert not Article.objects.exists()
