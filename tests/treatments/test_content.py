from decimal import Decimal

import pytest
from django.core.management import CommandError

from references.models import Reference
from treatments.models import Answer, Aspect, Outcome, Point, Priority, PriorityFit, Treatment

from .content_fixture import content_data, dump, load

pytestmark = pytest.mark.django_db


def test_loads_treatments_answers_points_outcomes_and_fits(content_dir):
    output = load(content_dir)
    assert "0 skipped" in output
    assert list(Treatment.objects.values_list("slug", flat=True)) == [
        "botox",
        "microvascular-decompression",
        "medication",
        "alternative-therapies",
        "watchful-waiting",
    ]
    assert Aspect.objects.count() == 2
    assert Priority.objects.get(slug="avoid-surgery").question == "Can I avoid an operation?"
    assert Answer.objects.count() == 10
    assert Point.objects.count() == 25
    botox = Treatment.objects.get(slug="botox")
    assert botox.kind == Treatment.Kind.INJECTION
    assert sorted(botox.references.values_list("key", flat=True)) == ["defazio2002", "miller2012"]
    risks = botox.answers.get(aspect__slug="risks")
    assert [p.text for p in risks.disadvantages()] == [
        "Some get side effects.",
        "A few have lasting ones, about 1 in 100.",
    ]
    assert [r.key for r in risks.disadvantages()[1].references.all()] == ["miller2012"]
    relief = botox.outcomes.get(measure__slug="relief")
    assert (relief.value, relief.low, relief.high) == (Decimal("91.10"), Decimal("73.00"), Decimal("98.40"))
    assert relief.reference.key == "miller2012"
    assert botox.outcomes.get(measure__slug="harm-botox").value == Decimal("0.10")
    assert (
        PriorityFit.objects.get(treatment__slug="microvascular-decompression", priority__slug="avoid-surgery").fit
        == "poor"
    )


def test_running_twice_changes_nothing(content_dir):
    load(content_dir)
    history = {model: model.history.count() for model in (Treatment, Answer, Point, Outcome, PriorityFit)}
    fingerprints = dict(Treatment.objects.values_list("slug", "loaded_fingerprint"))
    output = load(content_dir)
    assert "0 created, 0 updated," in output
    assert "0 skipped" in output
    assert {model: model.history.count() for model in history} == history
    assert dict(Treatment.objects.values_list("slug", "loaded_fingerprint")) == fingerprints


def test_a_changed_file_updates_rows_and_removes_what_it_no_longer_lists(content_dir):
    load(content_dir)
    data = content_data()
    data["treatments"][0]["summary"] = "A new summary."
    data["treatments"][0]["answers"]["risks"]["disadvantages"].pop()
    data["treatments"][0]["outcomes"].pop()
    (content_dir / "treatments.yaml").write_text(dump(data))
    output = load(content_dir)
    assert "1 updated" in output
    botox = Treatment.objects.get(slug="botox")
    assert botox.summary == "A new summary."
    assert len(botox.answers.get(aspect__slug="risks").disadvantages()) == 1
    assert list(botox.outcomes.values_list("measure__slug", flat=True)) == ["relief"]
    assert "0 created, 0 updated" in load(content_dir)


def test_removing_or_reordering_outcomes_in_the_file_updates_the_rest_in_place(content_dir):
    load(content_dir)
    data = content_data()
    botox = data["treatments"][0]
    botox["outcomes"].reverse()  # the harm first now
    (content_dir / "treatments.yaml").write_text(dump(data))
    load(content_dir)
    assert list(Outcome.objects.filter(treatment__slug="botox").values_list("measure__slug", flat=True)) == [
        "harm-botox",
        "relief",
    ]
    botox["outcomes"].pop(0)  # removing the first one must not collide with the one after it
    (content_dir / "treatments.yaml").write_text(dump(data))
    load(content_dir)
    assert list(Outcome.objects.filter(treatment__slug="botox").values_list("measure__slug", flat=True)) == ["relief"]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda: Treatment.objects.filter(slug="botox").update(summary="Edited in admin."), id="treatment"),
        pytest.param(
            lambda: Point.objects.filter(answer__treatment__slug="botox", kind="advantage").update(text="Edited."),
            id="point",
        ),
        pytest.param(
            lambda: Point.objects.filter(answer__treatment__slug="botox").first().references.clear(),
            id="point-references",
        ),
        pytest.param(
            lambda: Outcome.objects.filter(treatment__slug="botox", measure__slug="relief").update(value=90),
            id="outcome",
        ),
        pytest.param(
            lambda: PriorityFit.objects.filter(treatment__slug="botox").update(reason="Edited."), id="priority-fit"
        ),
        pytest.param(lambda: Answer.objects.filter(treatment__slug="botox").first().delete(), id="answer-deleted"),
    ],
)
def test_an_edit_in_admin_to_the_treatment_or_any_of_its_rows_is_kept(content_dir, edit):
    load(content_dir)
    edit()
    data = content_data()
    data["treatments"][0]["summary"] = "Changed in the file too."
    (content_dir / "treatments.yaml").write_text(dump(data))
    before = Treatment.objects.get(slug="botox").summary

    output = load(content_dir)

    assert "Skipped treatment botox: changed in admin" in output
    assert Treatment.objects.get(slug="botox").summary == before
    output = load(content_dir, "--force")
    assert "Skipped" not in output
    assert Treatment.objects.get(slug="botox").summary == "Changed in the file too."
    assert "0 updated" in load(content_dir)


def test_missing_treatments_file_loads_nothing_and_is_not_an_error(content_dir):
    (content_dir / "treatments.yaml").unlink()
    load(content_dir)
    assert Treatment.objects.count() == 0


def line_of(text, needle, occurrence=1):
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def mutate(data, how):
    how(data)
    return data


BROKEN = [
    # (id, change to the data, message expected, text of the line named)
    (
        "bad-kind",
        lambda d: d["treatments"][1].update(kind="magic"),
        "kind: Value 'magic' is not a valid choice",
        "kind: magic",
    ),
    (
        "unknown-aspect",
        lambda d: d["treatments"][0]["answers"].update(mood={"summary": "x"}),
        "unknown aspect",
        "answers:",
    ),
    ("missing-aspect", lambda d: d["treatments"][2]["answers"].pop("risks"), "missing aspect(s) risks", None),
    (
        "bad-fit",
        lambda d: d["treatments"][0]["priorities"]["avoid-surgery"].update(fit="great"),
        "fit: Value 'great' is not a valid choice",
        "fit: great",
    ),
    (
        "low-above-value",
        lambda d: d["treatments"][0]["outcomes"][0].update(low=95),
        "The figures must satisfy 0 ≤ low estimate",
        "measure: relief",
    ),
    (
        "value-over-100",
        lambda d: d["treatments"][0]["outcomes"][0].update(high=101),
        "high: Ensure this value is less than or equal to 100",
        "high: 101",
    ),
    (
        "not-a-number",
        lambda d: d["treatments"][0]["outcomes"][0].update(value="many"),
        "value: “many” value must be a decimal number",
        "value: many",
    ),
    (
        "unknown-reference",
        lambda d: d["treatments"][0]["outcomes"][0].update(reference="nobody2020"),
        "unknown reference key 'nobody2020'",
        "reference: nobody2020",
    ),
    (
        "unknown-citation",
        lambda d: d["treatments"][0].update(recovery="Quick [@nobody2020]."),
        "recovery: Unknown citation key(s): nobody2020",
        "recovery:",
    ),
    (
        "uncited-number",
        lambda d: d["treatments"][0]["answers"]["risks"]["advantages"][0].update(
            text="Harm in 3 in 100.", references=[]
        ),
        "must cite a reference",
        "Harm in 3 in 100.",
    ),
    ("duplicate-slug", lambda d: d["treatments"][1].update(slug="botox"), "already defined", None),
    (
        "duplicate-measure",
        lambda d: d["treatments"][0]["outcomes"][1].update(measure="relief"),
        "measure 'relief' is already used",
        None,
    ),
    (
        "bad-date",
        lambda d: d["treatments"][0].update(last_reviewed="soon"),
        "last_reviewed: “soon” value has an invalid date format",
        "last_reviewed: soon",
    ),
    ("missing-summary", lambda d: d["treatments"][3].pop("summary"), "summary: This field cannot be blank", None),
]


@pytest.mark.parametrize("change, message, line_text", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_malformed_file_names_file_and_line_and_writes_nothing(content_dir, change, message, line_text):
    text = dump(mutate(content_data(), change))
    (content_dir / "treatments.yaml").write_text(text)

    with pytest.raises(CommandError) as error:
        load(content_dir)

    assert "treatments.yaml, line " in str(error.value)
    assert message in str(error.value)
    if line_text:
        assert f"line {line_of(text, line_text)}:" in str(error.value)
    assert "Nothing was loaded" in str(error.value)
    assert Treatment.objects.count() == 0
    assert Reference.objects.count() == 0


def test_invalid_yaml_names_its_line(content_dir):
    text = dump(content_data()).replace("kind: surgery", "kind: [surgery")
    (content_dir / "treatments.yaml").write_text(text)
    with pytest.raises(CommandError) as error:
        load(content_dir)
    assert "invalid YAML" in str(error.value)
    assert "treatments.yaml, line " in str(error.value)
    assert Treatment.objects.count() == 0


def test_unknown_top_level_section_is_reported(content_dir):
    (content_dir / "treatments.yaml").write_text(dump({**content_data(), "treatmnets": []}))
    with pytest.raises(CommandError, match="unknown section"):
        load(content_dir)


def test_a_bad_file_leaves_earlier_loaded_rows_untouched(content_dir):
    load(content_dir)
    data = content_data()
    data["treatments"][0]["summary"] = "Would change."
    data["treatments"][4]["kind"] = "magic"
    (content_dir / "treatments.yaml").write_text(dump(data))
    with pytest.raises(CommandError):
        load(content_dir)
    assert Treatment.objects.get(slug="botox").summary == "Botox injections in one plain sentence."
