"""Treatments, the questions asked of every one of them, their answers and measured outcomes.

The same aspects are answered for every treatment, so options can be compared side by side.
Text fields are Markdown that may cite references with [@key]; save() stores each one rendered
in its `<field>_html` (references.rendering), with the site-wide reference numbers, and pages
show only the stored HTML.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import LoadedContent, ReviewedContent
from references.keys import known_keys
from references.markdown import render_markdown
from references.models import Reference
from references.rendering import RendersCitedText, reference_numbers, render_cited, rendered_html_field

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
MARKDOWN_HELP = _("Plain words; Markdown allowed. Cite a source with [@key]; every number needs a citation.")


def unknown_citations(*texts):
    """Citation keys used in `texts` that match no reference."""
    known = known_keys()
    unknown = []
    for text in texts:
        for key in render_markdown(text or "", known_keys=known).unknown_keys:
            if key not in unknown:
                unknown.append(key)
    return unknown


def check_citations(instance, field_names):
    """Raise a ValidationError on the first field that cites an unknown key."""
    errors = {}
    for name in field_names:
        unknown = unknown_citations(getattr(instance, name))
        if unknown:
            errors[name] = _("Unknown citation key(s): %(keys)s. Add the reference first or correct the key.") % {
                "keys": ", ".join(unknown)
            }
    if errors:
        raise ValidationError(errors)


TEXT_FIELDS = (
    "summary",
    "how_it_works",
    "before",
    "during",
    "after",
    "onset",
    "duration",
    "recovery",
    "evidence_level",
)


class TreatmentQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("order", "name")


class Treatment(RendersCitedText, ReviewedContent, LoadedContent):
    """One option a person with hemifacial spasm can choose, including not treating."""

    class Kind(models.TextChoices):
        INJECTION = "injection", _("Injection")
        SURGERY = "surgery", _("Surgery")
        MEDICATION = "medication", _("Medication")
        COMPLEMENTARY = "complementary", _("Complementary therapy")
        NONE = "none", _("No treatment")

    name = models.CharField(_("name"), max_length=120, help_text=_("The name a patient would use, in plain words."))
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the page address, /treatments/slug/. Keep it stable once shared."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, help_text=_("What sort of option it is."))
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Position in lists and comparisons; lower comes first.")
    )
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two plain sentences, shown in lists and comparisons.")
    )
    how_it_works = models.TextField(_("how it works"), help_text=MARKDOWN_HELP)
    before = models.TextField(_("before"), help_text=_("What to expect before it. ") + MARKDOWN_HELP)
    during = models.TextField(_("during"), help_text=_("What to expect while it is done. ") + MARKDOWN_HELP)
    after = models.TextField(_("after"), help_text=_("What to expect afterwards. ") + MARKDOWN_HELP)
    onset = models.TextField(_("how soon it works"), help_text=MARKDOWN_HELP)
    duration = models.TextField(_("how long it lasts"), help_text=MARKDOWN_HELP)
    recovery = models.TextField(_("recovery"), help_text=MARKDOWN_HELP)
    evidence_level = models.TextField(
        _("level of evidence"),
        help_text=_("How strong the research is, in plain words, and what kind of studies it rests on. ")
        + MARKDOWN_HELP,
    )
    references = models.ManyToManyField(
        Reference,
        related_name="treatments",
        blank=True,
        verbose_name=_("references"),
        help_text=_("Further sources for this treatment, listed after the ones cited in the text."),
    )
    summary_html = rendered_html_field()
    how_it_works_html = rendered_html_field()
    before_html = rendered_html_field()
    during_html = rendered_html_field()
    after_html = rendered_html_field()
    onset_html = rendered_html_field()
    duration_html = rendered_html_field()
    recovery_html = rendered_html_field()
    evidence_level_html = rendered_html_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=[f"{name}_html" for name in TEXT_FIELDS])
    objects = TreatmentQuerySet.as_manager()
    # Declared for the layers above (editorial.registry, sharing.cards), which never name this model.
    title_field = "name"
    page_lookup = ""
    share_card_kicker = _("Treatment option")

    TEXT_FIELDS = TEXT_FIELDS
    rendered_fields = TEXT_FIELDS

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gte=F("last_reviewed")),
                name="treatment_review_dates_in_order",
                violation_error_message=_("The next review cannot be before the last review."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("treatments:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_citations(self, self.TEXT_FIELDS)

    @property
    def kind_label(self):
        return self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind


class Aspect(LoadedContent):
    """A question asked of every treatment, in the patient's words."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("A short stable name."))
    question = models.CharField(
        _("question"), max_length=200, help_text=_('In the patient\'s words, for example "How well does it work?".')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Row order; lower comes first."))

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")

    def __str__(self):
        return self.question


class Answer(RendersCitedText, models.Model):
    """A treatment's answer to one aspect, with its advantages and disadvantages as points."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="answers")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="answers", verbose_name=_("aspect"))
    summary = models.TextField(_("answer"), help_text=_("A short plain answer to the question. ") + MARKDOWN_HELP)
    summary_html = rendered_html_field()
    # About one sentence of the answer, still citing all its sources (treatments.short_answers).
    short_html = rendered_html_field()

    history = HistoricalRecords(excluded_fields=["summary_html", "short_html"])
    page_lookup = "treatment"  # the page it belongs to, for editorial.registry
    rendered_fields = ("summary",)

    class Meta:
        ordering = ["aspect__order", "aspect__slug"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["treatment", "aspect"],
                name="answer_once_per_treatment_aspect",
                violation_error_message=_("This treatment already answers that question."),
            ),
        ]

    def __str__(self):
        return f"{self.treatment} · {self.aspect}" if self.treatment_id and self.aspect_id else gettext("answer")

    def clean(self):
        super().clean()
        check_citations(self, ["summary"])

    def rendered_texts(self, numbers=None):
        from .short_answers import one_sentence

        numbers = reference_numbers() if numbers is None else numbers
        texts = super().rendered_texts(numbers)
        texts["short_html"] = render_cited(one_sentence(self.summary), numbers=numbers).html
        return texts

    def advantages(self):
        return [point for point in self.points.all() if point.kind == Point.Kind.ADVANTAGE]

    def disadvantages(self):
        return [point for point in self.points.all() if point.kind == Point.Kind.DISADVANTAGE]


class Point(RendersCitedText, models.Model):
    """One advantage or disadvantage; a point that states a fact cites its source."""

    class Kind(models.TextChoices):
        ADVANTAGE = "advantage", _("Advantage")
        DISADVANTAGE = "disadvantage", _("Disadvantage")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, help_text=_("For or against."))
    text = models.TextField(_("text"), help_text=_("One point in one or two plain sentences. ") + MARKDOWN_HELP)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Position in its list."))
    references = models.ManyToManyField(
        Reference,
        related_name="treatment_points",
        blank=True,
        verbose_name=_("references"),
        help_text=_("The sources for this point. A point that states a fact needs at least one."),
    )
    # The text with its sources cited at the end; kept current when the sources change (below).
    text_html = rendered_html_field()

    history = HistoricalRecords(excluded_fields=["text_html"])
    page_lookup = "answer__treatment"  # the page it belongs to, for editorial.registry
    rendered_fields = ("text",)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("point")
        verbose_name_plural = _("points")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        check_citations(self, ["text"])

    def cited_sources(self, name):
        return sorted(self.references.all(), key=lambda reference: reference.number) if self.pk else ()


class Outcome(RendersCitedText, models.Model):
    """A measured result, as a number of people out of 100 with a low and a high estimate."""

    class Direction(models.TextChoices):
        BENEFIT = "benefit", _("Benefit")
        HARM = "harm", _("Harm")

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        ROUNDS = "rounds", _("rounds of treatment")

    class Certainty(models.TextChoices):
        HIGH = "high", _("High")
        MODERATE = "moderate", _("Moderate")
        LOW = "low", _("Low")
        VERY_LOW = "very-low", _("Very low")

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.ForeignKey(
        "Measure",
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("measure"),
        help_text=_(
            "What is counted, shared across treatments, so the comparison can put the same measures side by side."
        ),
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_('What happened to these people, in plain words, for example "were free of spasm".'),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, help_text=_("Whether this is good or bad news.")
    )
    unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=Unit.choices,
        default=Unit.PEOPLE,
        help_text=_("What is counted out of 100: people, or rounds of treatment."),
    )
    value = models.DecimalField(
        _("number out of 100"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        help_text=_("The best estimate, out of 100 people. Decimals are allowed: 0.1 means 1 in 1,000."),
    )
    low = models.DecimalField(
        _("low estimate"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        help_text=_("The lowest figure the studies found, out of 100."),
    )
    high = models.DecimalField(
        _("high estimate"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        help_text=_("The highest figure the studies found, out of 100."),
    )
    time_frame = models.CharField(
        _("time frame"), max_length=200, help_text=_('When it was measured, for example "about 3 years after surgery".')
    )
    population = models.CharField(
        _("population"), max_length=300, help_text=_('Who was studied, for example "5,685 people in 22 studies".')
    )
    certainty = models.CharField(
        _("certainty of the evidence"),
        max_length=10,
        choices=Certainty.choices,
        help_text=_("How sure the research is about this figure."),
    )
    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        related_name="treatment_outcomes",
        verbose_name=_("reference"),
        help_text=_("The source of the figures."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Caveats, in plain words. ") + MARKDOWN_HELP)
    note_html = rendered_html_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Position on the page."))

    history = HistoricalRecords(excluded_fields=["note_html"])
    page_lookup = "treatment"  # the page it belongs to, for editorial.registry
    rendered_fields = ("note",)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["treatment", "measure"],
                name="outcome_measure_once_per_treatment",
                violation_error_message=_("This treatment already has an outcome for that measure."),
            ),
            models.CheckConstraint(
                condition=Q(low__gte=0) & Q(value__gte=F("low")) & Q(high__gte=F("value")) & Q(high__lte=100),
                name="outcome_estimates_in_order",
                violation_error_message=_(
                    "The figures must satisfy 0 ≤ low estimate ≤ people out of 100 ≤ high estimate ≤ 100."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.value} in 100)"

    def clean(self):
        super().clean()
        check_citations(self, ["note"])

    @property
    def is_uncertain(self):
        return self.low != self.high


class Measure(LoadedContent):
    """A name for what an outcome counts, shared across treatments: a row of the comparison."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("The measure used by outcomes."))
    label = models.CharField(
        _("label"), max_length=200, help_text=_('What is counted, in plain words, for example "Free of spasm".')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Row order; lower comes first."))

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.label


class Priority(LoadedContent):
    """Something that may matter to a patient when choosing, for example "avoiding surgery"."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("A short stable name."))
    label = models.CharField(
        _("label"),
        max_length=120,
        help_text=_('What matters, in the patient\'s words, for example "Avoiding surgery".'),
    )
    question = models.CharField(
        _("question for the doctor"),
        max_length=300,
        blank=True,
        help_text=_("A question a patient who cares about this could ask their doctor."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Position in the form."))

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.label


class PriorityFit(RendersCitedText, models.Model):
    """How well a treatment suits one priority, and why, in plain words."""

    class Fit(models.TextChoices):
        GOOD = "good", _("Fits well")
        PARTIAL = "partial", _("Fits partly")
        POOR = "poor", _("Fits poorly")

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="priority_fits")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="fits", verbose_name=_("priority"))
    fit = models.CharField(_("fit"), max_length=10, choices=Fit.choices, help_text=_("How well the option suits it."))
    reason = models.TextField(_("reason"), help_text=_("Why, in one or two plain sentences. ") + MARKDOWN_HELP)
    reason_html = rendered_html_field()

    history = HistoricalRecords(excluded_fields=["reason_html"])
    page_lookup = "treatment"  # the page it belongs to, for editorial.registry
    rendered_fields = ("reason",)

    class Meta:
        ordering = ["priority__order", "priority__slug"]
        verbose_name = _("fit with a priority")
        verbose_name_plural = _("fits with priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["treatment", "priority"],
                name="priority_fit_once_per_treatment",
                violation_error_message=_("This treatment already has a fit for that priority."),
            ),
        ]

    def __str__(self):
        if self.treatment_id and self.priority_id:
            return f"{self.treatment} · {self.priority}: {self.get_fit_display()}"
        return gettext("fit with a priority")

    def clean(self):
        super().clean()
        check_citations(self, ["reason"])


@receiver(m2m_changed, sender=Point.references.through)
def render_point_with_its_sources(sender, instance, action, reverse, pk_set=None, **kwargs):
    """A point cites its sources at the end of its text: store it again when they change."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    points = list(Point.objects.filter(pk__in=pk_set or ())) if reverse else [instance]
    for point in points:
        point.refresh_rendering()
