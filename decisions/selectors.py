"""The queries behind the guide's pages, each with a fixed number of SQL queries."""

from django.db.models import Prefetch

from treatments.models import Answer, Aspect, Priority, PriorityFit, Treatment
from treatments.short_answers import short_rows


def guide_choices():
    """(slug, name) of every treatment in display order, and every priority (2 queries)."""
    return list(Treatment.objects.in_order().values_list("slug", "name")), list(Priority.objects.all())


def considered_treatments(*, slugs):
    """The treatments named by `slugs`, in that order, with their answers and priority fits
    (3 queries however many there are)."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return []
    queryset = Treatment.objects.filter(slug__in=slugs).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("aspect")),
        Prefetch("priority_fits", queryset=PriorityFit.objects.select_related("priority")),
    )
    by_slug = {treatment.slug: treatment for treatment in queryset}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def summary_rows(*, treatments):
    """One row per question with each option's answer in about one sentence (1 query).

    The summary's only view of the comparison: swap this for the glance rows when they exist.
    """
    return short_rows(treatments, list(Aspect.objects.all()))
