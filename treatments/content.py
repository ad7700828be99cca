"""Load step for content/treatments.yaml (see content/README.md and the comment atop that file).

Parsing checks only the file's shape (which sections, lists and mappings; every aspect answered;
nothing defined twice), each error naming the file and line. The values themselves are judged by
the models' own validation (`full_clean`: fields, clean(), constraints) as rows are written inside
the command's one transaction, so a bad value also names its line and leaves nothing written.
A treatment's answers, points, outcomes and priority fits belong to its record: they are part of
its fingerprint, so an editor's change to any of them in admin keeps the whole treatment from
being overwritten unless --force is given.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.content import (
    ContentError,
    Record,
    field_values,
    load_yaml,
    loaded_fields,
    mapping_key_lines,
    read_text,
    require,
    sync_object,
    validate,
    value_of,
)
from references.models import Reference

from .models import Answer, Aspect, Measure, Outcome, Point, Priority, PriorityFit, Treatment

FILE_NAME = "treatments.yaml"
DIGIT_RE = re.compile(r"\d")

TREATMENT_FIELDS = loaded_fields(Treatment, exclude=["slug"])
ASPECT_FIELDS = loaded_fields(Aspect, exclude=["slug"])
PRIORITY_FIELDS = loaded_fields(Priority, exclude=["slug"])
MEASURE_FIELDS = loaded_fields(Measure, exclude=["slug"])
# The measure and the reference are found by slug and key when written; the order is the position.
OUTCOME_FIELDS = loaded_fields(Outcome, exclude=["order"])


def line_of(node):
    return node.start_mark.line + 1


def child_nodes(node):
    """{key: value node} for a mapping node, or a list of item nodes for a sequence node."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: value for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return {}


def mapping_record(data, node, path, what):
    if not isinstance(data, dict):
        raise ContentError(path, line_of(node), f"{what} must be a mapping of field: value")
    return Record(data, path, line_of(node), mapping_key_lines(node))


def list_of(record, key, node, what):
    value = record.data.get(key)
    if value is None:
        return [], []
    if not isinstance(value, list):
        raise record.error(f"{key} must be a list of {what}", key)
    return value, child_nodes(child_nodes(node).get(key))


def key_list(record, key):
    """A list of reference keys, in order, without repeats (checked against the references on writing)."""
    value = record.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise record.error(f"{key} must be a list of reference keys", key)
    return list(dict.fromkeys(value))


def slug_of(record, key="slug"):
    require(record, key)
    return str(value_of(record, key))


@dataclass
class ParsedPoint:
    record: Record
    kind: str
    order: int
    text: object
    reference_keys: list


@dataclass
class ParsedAnswer:
    record: Record
    aspect: str
    summary: object
    points: list = field(default_factory=list)


@dataclass
class ParsedTreatment:
    record: Record
    slug: str
    values: dict
    reference_keys: list
    answers: list = field(default_factory=list)
    fits: list = field(default_factory=list)  # (Record, priority slug, {fit, reason})
    outcomes: list = field(default_factory=list)  # (Record, measure slug, values, reference key)


@dataclass
class Parsed:
    aspects: list = field(default_factory=list)  # (record, slug, values)
    priorities: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    treatments: list = field(default_factory=list)


class TreatmentsStep:
    label = "treatments"

    def parse(self, content_dir):
        path = Path(content_dir) / FILE_NAME
        parsed = Parsed()
        if not path.exists():
            return parsed
        name = str(path)
        data, node = load_yaml(read_text(path), name)
        if data is None:
            return parsed
        top = mapping_record(data, node, name, "the file")
        unknown_sections = sorted(map(str, set(data) - {"aspects", "priorities", "measures", "treatments"}))
        if unknown_sections:
            raise top.error(f"unknown section(s): {', '.join(unknown_sections)}", unknown_sections[0])
        parsed.aspects = self._parse_simple(top, node, "aspects", Aspect, ASPECT_FIELDS)
        parsed.priorities = self._parse_simple(top, node, "priorities", Priority, PRIORITY_FIELDS)
        parsed.measures = self._parse_simple(top, node, "measures", Measure, MEASURE_FIELDS)
        if not parsed.aspects:
            raise top.error("aspects: list at least one question asked of every treatment", "aspects")
        context = {
            "aspects": [slug for _, slug, _ in parsed.aspects],
            "priorities": [slug for _, slug, _ in parsed.priorities],
        }
        items, item_nodes = list_of(top, "treatments", node, "treatments")
        seen = {}
        for item, item_node in zip(items, item_nodes, strict=True):
            treatment = self._parse_treatment(mapping_record(item, item_node, name, "a treatment"), item_node, context)
            if treatment.slug in seen:
                raise treatment.record.error(
                    f"treatment {treatment.slug!r} is already defined at line {seen[treatment.slug]}", "slug"
                )
            seen[treatment.slug] = treatment.record.line
            parsed.treatments.append(treatment)
        return parsed

    def write(self, parsed, *, force, report):
        simple = [
            (Aspect, parsed.aspects, ASPECT_FIELDS, "aspect"),
            (Priority, parsed.priorities, PRIORITY_FIELDS, "priority"),
            (Measure, parsed.measures, MEASURE_FIELDS, "measure"),
        ]
        for model, rows, fields, label in simple:
            for record, slug, values in rows:
                sync_object(
                    model,
                    lookup={"slug": slug},
                    values=values,
                    record=record,
                    fields=fields,
                    force=force,
                    report=report,
                    label=f"{label} {slug}",
                )
        known = Known(
            aspects=Aspect.objects.in_bulk(field_name="slug"),
            priorities=Priority.objects.in_bulk(field_name="slug"),
            measures=Measure.objects.in_bulk(field_name="slug"),
            references=Reference.objects.in_bulk(field_name="key"),
        )
        for treatment in parsed.treatments:
            sync_object(
                Treatment,
                lookup={"slug": treatment.slug},
                values=treatment.values,
                record=treatment.record,
                fields=TREATMENT_FIELDS,
                force=force,
                report=report,
                label=f"treatment {treatment.slug}",
                extra=owned_state,
                after_save=lambda obj, t=treatment: write_owned_rows(obj, t, known),
            )

    # Parsing helpers -------------------------------------------------------------------------

    def _parse_simple(self, top, node, section, model, fields):
        items, item_nodes = list_of(top, section, node, section)
        rows, seen = [], {}
        for position, (item, item_node) in enumerate(zip(items, item_nodes, strict=True), start=1):
            record = mapping_record(item, item_node, top.path, f"each item of {section}")
            slug = slug_of(record)
            if slug in seen:
                raise record.error(f"{section}: {slug!r} is already defined at line {seen[slug]}", "slug")
            seen[slug] = record.line
            rows.append((record, slug, field_values(model, record, fields, defaults={"order": position * 10})))
        return rows

    def _parse_treatment(self, record, node, context):
        slug = slug_of(record)
        parsed = ParsedTreatment(
            record, slug, field_values(Treatment, record, TREATMENT_FIELDS), key_list(record, "references")
        )
        nodes = child_nodes(node)
        parsed.answers = self._parse_answers(record, nodes.get("answers"), context["aspects"])
        parsed.fits = self._parse_fits(record, nodes.get("priorities"), context["priorities"])
        parsed.outcomes = self._parse_outcomes(record, node)
        return parsed

    def _mapping_by_slug(self, record, key, node, allowed, what):
        """Check a {slug: mapping} section covers exactly the `allowed` slugs; yield (slug, Record)."""
        value = record.data.get(key)
        if not isinstance(value, dict):
            raise record.error(f"{key} must map each {what} slug to its entry", key)
        unknown = [str(slug) for slug in value if slug not in allowed]
        if unknown:
            raise record.error(f"{key}: unknown {what}(s) {', '.join(unknown)}; use {', '.join(allowed)}", key)
        missing = [slug for slug in allowed if slug not in value]
        if missing:
            raise record.error(f"{key}: missing {what}(s) {', '.join(missing)}; every {what} needs an entry", key)
        nodes = child_nodes(node)
        for slug in allowed:
            yield slug, mapping_record(value[slug], nodes[slug], record.path, f"{key}: {slug}")

    def _parse_answers(self, record, node, aspects):
        answers = []
        for aspect, answer in self._mapping_by_slug(record, "answers", node, aspects, "aspect"):
            parsed = ParsedAnswer(answer, aspect, value_of(answer, "summary"))
            answer_node = child_nodes(node)[aspect]
            for kind, key in ((Point.Kind.ADVANTAGE, "advantages"), (Point.Kind.DISADVANTAGE, "disadvantages")):
                items, item_nodes = list_of(answer, key, answer_node, "points")
                for order, (item, item_node) in enumerate(zip(items, item_nodes, strict=True)):
                    point = mapping_record(item, item_node, record.path, f"each item of {key}")
                    text, cited = value_of(point, "text"), key_list(point, "references")
                    # An editorial rule of the shipped content, not of the model: editors in admin
                    # see the same rule in the content tests.
                    if DIGIT_RE.search(str(text or "")) and not cited and "[@" not in str(text):
                        raise point.error("a point that gives a number must cite a reference", "text")
                    parsed.points.append(ParsedPoint(point, kind, order, text, cited))
            answers.append(parsed)
        return answers

    def _parse_fits(self, record, node, priorities):
        if not priorities:
            return []
        return [
            (entry, priority, {"fit": value_of(entry, "fit"), "reason": value_of(entry, "reason")})
            for priority, entry in self._mapping_by_slug(record, "priorities", node, priorities, "priority")
        ]

    def _parse_outcomes(self, record, node):
        items, item_nodes = list_of(record, "outcomes", node, "outcomes")
        outcomes, seen = [], {}
        for item, item_node in zip(items, item_nodes, strict=True):
            outcome = mapping_record(item, item_node, record.path, "each outcome")
            measure = slug_of(outcome, "measure")
            if measure in seen:
                raise outcome.error(f"measure {measure!r} is already used at line {seen[measure]}", "measure")
            seen[measure] = outcome.line
            require(outcome, "reference")
            values = field_values(Outcome, outcome, OUTCOME_FIELDS)
            outcomes.append((outcome, measure, values, str(value_of(outcome, "reference"))))
        return outcomes


# Writing helpers ------------------------------------------------------------------------------


@dataclass
class Known:
    """The rows a treatment's parts point at, by slug or key, as written earlier in this load."""

    aspects: dict
    priorities: dict
    measures: dict
    references: dict

    def lookup(self, record, key, table, what):
        value = str(value_of(record, key))
        found = getattr(self, table).get(value)
        if found is None:
            raise record.error(f"unknown {what} {value!r}", key)
        return found

    def references_for(self, record, key, keys):
        unknown = [k for k in keys if k not in self.references]
        if unknown:
            raise record.error(f"unknown reference key(s) in {key}: {', '.join(unknown)}", key)
        return [self.references[k] for k in keys]


def owned_state(treatment):
    """Everything a treatment's record controls besides its own fields, as JSON-able data."""
    answers = Answer.objects.filter(treatment=treatment).select_related("aspect").prefetch_related("points__references")
    outcomes = Outcome.objects.filter(treatment=treatment).select_related("reference", "measure").order_by("order")
    return {
        "references": sorted(treatment.references.values_list("key", flat=True)),
        "answers": [
            [
                answer.aspect.slug,
                answer.summary,
                [
                    [point.kind, point.order, point.text, sorted(ref.key for ref in point.references.all())]
                    for point in sorted(answer.points.all(), key=lambda p: (p.kind, p.order, p.pk))
                ],
            ]
            for answer in sorted(answers, key=lambda a: a.aspect.slug)
        ],
        "fits": sorted(
            [fit.priority.slug, fit.fit, fit.reason]
            for fit in PriorityFit.objects.filter(treatment=treatment).select_related("priority")
        ),
        "outcomes": [
            [
                outcome.order,
                outcome.measure.slug,
                *(str(getattr(outcome, name)) for name in OUTCOME_FIELDS),
                outcome.reference.key,
            ]
            for outcome in outcomes
        ],
    }


def upsert(model, record, lookup, values):
    """Create or update one owned row through the model's validation, saving (and so adding
    history) only when something changed."""
    obj = model.objects.filter(**lookup).first()
    is_new = obj is None
    if is_new:
        obj = model(**lookup)
    before = {} if is_new else {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    validate(obj, record)
    if is_new or any(getattr(obj, name) != before[name] for name in values):
        obj.save()
    return obj


def set_references(obj, wanted):
    if sorted(ref.pk for ref in obj.references.all()) != sorted(ref.pk for ref in wanted):
        obj.references.set(wanted)


def write_owned_rows(treatment, parsed, known):
    set_references(treatment, known.references_for(parsed.record, "references", parsed.reference_keys))
    kept_answers = []
    for answer_data in parsed.answers:
        answer = upsert(
            Answer,
            answer_data.record,
            {"treatment": treatment, "aspect": known.aspects[answer_data.aspect]},
            {"summary": answer_data.summary},
        )
        kept_answers.append(answer.pk)
        kept_points = []
        for point_data in answer_data.points:
            point = upsert(
                Point,
                point_data.record,
                {"answer": answer, "kind": point_data.kind, "order": point_data.order},
                {"text": point_data.text},
            )
            set_references(point, known.references_for(point_data.record, "references", point_data.reference_keys))
            kept_points.append(point.pk)
        answer.points.exclude(pk__in=kept_points).delete()
    treatment.answers.exclude(pk__in=kept_answers).delete()

    kept_fits = [
        upsert(PriorityFit, record, {"treatment": treatment, "priority": known.priorities[slug]}, values).pk
        for record, slug, values in parsed.fits
    ]
    treatment.priority_fits.exclude(pk__in=kept_fits).delete()

    # Matched on their measure (unique per treatment), so removing or reordering one in the file
    # updates the others in place instead of colliding with them.
    kept_outcomes = []
    for order, (record, _measure, values, _reference) in enumerate(parsed.outcomes):
        measure = known.lookup(record, "measure", "measures", "measure (list it under measures:)")
        reference = known.lookup(record, "reference", "references", "reference key")
        outcome = upsert(
            Outcome,
            record,
            {"treatment": treatment, "measure": measure},
            {**values, "order": order, "reference": reference},
        )
        kept_outcomes.append(outcome.pk)
    treatment.outcomes.exclude(pk__in=kept_outcomes).delete()
