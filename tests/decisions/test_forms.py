"""The guide's forms, bound to a query string: what counts as answered, what is carried along."""

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from decisions.forms import Guide
from treatments.models import Priority

from .conftest import FULL

pytestmark = pytest.mark.django_db

CHOICES = [("botox", "Botox injections"), ("watchful-waiting", "Watchful waiting")]


@pytest.fixture
def loaded(db):
    """Only the two priorities the forms need; no treatments are read from the database."""
    Priority.objects.create(slug="avoid-surgery", label="Avoiding an operation", order=1)
    Priority.objects.create(slug="lasting-relief", label="Relief that lasts", order=2)


def guide(pairs):
    return Guide(QueryDict(urlencode(pairs, doseq=True)), choices=CHOICES, priorities=Priority.objects.all())


def test_a_full_query_answers_every_step(loaded):
    answered = guide(FULL)
    assert answered.unanswered() == []
    assert answered.considered_slugs() == ["botox", "watchful-waiting"]
    assert answered.form(2).feedback()[0][2] is True  # k1: false is right
    assert answered.form(2).feedback()[2][2] is False  # k3: "not sure" is not the answer
    assert answered.form(6).yes_count() == 3
    assert answered.form(6).no_names() == ["s2"]


def test_an_empty_query_answers_nothing_and_shows_no_errors(loaded):
    empty = guide([])
    assert empty.unanswered() == [1, 2, 3, 4, 5, 6, 7]
    assert all(not form.is_bound for form in empty.forms.values())
    # Until step 1 is answered, every option is considered and pre-ticked.
    assert empty.considered_slugs() == ["botox", "watchful-waiting"]
    assert empty.form(1).initial["t"] == ["botox", "watchful-waiting"]


def test_a_step_answered_in_part_is_prefilled_but_not_marked_wrong_until_sent(loaded):
    partial = guide([("t", "watchful-waiting")])
    form = partial.form(1)
    assert not form.is_bound
    assert form.initial["t"] == ["watchful-waiting"]
    assert partial.considered_slugs() == ["watchful-waiting"]

    sent = guide([("t", "watchful-waiting"), ("sent", "1")])
    form = sent.form(1)
    assert form.is_bound and not form.is_valid()
    assert form.errors["stage"] == ["Choose how far along you are."]


def test_wrong_values_are_errors_and_are_carried_as_given(loaded):
    bad = guide([*FULL[:3], ("k1", "maybe"), ("k2", "true"), ("k3", "true"), ("k4", "true"), ("sent", "2")])
    assert not bad.is_answered(2)
    assert "k1" in bad.form(2).errors
    assert ("k1", "maybe") in bad.carried()
    # The clean address keeps only valid answers.
    assert ("k1", "maybe") not in bad.answers()
    assert ("t", "botox") in bad.answers()


def test_leaning_is_limited_to_the_options_considered(loaded):
    pairs = [("t", "watchful-waiting"), ("stage", "close"), ("lean", "botox")]
    leaning = guide(pairs).form(4)
    assert not leaning.is_valid()
    assert [value for value, _label in leaning.fields["lean"].choices] == ["watchful-waiting", "unsure"]
    assert guide([*pairs[:2], ("lean", "unsure")]).is_answered(4)


def test_the_clean_address_drops_priorities_marked_not_important(loaded):
    pairs = guide(FULL).answers()
    assert ("p-avoid-surgery", "very") in pairs
    assert not any(name == "p-lasting-relief" for name, _value in pairs)
    only_not = guide([("p-avoid-surgery", "not"), ("p-lasting-relief", "not")])
    assert only_not.answers() == [("p-avoid-surgery", "not")]


def test_junk_is_not_carried(loaded):
    junk = guide([("t", "botox"), ("evil", "x"), *[("next", "y" * 500)] * 30])
    carried = junk.carried()
    assert ("evil", "x") not in carried
    nexts = [value for name, value in carried if name == "next"]
    assert len(nexts) == 10 and all(len(value) == 80 for value in nexts)
