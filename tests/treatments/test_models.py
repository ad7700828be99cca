from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from treatments.models import Answer, Aspect, Measure, Outcome, Point, Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def botox(loaded):
    return Treatment.objects.get(slug="botox")


def outcome(treatment, *, measure="new-measure", **values):
    defaults = {
        "treatment": treatment,
        "measure": Measure.objects.get_or_create(slug=measure, defaults={"label": measure})[0],
        "label": "Something happened",
        "direction": Outcome.Direction.HARM,
        "value": Decimal(5),
        "low": Decimal(2),
        "high": Decimal(8),
        "time_frame": "A year later",
        "population": "Some people",
        "certainty": Outcome.Certainty.LOW,
        "reference": treatment.outcomes.first().reference,
    }
    return Outcome(**{**defaults, **values})


@pytest.mark.parametrize(
    "low, value, high",
    [(6, 5, 8), (2, 9, 8), (-1, 5, 8), (2, 5, 101), (2, 101, 102)],
)
def test_the_database_keeps_low_value_high_in_order_within_0_to_100(botox, low, value, high):
    row = outcome(botox, low=Decimal(low), value=Decimal(value), high=Decimal(high))
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_valid_outcome_saves_including_fractions_of_one_in_100(botox):
    row = outcome(botox, low=Decimal("0"), value=Decimal("0.1"), high=Decimal("0.25"))
    row.full_clean()
    row.save()
    assert row.is_uncertain


def test_one_answer_per_treatment_and_aspect(botox):
    aspect = Aspect.objects.get(slug="risks")
    with pytest.raises(ValidationError):
        Answer(treatment=botox, aspect=aspect, summary="Again.").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(treatment=botox, aspect=aspect, summary="Again.")


def test_one_outcome_per_measure_per_treatment(botox):
    with pytest.raises(IntegrityError), transaction.atomic():
        outcome(botox, measure="relief").save()


def test_review_dates_must_be_in_order(botox):
    botox.next_review_due = botox.last_reviewed.replace(year=botox.last_reviewed.year - 1)
    with pytest.raises(ValidationError):
        botox.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        botox.save()


def test_unknown_citation_keys_are_rejected_on_clean(botox):
    botox.recovery = "Quick [@nobody1999]."
    with pytest.raises(ValidationError) as error:
        botox.full_clean()
    assert "nobody1999" in str(error.value.message_dict["recovery"])
    point = Point.objects.filter(answer__treatment=botox).first()
    point.text = "Cites [@nobody1999]."
    with pytest.raises(ValidationError):
        point.full_clean()


def test_answer_splits_its_points_into_advantages_and_disadvantages(botox):
    answer = botox.answers.get(aspect__slug="risks")
    assert [p.kind for p in answer.advantages()] == ["advantage"]
    assert [p.kind for p in answer.disadvantages()] == ["disadvantage", "disadvantage"]


def test_absolute_url_and_labels(botox):
    assert botox.get_absolute_url() == "/treatments/botox/"
    assert str(botox) == "Botox injections"
    assert botox.kind_label == "Injection"
    assert str(botox.answers.get(aspect__slug="risks")) == "Botox injections · What are the side effects and risks?"


def test_edits_are_recorded_in_history(botox):
    point = Point.objects.filter(answer__treatment=botox).first()
    before = point.history.count()
    point.text = "Changed."
    point.save()
    assert point.history.count() == before + 1


def test_in_order_lists_by_display_order(loaded):
    Treatment.objects.filter(slug="watchful-waiting").update(order=1)
    assert Treatment.objects.in_order().first().slug == "watchful-waiting"
