"""Load step for content/treatments.yaml (see content/README.md and the comment atop that file).

Everything is parsed and checked first, each error naming the file and line; only then are rows
written. A treatment's answers, points, outcomes and priority fits belong to its record: they
are part of its fingerprint, so an editor's change to any of them in admin keeps the whole
treatment from being overwritten unless --force is given.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from articles.content import ReferencesStep
from articles.models import Reference
from core.content import ContentError, Record, load_yaml, mapping_key_lines, require, sync_object, to_date
from core.markdown import render_markdown

from .models import Answer, Aspect, Measure, Outcome, Point, Priority, PriorityFit, Treatment

FILE_NAME = "treatments.yaml"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DIGIT_RE = re.compile(r"\d")

TREATMENT_FIELDS = [
    "name",
    "kind",
    "order",
    "summary",
    "how_it_works",
    "before",
    "during",
    "after",
    "onset",
    "duration",
    "recovery",
    "evidence_level",
    "last_reviewed",
    "next_review_due",
    "reviewer_name",
    "reviewer_credentials",
]
ASPECT_FIELDS = ["question", "order"]
PRIORITY_FIELDS = ["label", "question", "order"]
MEASURE_FIELDS = ["label", "order"]
OUTCOME_FIELDS = [
    "measure",
    "label",
    "direction",
    "unit",
    "value",
    "low",
    "high",
    "time_frame",
    "population",
    "certainty",
    "note",
]


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


def text_of(record, key, *, required=True):
    value = record.data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise record.error(f"missing required field: {key}", key)
        return ""
    if isinstance(value, (dict, list)):
        raise record.error(f"{key} must be text", key)
    return str(value).strip()


def slug_of(record, key="slug"):
    slug = text_of(record, key)
    if not SLUG_RE.match(slug):
        raise record.error(f"{key} {slug!r} must be lowercase letters and digits joined by hyphens", key)
    return slug


def choice_of(record, key, choices, default=None):
    value = record.data.get(key, default)
    if value not in choices:
        raise record.error(f"{key} must be one of {', '.join(choices)}, not {value!r}", key)
    return value


def int_of(record, key, default):
    value = record.data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise record.error(f"{key} must be a whole number of 0 or more, not {value!r}", key)
    return value


def percent_of(record, key):
    value = record.data.get(key)
    if isinstance(value, bool) or value is None:
        raise record.error(f"{key} must be a number of people out of 100", key)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise record.error(f"{key} must be a number of people out of 100, not {value!r}", key) from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise record.error(f"{key} must be between 0 and 100, not {value}", key)
    if number != number.quantize(Decimal("0.01")):
        raise record.error(f"{key} may have at most 2 decimal places, not {value}", key)
    return number


@dataclass
class Keys:
    """The citation keys that exist (shipped reference files plus rows already in the database)."""

    known: set

    def check_list(self, record, key):
        value = record.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise record.error(f"{key} must be a list of reference keys", key)
        unknown = [item for item in value if item not in self.known]
        if unknown:
            raise record.error(f"unknown reference key(s) in {key}: {', '.join(unknown)}", key)
        return list(dict.fromkeys(value))

    def check_text(self, record, key, text):
        unknown = render_markdown(text, known_keys=self.known).unknown_keys
        if unknown:
            raise record.error(f"unknown citation key(s) in {key}: {', '.join(unknown)}", key)
        return text


@dataclass
class ParsedTreatment:
    record: Record
    slug: str
    values: dict
    reference_keys: list
    answers: list = field(default_factory=list)  # (aspect slug, summary, [(kind, order, text, keys)])
    fits: list = field(default_factory=list)  # (priority slug, fit, reason)
    outcomes: list = field(default_factory=list)  # (record, values, reference key)


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
        data, node = load_yaml(path.read_text(encoding="utf-8"), name)
        if data is None:
            return parsed
        top = mapping_record(data, node, name, "the file")
        unknown_sections = sorted(map(str, set(data) - {"aspects", "priorities", "measures", "treatments"}))
        if unknown_sections:
            raise top.error(f"unknown section(s): {', '.join(unknown_sections)}", unknown_sections[0])
        keys = Keys(self._known_keys(content_dir))
        parsed.aspects = self._parse_simple(top, node, "aspects", self._aspect_values)
        parsed.priorities = self._parse_simple(top, node, "priorities", self._priority_values)
        parsed.measures = self._parse_simple(top, node, "measures", self._measure_values)
        if not parsed.aspects:
            raise top.error("aspects: list at least one question asked of every treatment", "aspects")
        context = {
            "aspects": [slug for _, slug, _ in parsed.aspects],
            "priorities": [slug for _, slug, _ in parsed.priorities],
            "measures": {slug for _, slug, _ in parsed.measures},
        }
        items, item_nodes = list_of(top, "treatments", node, "treatments")
        seen = {}
        for item, item_node in zip(items, item_nodes, strict=True):
            treatment = self._parse_treatment(
                mapping_record(item, item_node, name, "a treatment"), item_node, keys, context
            )
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
        aspects = Aspect.objects.in_bulk(field_name="slug")
        priorities = Priority.objects.in_bulk(field_name="slug")
        references = Reference.objects.in_bulk(field_name="key")
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
                after_save=lambda obj, t=treatment: write_owned_rows(obj, t, aspects, priorities, references),
            )

    # Parsing helpers -------------------------------------------------------------------------

    def _known_keys(self, content_dir):
        shipped = {str(record.data["key"]) for record in ReferencesStep().parse(content_dir)}
        return shipped | set(Reference.objects.values_list("key", flat=True))

    def _parse_simple(self, top, node, section, make_values):
        items, item_nodes = list_of(top, section, node, section)
        rows, seen = [], {}
        for position, (item, item_node) in enumerate(zip(items, item_nodes, strict=True), start=1):
            record = mapping_record(item, item_node, top.path, f"each item of {section}")
            slug = slug_of(record)
            if slug in seen:
                raise record.error(f"{section}: {slug!r} is already defined at line {seen[slug]}", "slug")
            seen[slug] = record.line
            rows.append((record, slug, make_values(record, position)))
        return rows

    @staticmethod
    def _aspect_values(record, position):
        return {"question": text_of(record, "question"), "order": int_of(record, "order", position * 10)}

    @staticmethod
    def _priority_values(record, position):
        return {
            "label": text_of(record, "label"),
            "question": text_of(record, "question", required=False),
            "order": int_of(record, "order", position * 10),
        }

    @staticmethod
    def _measure_values(record, position):
        return {"label": text_of(record, "label"), "order": int_of(record, "order", position * 10)}

    def _parse_treatment(self, record, node, keys, context):
        require(record, "slug", "name", "kind", "summary", "last_reviewed", "next_review_due", "reviewer_name")
        slug = slug_of(record)
        values = {
            "name": text_of(record, "name"),
            "kind": choice_of(record, "kind", Treatment.Kind.values),
            "order": int_of(record, "order", 100),
            "last_reviewed": to_date(record, "last_reviewed"),
            "next_review_due": to_date(record, "next_review_due"),
            "reviewer_name": text_of(record, "reviewer_name"),
            "reviewer_credentials": text_of(record, "reviewer_credentials", required=False),
        }
        for name in Treatment.TEXT_FIELDS:
            values[name] = keys.check_text(record, name, text_of(record, name))
        if values["next_review_due"] < values["last_reviewed"]:
            raise record.error("next_review_due cannot be before last_reviewed", "next_review_due")
        parsed = ParsedTreatment(record, slug, values, keys.check_list(record, "references"))
        nodes = child_nodes(node)
        parsed.answers = self._parse_answers(record, nodes.get("answers"), keys, context["aspects"])
        parsed.fits = self._parse_fits(record, nodes.get("priorities"), keys, context["priorities"])
        parsed.outcomes = self._parse_outcomes(record, node, keys, context["measures"])
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

    def _parse_answers(self, record, node, keys, aspects):
        answers = []
        for aspect, answer in self._mapping_by_slug(record, "answers", node, aspects, "aspect"):
            summary = keys.check_text(answer, "summary", text_of(answer, "summary"))
            points = []
            answer_node = child_nodes(node)[aspect]
            for kind, key in ((Point.Kind.ADVANTAGE, "advantages"), (Point.Kind.DISADVANTAGE, "disadvantages")):
                items, item_nodes = list_of(answer, key, answer_node, "points")
                for order, (item, item_node) in enumerate(zip(items, item_nodes, strict=True)):
                    point = mapping_record(item, item_node, record.path, f"each item of {key}")
                    text = keys.check_text(point, "text", text_of(point, "text"))
                    cited = keys.check_list(point, "references")
                    if DIGIT_RE.search(text) and not cited and "[@" not in text:
                        raise point.error("a point that gives a number must cite a reference", "text")
                    points.append((kind, order, text, cited))
            answers.append((aspect, summary, points))
        return answers

    def _parse_fits(self, record, node, keys, priorities):
        if not priorities:
            return []
        fits = []
        for priority, entry in self._mapping_by_slug(record, "priorities", node, priorities, "priority"):
            fit = choice_of(entry, "fit", PriorityFit.Fit.values)
            fits.append((priority, fit, keys.check_text(entry, "reason", text_of(entry, "reason"))))
        return fits

    def _parse_outcomes(self, record, node, keys, measures):
        items, item_nodes = list_of(record, "outcomes", node, "outcomes")
        outcomes, seen = [], {}
        for item, item_node in zip(items, item_nodes, strict=True):
            outcome = mapping_record(item, item_node, record.path, "each outcome")
            measure = slug_of(outcome, "measure")
            if measure in seen:
                raise outcome.error(f"measure {measure!r} is already used at line {seen[measure]}", "measure")
            seen[measure] = outcome.line
            if measures and measure not in measures:
                raise outcome.error(f"measure {measure!r} is not listed in the measures section", "measure")
            values = {
                "measure": measure,
                "label": text_of(outcome, "label"),
                "direction": choice_of(outcome, "direction", Outcome.Direction.values),
                "unit": choice_of(outcome, "unit", Outcome.Unit.values, default=Outcome.Unit.PEOPLE),
                "value": percent_of(outcome, "value"),
                "low": percent_of(outcome, "low"),
                "high": percent_of(outcome, "high"),
                "time_frame": text_of(outcome, "time_frame"),
                "population": text_of(outcome, "population"),
                "certainty": choice_of(outcome, "certainty", Outcome.Certainty.values),
                "note": keys.check_text(outcome, "note", text_of(outcome, "note", required=False)),
            }
            if not values["low"] <= values["value"] <= values["high"]:
                raise outcome.error(
                    f"the figures must satisfy low <= value <= high, not {values['low']}, {values['value']}, "
                    f"{values['high']}",
                    "value",
                )
            reference = text_of(outcome, "reference")
            if reference not in keys.known:
                raise outcome.error(f"unknown reference key {reference!r}", "reference")
            outcomes.append((outcome, values, reference))
        return outcomes


# Writing helpers ------------------------------------------------------------------------------


def owned_state(treatment):
    """Everything a treatment's record controls besides its own fields, as JSON-able data."""
    answers = Answer.objects.filter(treatment=treatment).select_related("aspect").prefetch_related("points__references")
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
            [outcome.order, *(str(getattr(outcome, name)) for name in OUTCOME_FIELDS), outcome.reference.key]
            for outcome in Outcome.objects.filter(treatment=treatment).select_related("reference").order_by("order")
        ],
    }


def upsert(model, record, lookup, values):
    """Create or update one owned row, saving (and so adding history) only when something changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.clean_fields()
        obj.validate_constraints()
    except ValidationError as exc:
        messages = "; ".join(f"{key}: {' '.join(errors)}" for key, errors in exc.message_dict.items())
        raise record.error(messages) from exc
    obj.save()
    return obj


def set_references(obj, references, keys):
    wanted = [references[key] for key in keys]
    if sorted(ref.pk for ref in obj.references.all()) != sorted(ref.pk for ref in wanted):
        obj.references.set(wanted)


def write_owned_rows(treatment, parsed, aspects, priorities, references):
    set_references(treatment, references, parsed.reference_keys)
    kept_answers = []
    for aspect_slug, summary, points in parsed.answers:
        answer = upsert(
            Answer, parsed.record, {"treatment": treatment, "aspect": aspects[aspect_slug]}, {"summary": summary}
        )
        kept_answers.append(answer.pk)
        kept_points = []
        for kind, order, text, keys in points:
            point = upsert(Point, parsed.record, {"answer": answer, "kind": kind, "order": order}, {"text": text})
            set_references(point, references, keys)
            kept_points.append(point.pk)
        answer.points.exclude(pk__in=kept_points).delete()
    treatment.answers.exclude(pk__in=kept_answers).delete()

    kept_fits = [
        upsert(
            PriorityFit,
            parsed.record,
            {"treatment": treatment, "priority": priorities[slug]},
            {"fit": fit, "reason": reason},
        ).pk
        for slug, fit, reason in parsed.fits
    ]
    treatment.priority_fits.exclude(pk__in=kept_fits).delete()

    # Matched on their measure (unique per treatment), so removing or reordering one in the file
    # updates the others in place instead of colliding with them.
    kept_outcomes = [
        upsert(
            Outcome,
            record,
            {"treatment": treatment, "measure": values["measure"]},
            {**values, "order": order, "reference": references[reference_key]},
        ).pk
        for order, (record, values, reference_key) in enumerate(parsed.outcomes)
    ]
    treatment.outcomes.exclude(pk__in=kept_outcomes).delete()
