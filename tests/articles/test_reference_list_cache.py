"""The article's reference list is rendered once per distinct list, and never shown stale."""

import pytest
from django.utils import translation

import articles.templatetags.article_references as article_references
from references.models import Reference
from tests.factories import make_article, make_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    article_references.forget_rendered_lists()
    yield
    article_references.forget_rendered_lists()


@pytest.fixture
def renders(monkeypatch):
    """How many times the reference list template is really rendered."""
    calls = []
    real = article_references.render_to_string

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(article_references, "render_to_string", counting)
    return calls


def test_the_list_is_rendered_once_for_many_readers(client, renders):
    make_reference(key="miller2012", title="Long-term outcomes")
    article = make_article(body="A fact [@miller2012].")
    for _ in range(3):
        content = client.get(article.get_absolute_url()).content.decode()
        assert 'id="ref-miller2012"' in content
        assert "<cite>Long-term outcomes</cite>" in content
    assert renders == ["includes/reference_list.html"]


def test_copies_of_an_article_citing_the_same_sources_share_one_rendering(client, renders):
    make_reference(key="shared")
    for n in range(3):
        client.get(make_article(slug=f"copy-{n}", body="A fact [@shared].").get_absolute_url())
    assert len(renders) == 1


def test_a_changed_reference_shows_at_once(client):
    reference = make_reference(key="miller2012", title="Old title")
    article = make_article(body="A fact [@miller2012].")
    assert "<cite>Old title</cite>" in client.get(article.get_absolute_url()).content.decode()
    # As another process would change it: nothing in this one hears of it.
    Reference.objects.filter(pk=reference.pk).update(title="New title", pmid="", doi="10.1000/xyz")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<cite>New title</cite>" in content
    assert "Old title" not in content
    assert 'href="https://doi.org/10.1000/xyz"' in content


def test_a_newly_cited_source_shows_at_once(client):
    make_reference(key="first")
    make_reference(key="second")
    article = make_article(body="One [@first].")
    content = client.get(article.get_absolute_url()).content.decode()
    assert 'id="ref-first"' in content and 'id="ref-second"' not in content
    article.body = "Two [@second]. One [@first]."
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()
    # Listed in site-wide number order, whatever the order of citing.
    assert content.index('id="ref-first"') < content.index('id="ref-second"')


def test_the_list_is_kept_per_language(rf):
    make_reference(key="k1", pmid="", doi="", url="https://pubmed.ncbi.nlm.nih.gov/?term=x")
    article = make_article(body="A fact [@k1].")
    citations = article.citations.select_related("reference")
    with translation.override("en"):
        article_references.article_reference_list(citations)
    with translation.override("fr"):
        article_references.article_reference_list(citations)
    assert len(article_references._rendered) == 2


def test_hostile_reference_fields_are_escaped(client):
    make_reference(key="bad", title="<script>alert(1)</script>", authors="<b onmouseover=x>A</b>")
    article = make_article(body="A fact [@bad].")
    for _ in range(2):  # rendered, then kept
        content = client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<b onmouseover" not in content


def test_an_article_without_citations_has_no_reference_list(client):
    content = client.get(make_article(body="No sources here.").get_absolute_url()).content.decode()
    assert 'id="references-heading"' not in content


def test_the_number_of_kept_lists_is_bounded(monkeypatch):
    monkeypatch.setattr(article_references, "MAX_LISTS", 2)
    for n in range(4):
        make_reference(key=f"r{n}")
        article = make_article(body=f"A fact [@r{n}].")
        article_references.article_reference_list(article.citations.select_related("reference"))
    assert len(article_references._rendered) == 2
