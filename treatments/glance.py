"""The comparison "at a glance": one row per question, each cell one plain sentence and, where it
matters most, one headline figure out of 100; everything else one click away in the row's detail.

Built from prefetched treatments (selectors.treatments_with_details) with one more query at most: the
outcomes' measures, fetched together for every option, so the count stays the same for 2 or 5 options.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Measure, Outcome

# The figures the glance shows, by question: for each option the first of these measures it
# reports becomes its headline figure in that row. Every other outcome appears in the detail of
# the row its measure belongs to (MEASURE_ASPECT), or of "how well" / "risks" by its direction.
# Measure slugs as in content/treatments.yaml ("measures"); "any-side-effect" is per person, so it
# comes before the per-round figure, which is only the headline where nothing per person is known.
HEADLINE_MEASURES = {
    "effectiveness": ["relief", "relief-right-away"],
    "duration": ["relief-long-term"],
    "risks": [
        "any-side-effect",
        "any-side-effect-round",
        "hearing-loss",
        "facial-weakness-temporary",
        "spread",
    ],
}
MEASURE_ASPECT = {
    "relief": "effectiveness",
    "relief-right-away": "effectiveness",
    "relief-long-term": "duration",
    "recurrence": "duration",
}
BENEFIT_ASPECT = "effectiveness"
HARM_ASPECT = "risks"


@dataclass
class GlanceCell:
    treatment: object
    answer: object  # Answer or None
    headline: object = None  # Outcome or None
    outcomes: list = field(default_factory=list)  # every outcome for the row's detail


@dataclass
class GlanceRow:
    aspect: object
    cells: list  # GlanceCell, in column order

    @property
    def has_figures(self):
        return any(cell.headline for cell in self.cells)

    @property
    def without_figure(self):
        """The options with no headline figure in a row where others have one (said once, briefly)."""
        if not self.has_figures:
            return []
        return [cell.treatment for cell in self.cells if cell.headline is None]


def _aspect_of(outcome, aspect_slugs):
    slug = MEASURE_ASPECT.get(outcome.measure.slug)
    if slug is None:
        slug = BENEFIT_ASPECT if outcome.direction == Outcome.Direction.BENEFIT else HARM_ASPECT
    return slug if slug in aspect_slugs else None


def _attach_measures(treatments):
    """Give every prefetched outcome its measure, from one query for all the options (the prefetch
    may not select_related("measure"); if it did, nothing is queried)."""
    outcomes = [outcome for treatment in treatments for outcome in treatment.outcomes.all()]
    missing = {outcome.measure_id for outcome in outcomes if not Outcome.measure.is_cached(outcome)}
    if not missing:
        return
    measures = Measure.objects.in_bulk(missing)
    for outcome in outcomes:
        if outcome.measure_id in measures:
            outcome.measure = measures[outcome.measure_id]


def glance_rows(treatments, aspects):
    """One GlanceRow per aspect that at least one of the treatments answers or has figures for."""
    aspect_slugs = {aspect.slug for aspect in aspects}
    _attach_measures(treatments)
    columns = []
    for treatment in treatments:
        answers = {answer.aspect_id: answer for answer in treatment.answers.all()}
        by_aspect = {}
        for outcome in treatment.outcomes.all():
            by_aspect.setdefault(_aspect_of(outcome, aspect_slugs), []).append(outcome)
        columns.append((treatment, answers, by_aspect))
    rows = []
    for aspect in aspects:
        cells = []
        for treatment, answers, by_aspect in columns:
            outcomes = by_aspect.get(aspect.slug, [])
            by_measure = {outcome.measure.slug: outcome for outcome in outcomes}
            headline = next(
                (by_measure[slug] for slug in HEADLINE_MEASURES.get(aspect.slug, []) if slug in by_measure), None
            )
            cells.append(GlanceCell(treatment, answers.get(aspect.pk), headline, outcomes))
        if any(cell.answer or cell.outcomes for cell in cells):
            rows.append(GlanceRow(aspect, cells))
    return rows


def complement(value):
    """The other frame: out of 100, how many did not have the result."""
    return Decimal(100) - Decimal(value)


def review_groups(treatments):
    """The treatments grouped by what their review line says, so a line is not repeated five times."""
    groups = {}
    for treatment in treatments:
        key = (
            treatment.is_reviewed,
            treatment.last_reviewed,
            treatment.next_review_due,
            treatment.reviewer_name,
            treatment.reviewer_credentials,
            bool(treatment.changed_since_review),
            treatment.is_review_overdue,
        )
        groups.setdefault(key, []).append(treatment)
    return list(groups.values())
