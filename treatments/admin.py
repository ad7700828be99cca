"""A working admin for the treatment data; any change here is kept by the next load_content.

Points belong to an answer, so they are edited on the answer's own page (open it from the
treatment with the "change" link): the admin does not nest inlines.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_queries import FixedQueriesInlineMixin
from editorial.admin import EditorialAdmin, FlagsReviewedPages, ReviewDueFilter

from .models import Answer, Aspect, Measure, Outcome, Point, Priority, PriorityFit, Treatment


class AnswerInline(FixedQueriesInlineMixin, admin.StackedInline):
    model = Answer
    select_related = ("treatment", "aspect")  # each form's heading names both
    extra = 0
    fields = ("aspect", "summary")
    show_change_link = True


class OutcomeInline(FixedQueriesInlineMixin, admin.StackedInline):
    model = Outcome
    select_related = ("reference",)
    extra = 0
    autocomplete_fields = ("reference",)
    fields = (
        ("measure", "direction", "order"),
        "label",
        ("unit", "value", "low", "high"),
        "time_frame",
        "population",
        ("certainty", "reference"),
        "note",
    )


class PriorityFitInline(FixedQueriesInlineMixin, admin.TabularInline):
    model = PriorityFit
    select_related = ("treatment", "priority")
    extra = 0
    fields = ("priority", "fit", "reason")


class PointInline(FixedQueriesInlineMixin, admin.StackedInline):
    model = Point
    prefetch_related = ("references",)
    extra = 0
    fields = (("kind", "order"), "text", "references")
    autocomplete_fields = ("references",)


@admin.register(Treatment)
class TreatmentAdmin(EditorialAdmin):
    list_display = ("name", "kind", "order", "last_reviewed", "next_review_due")
    list_filter = (ReviewDueFilter, "kind")
    search_fields = ("name", "summary", "how_it_works")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("references",)
    inlines = [AnswerInline, OutcomeInline, PriorityFitInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "order", "summary", "how_it_works")}),
        (_("What to expect"), {"fields": ("before", "during", "after", "onset", "duration", "recovery")}),
        (_("Evidence"), {"fields": ("evidence_level", "references")}),
        (_("Review"), {"fields": ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_credentials")}),
    )


@admin.register(Answer)
class AnswerAdmin(EditorialAdmin):
    list_display = ("treatment", "aspect")
    list_filter = ("treatment", "aspect")
    search_fields = ("summary", "points__text")
    list_select_related = ("treatment", "aspect")
    fields = ("treatment", "aspect", "summary")
    inlines = [PointInline]


class SharedByAllTreatmentsAdmin(FlagsReviewedPages):
    """Questions, priorities and outcome rows appear on every treatment page and comparison, so
    editorial.services treats a change to them as a change to every treatment."""


@admin.register(Aspect)
class AspectAdmin(SharedByAllTreatmentsAdmin):
    list_display = ("question", "slug", "order")
    ordering = ("order",)


@admin.register(Priority)
class PriorityAdmin(SharedByAllTreatmentsAdmin):
    list_display = ("label", "slug", "order")
    ordering = ("order",)


@admin.register(Measure)
class MeasureAdmin(SharedByAllTreatmentsAdmin):
    list_display = ("label", "slug", "order")
    ordering = ("order",)
