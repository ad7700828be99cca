"""One site-wide citation numbering: each reference's number is given once, on creation, and every
text is stored rendered with it on save (references.rendering), so a study has the same number
on every page, the comparison, the glance and every handout."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial import services
from editorial.models import Revision
from references.models import Reference
from references.pages import PageReferences, cited_keys
from references.rendering import render_cited, render_stale
from tests.factories import make_article, make_reference, make_treatment
from treatments.models import Answer, Aspect, Point

pytestmark = pytest.mark.django_db


def numbers_in(html):
    """{key: number} of the citation links in `html`."""
    return {key: int(number) for key, number in re.findall(r'href="#ref-([^"]+)"[^>]*>(\d+)<', str(html))}


def test_a_reference_is_numbered_once_on_creation_and_a_number_is_never_reused():
    first, second = make_reference(), make_reference()
    assert second.number == first.number + 1
    second.title = "Edited title"
    second.save()
    second.refresh_from_db()
    assert second.number == first.number + 1
    highest = second.number
    second.delete()  # the history remembers it
    assert make_reference().number == highest + 1


def test_the_same_source_has_the_same_number_in_every_text():
    make_reference(key="early")
    late = make_reference(key="late")
    one = render_cited("First [@late].")
    two = render_cited("Others first [@early], then [@late].")
    assert numbers_in(one.html)["late"] == numbers_in(two.html)["late"] == late.number
    assert render_cited("Unknown [@nobody].").unknown_keys == ["nobody"]


def test_rendering_is_sanitized():
    html = render_cited("<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)>").html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_treatment_texts_are_stored_rendered_on_save_with_site_numbers():
    make_reference(key="filler")
    source = make_reference(key="miller2012")
    treatment = make_treatment(summary="Works in most [@miller2012].", onset="Within days.")
    treatment.refresh_from_db()
    assert numbers_in(treatment.summary_html) == {"miller2012": source.number}
    assert treatment.onset_html == "<p>Within days.</p>"
    aspect = Aspect.objects.create(slug="works", question="Does it work?")
    answer = Answer.objects.create(
        treatment=treatment,
        aspect=aspect,
        summary="It works for most people who try it, in several studies [@miller2012]. More words here.",
    )
    assert numbers_in(answer.summary_html) == {"miller2012": source.number}
    assert numbers_in(answer.short_html) == {"miller2012": source.number}
    assert "More words" not in answer.short_html


def test_a_points_stored_text_follows_its_sources():
    treatment = make_treatment()
    answer = Answer.objects.create(
        treatment=treatment, aspect=Aspect.objects.create(slug="a", question="Q?"), summary="A."
    )
    point = Point.objects.create(answer=answer, kind=Point.Kind.ADVANTAGE, text="Quick.")
    assert point.text_html == "<p>Quick.</p>"
    source = make_reference()
    point.references.set([source])
    point.refresh_from_db()
    assert numbers_in(point.text_html) == {source.key: source.number}
    point.references.clear()
    point.refresh_from_db()
    assert cited_keys(point.text_html) == []


def test_an_article_and_a_treatment_page_number_a_shared_source_alike(client, shipped_content):
    """The shipped content: a study both the Botox article and the Botox page cite has one number."""
    reference = Reference.objects.get(key="rosenstengel2012")
    pages = [client.get("/articles/botox-injections/").text, client.get("/treatments/botox/").text]
    for html in pages:
        assert numbers_in(html).get("rosenstengel2012") == reference.number
        assert 'id="ref-rosenstengel2012"' in html
    compare = client.get("/treatments/compare/full/?t=botox&t=microvascular-decompression").text
    assert numbers_in(compare)["rosenstengel2012"] == reference.number


def test_a_pages_list_is_in_number_order_with_one_query():
    third, first, second = make_reference(), make_reference(), make_reference()
    cites = PageReferences()
    cites.show(render_cited(f"A [@{second.key}] and [@{first.key}].").html)
    cites.add([third])
    with CaptureQueriesContext(connection) as queries:
        listed = [citation.reference.key for citation in cites.citations()]
    assert len(queries) == 1
    assert listed == [third.key, first.key, second.key]
    assert [citation.number for citation in cites.citations()] == sorted([third.number, first.number, second.number])


def test_a_pending_revision_leaves_the_live_stored_html_alone(editor, reviewer):
    make_reference(key="old")
    new = make_reference(key="new")
    treatment = make_treatment(summary="Old words [@old].")
    treatment.summary = "New words [@new]."
    result = services.save_change(user=editor, obj=treatment, save=treatment.save)
    assert result.revision.status == Revision.Status.PENDING
    treatment.refresh_from_db()
    assert "Old words" in treatment.summary_html and cited_keys(treatment.summary_html) == ["old"]
    services.approve_revision(user=reviewer, revision=result.revision)
    treatment.refresh_from_db()
    assert numbers_in(treatment.summary_html) == {"new": new.number}


def test_rows_left_without_html_by_a_migration_are_rendered_after_migrate():
    source = make_reference()
    make_article(body=f"Cited [@{source.key}].")
    treatment = make_treatment(summary=f"Cited [@{source.key}].")
    type(treatment).objects.update(summary_html="")
    Article.objects.update(body_html="")
    render_stale()
    treatment.refresh_from_db()
    assert numbers_in(treatment.summary_html) == {source.key: source.number}
    assert numbers_in(Article.objects.get().body_html) == {source.key: source.number}
