"""The shipped content/treatments.yaml, loaded as `make run` loads it."""

import re
from itertools import combinations
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse

from treatments.models import Aspect, Outcome, Point, Priority, Treatment

pytestmark = pytest.mark.django_db

SLUGS = ["botox", "microvascular-decompression", "medication", "alternative-therapies", "watchful-waiting"]
DIGIT = re.compile(r"\d")


def test_five_treatments_with_the_agreed_slugs(shipped_content):
    assert sorted(Treatment.objects.values_list("slug", flat=True)) == sorted(SLUGS)
    assert Treatment.objects.get(slug="watchful-waiting").kind == Treatment.Kind.NONE


def test_the_required_aspects_are_asked_and_every_one_is_answered_by_every_treatment(shipped_content):
    questions = " ".join(Aspect.objects.values_list("question", flat=True)).lower()
    for words in ["how well", "how long", "side effects", "recovery", "visits", "cause"]:
        assert words in questions
    for treatment in Treatment.objects.prefetch_related("answers__points"):
        answers = {answer.aspect_id: answer for answer in treatment.answers.all()}
        assert set(answers) == set(Aspect.objects.values_list("pk", flat=True)), treatment.slug
        for answer in answers.values():
            assert answer.summary.strip()
            assert answer.advantages() and answer.disadvantages(), f"{treatment.slug}: {answer.aspect.slug}"


def test_every_treatment_says_how_it_fits_every_priority(shipped_content):
    priorities = Priority.objects.count()
    assert priorities >= 5
    for treatment in Treatment.objects.all():
        assert treatment.priority_fits.count() == priorities


def test_every_point_and_every_outcome_carries_a_reference(shipped_content):
    assert not Point.objects.filter(references__isnull=True).exists()
    for point in Point.objects.all():
        assert DIGIT.search(point.text) is None or point.references.exists()
    assert Outcome.objects.count() >= 10
    assert not Outcome.objects.filter(reference__isnull=True).exists()


def test_the_key_outcomes_from_the_evidence_sheet_are_there(shipped_content):
    mvd = {
        outcome.measure.slug: outcome
        for outcome in Outcome.objects.filter(treatment__slug="microvascular-decompression").select_related("measure")
    }
    assert mvd["relief"].reference.key in {"miller2012", "neurolindia2017"}  # the two pooled reviews
    assert 85 <= mvd["relief"].value <= 95
    assert {"hearing-loss", "facial-weakness-lasting", "stroke", "death"} <= set(mvd)
    assert mvd["stroke"].value < 1 and mvd["death"].value < 1
    botox = {o.measure.slug: o for o in Outcome.objects.filter(treatment__slug="botox").select_related("measure")}
    assert "relief" in botox and botox["relief"].low < botox["relief"].value <= botox["relief"].high


def test_loading_the_shipped_content_twice_changes_nothing(shipped_content):
    from io import StringIO

    out = StringIO()
    call_command("load_content", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert "0 skipped" in out.getvalue()


def test_every_treatment_page_renders(client, shipped_content):
    for slug in SLUGS:
        response = client.get(reverse("treatments:detail", kwargs={"slug": slug}))
        assert response.status_code == 200, slug
        assert "None listed." not in response.text


ALL_COMPARISONS = [combo for size in range(2, 6) for combo in combinations(SLUGS, size)]


def test_every_comparison_of_2_to_5_renders_with_every_cell_filled(client, shipped_content):
    assert len(ALL_COMPARISONS) == 26
    aspects = Aspect.objects.count()
    for combo in ALL_COMPARISONS:
        response = client.get(f"{reverse('treatments:compare-full')}?{urlencode([('t', slug) for slug in combo])}")
        assert response.status_code == 200, combo
        table = response.text.split('<table class="compare-table', 1)[1].split("</table>", 1)[0]
        cells = re.findall(r"<td>(.*?)</td>", table, flags=re.S)
        assert len(cells) == aspects * len(combo), combo
        for cell in cells:
            assert "answer-summary" in cell and "None listed." not in cell, combo
        outcomes = response.text.split("outcomes-table", 1)
        if len(outcomes) == 2:
            body = outcomes[1].split("</table>", 1)[0]
            for cell in re.findall(r"<td>(.*?)</td>", body, flags=re.S):
                assert "icon-array-svg" in cell or "Not reported for this option" in cell, combo
