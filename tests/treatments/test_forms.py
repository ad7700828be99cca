import pytest
from django.http import QueryDict

from treatments.forms import CompareForm, PrioritiesForm, read_selection
from treatments.models import Priority

CHOICES = [
    ("botox", "Botox injections"),
    ("microvascular-decompression", "MVD surgery"),
    ("medication", "Medicines"),
    ("alternative-therapies", "Other therapies"),
    ("watchful-waiting", "Watchful waiting"),
    ("sixth", "A sixth option"),
]


def test_keeps_the_order_given():
    selection = read_selection(["medication", "botox"], CHOICES)
    assert selection.slugs == ["medication", "botox"]
    assert selection.notices == []
    assert selection.is_comparison


def test_unknown_slug_is_named_with_the_known_options():
    selection = read_selection(["botox", "laser", "medication"], CHOICES)
    assert selection.slugs == ["botox", "medication"]
    assert selection.notices == [
        "We have no treatment called “laser”. The options are: Botox injections, MVD surgery, Medicines, "
        "Other therapies, Watchful waiting, A sixth option."
    ]


def test_one_treatment_is_not_a_mistake():
    # A treatment page's "Compare with other options" sends one: the page asks for a second, no warning.
    selection = read_selection(["botox"], CHOICES)
    assert not selection.is_comparison
    assert selection.slugs == ["botox"]
    assert selection.notices == []


def test_the_same_one_twice_is_shown_once_with_a_message():
    selection = read_selection(["botox", "medication", "botox", "botox"], CHOICES)
    assert selection.slugs == ["botox", "medication"]
    assert selection.notices == ["You chose Botox injections more than once. Each option is shown once."]


def test_more_than_five_keeps_the_first_five_and_says_which_were_left_out():
    selection = read_selection([slug for slug, _ in reversed(CHOICES)], CHOICES)
    assert selection.slugs == [
        "sixth",
        "watchful-waiting",
        "alternative-therapies",
        "medication",
        "microvascular-decompression",
    ]
    assert selection.notices == ["You can compare up to 5 options at a time. We left out: Botox injections."]


@pytest.mark.parametrize(
    "junk", ["\x00", "<script>alert(1)</script>", "a" * 5000, "bo tox", "botox\n", "../../etc/passwd", "", "ß"]
)
def test_junk_is_left_out_with_one_general_note(junk):
    selection = read_selection([junk, "botox", "medication"], CHOICES)
    assert selection.slugs[:2] == ["botox", "medication"]
    assert all("<script" not in notice for notice in selection.notices)


def test_values_are_trimmed_and_lower_cased():
    assert read_selection([" Botox ", "MEDICATION"], CHOICES).slugs == ["botox", "medication"]


def test_only_the_first_values_are_read():
    selection = read_selection(["botox"] * 10_000, CHOICES)
    assert selection.slugs == ["botox"]
    assert "You chose Botox injections more than once. Each option is shown once." in selection.notices


def test_compare_form_lists_chosen_options_first_in_the_order_given():
    form = CompareForm(choices=CHOICES, selected=["medication", "botox"])
    assert [slug for slug, _ in form.fields["t"].choices][:3] == ["medication", "botox", "microvascular-decompression"]
    assert form.initial["t"] == ["medication", "botox"]
    assert form.helper.form_method == "get"


@pytest.mark.django_db
def test_priorities_form_reads_ratings_and_treats_missing_ones_as_not_important():
    first = Priority.objects.create(slug="avoid-surgery", label="Avoiding an operation", order=1)
    second = Priority.objects.create(slug="lasting-relief", label="Relief that lasts", order=2)
    third = Priority.objects.create(slug="few-visits", label="Few visits", order=3)
    data = QueryDict("t=botox&p-avoid-surgery=very&p-lasting-relief=somewhat&utm_source=x")
    form = PrioritiesForm(data, priorities=[first, second, third], selected=["botox"])
    assert form.ratings() == {first: "very", second: "somewhat"}
    assert form["p-few-visits"].value() == "not"


@pytest.mark.django_db
def test_priorities_form_ignores_bad_values_with_an_error_and_is_unbound_without_ratings():
    priority = Priority.objects.create(slug="avoid-surgery", label="Avoiding an operation")
    form = PrioritiesForm(QueryDict("p-avoid-surgery=%3Cscript%3E"), priorities=[priority], selected=[])
    assert form.ratings() == {}
    assert "p-avoid-surgery" in form.errors
    assert not PrioritiesForm(QueryDict("t=botox&other=1"), priorities=[priority], selected=[]).is_bound
