"""The queries behind the guide's pages, each with a fixed number of SQL queries."""

from django.db.models import Prefetch

from treatments.glance import glance_rows
from treatments.models import Answer, Aspect, Outcome, Priority, PriorityFit, Treatment


def guide_choices():
    """(slug, name) of every treatment in display order, and every priority (2 queries)."""
    return list(Treatment.objects.in_order().values_list("slug", "name")), list(Priority.objects.all())


def considered_treatments(*, slugs):
    """The treatments named by `slugs`, in that order, with their answers, priority fits and
    outcomes (each with its measure and source) (4 queries however many there are)."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return []
    queryset = Treatment.objects.filter(slug__in=slugs).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("aspect")),
        Prefetch("priority_fits", queryset=PriorityFit.objects.select_related("priority")),
        Prefetch("outcomes", queryset=Outcome.objects.select_related("measure", "reference")),
    )
    by_slug = {treatment.slug: treatment for treatment in queryset}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def summary_rows(*, treatments):
    """The glance's rows for these treatments (treatments.glance.glance_rows): each option's answer
    and, for the outcome rows, its headline figure out of 100 (1 query, the aspects)."""
    return glance_rows(treatments, list(Aspect.objects.all()))
