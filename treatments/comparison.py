"""The comparison table, the fit with what matters to the reader and the questions for the doctor,
assembled from prefetched treatments without further queries."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Outcome, PriorityFit

# How many options one comparison shows.
MIN_COMPARE = 2
MAX_COMPARE = 5


class Importance(models.TextChoices):
    """How much a priority matters to the reader ("What matters to you")."""

    NOT = "not", gettext_lazy("Not important")
    SOMEWHAT = "somewhat", gettext_lazy("Somewhat important")
    VERY = "very", gettext_lazy("Very important")


@dataclass
class AspectRow:
    aspect: object
    cells: list  # (treatment, Answer or None), in column order

    @property
    def answers(self):
        return [answer for _treatment, answer in self.cells]


@dataclass
class OutcomeRow:
    measure: str
    label: str
    direction: str
    cells: list  # (treatment, Outcome or None), in column order

    @property
    def outcomes(self):
        return [outcome for _treatment, outcome in self.cells]

    @property
    def time_frames_differ(self):
        frames = {outcome.time_frame for outcome in self.outcomes if outcome is not None}
        return len(frames) > 1

    @property
    def direction_label(self):
        return Outcome.Direction(self.direction).label


def aspect_rows(treatments, aspects):
    """One row per aspect that at least one of the treatments answers."""
    answers = [{answer.aspect_id: answer for answer in treatment.answers.all()} for treatment in treatments]
    rows = [
        AspectRow(
            aspect,
            [(treatment, by_aspect.get(aspect.pk)) for treatment, by_aspect in zip(treatments, answers, strict=True)],
        )
        for aspect in aspects
    ]
    return [row for row in rows if any(row.answers)]


def outcome_rows(treatments, measures):
    """One row per measure any treatment reports, benefits first, so the same measure lines up.

    measures: {id: Measure} giving shared row names and order; without one, a row takes the
    label of its first outcome.
    """
    seen = {}
    for column, treatment in enumerate(treatments):
        for outcome in treatment.outcomes.all():
            seen.setdefault(outcome.measure_id, [None] * len(treatments))[column] = outcome
    rows = []
    for position, (measure_id, outcomes) in enumerate(seen.items()):
        first = next(outcome for outcome in outcomes if outcome is not None)
        measure = measures.get(measure_id)
        rows.append(
            (
                first.direction != Outcome.Direction.BENEFIT,
                measure.order if measure else 10_000,
                position,
                OutcomeRow(
                    measure.slug if measure else str(measure_id),
                    measure.label if measure else first.label,
                    first.direction,
                    list(zip(treatments, outcomes, strict=True)),
                ),
            )
        )
    return [row for *_key, row in sorted(rows, key=lambda item: item[:3])]


@dataclass
class FitLine:
    priority: object
    importance: str
    fit: object  # PriorityFit or None

    @property
    def importance_label(self):
        return Importance(self.importance).label


def fits_for(treatments, ratings):
    """[(treatment, [FitLine])]: for each option, in the order compared, how it fits each priority
    the reader marked, very important ones first. Nothing is scored or ranked."""
    order = {Importance.VERY: 0, Importance.SOMEWHAT: 1}
    rated = sorted(ratings.items(), key=lambda item: (order[item[1]], item[0].order, item[0].slug))
    result = []
    for treatment in treatments:
        by_priority = {fit.priority_id: fit for fit in treatment.priority_fits.all()}
        result.append(
            (treatment, [FitLine(priority, importance, by_priority.get(priority.pk)) for priority, importance in rated])
        )
    return result


def doctor_questions(treatments, ratings):
    """Questions to take to an appointment, built from what the reader marked as important."""
    questions = [_("Which of these options would you suggest for me, and why?")]
    order = {Importance.VERY: 0, Importance.SOMEWHAT: 1}
    rated = sorted(ratings.items(), key=lambda item: (order[item[1]], item[0].order, item[0].slug))
    for priority, _importance in rated:
        questions.append(
            priority.question
            or _("“%(label)s” matters to me. How does each option I am considering fit that?")
            % {"label": priority.label}
        )
    for treatment in treatments:
        by_priority = {fit.priority_id: fit for fit in treatment.priority_fits.all()}
        for priority, importance in rated:
            fit = by_priority.get(priority.pk)
            if importance == Importance.VERY and fit is not None and fit.fit != PriorityFit.Fit.GOOD:
                questions.append(
                    _("“%(label)s” is very important to me. What would %(treatment)s mean for that in my case?")
                    % {"label": priority.label, "treatment": treatment.name}
                )
    questions += [
        _("What is likely to happen if I wait and decide later?"),
        _("If I choose one option now, can I change to another later?"),
    ]
    return questions
