"""Queries that join several tables, each with a fixed number of SQL queries."""

from django.db.models import Prefetch, prefetch_related_objects

from .models import Answer, Aspect, Measure, Outcome, Point, Priority, PriorityFit, Treatment


def _everything():
    return (
        Prefetch(
            "answers",
            # A point's sources are cited in its stored text_html: they need no query of their own.
            queryset=Answer.objects.select_related("aspect").prefetch_related(
                Prefetch("points", queryset=Point.objects.order_by("kind", "order", "pk"))
            ),
        ),
        Prefetch("outcomes", queryset=Outcome.objects.select_related("reference").order_by("order", "pk")),
        Prefetch("priority_fits", queryset=PriorityFit.objects.select_related("priority")),
        "references",
    )


def _with_everything(queryset):
    return queryset.prefetch_related(*_everything())


def treatments_with_details(*, slugs):
    """The treatments named by `slugs`, in that order, with answers, points, outcomes, fits and
    references prefetched (6 queries however many there are). Unknown slugs are left out."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return []
    by_slug = {treatment.slug: treatment for treatment in _with_everything(Treatment.objects.filter(slug__in=slugs))}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def treatment_by_slug(*, slug):
    """One treatment's own row, or None (1 query); `with_details()` adds the rest when needed."""
    return Treatment.objects.filter(slug=slug).first()


def with_details(treatment):
    """`treatment` with what treatments_with_details() prefetches (5 queries), returned."""
    prefetch_related_objects([treatment], *_everything())
    return treatment


def treatment_detail(*, slug):
    """One treatment with everything its page shows, or None."""
    found = treatments_with_details(slugs=[slug])
    return found[0] if found else None


def aspects():
    """Every aspect, in row order (1 query)."""
    return list(Aspect.objects.all())


def comparison_rows():
    """The aspects, priorities and measure names every comparison uses (3 queries)."""
    return {
        "aspects": list(Aspect.objects.all()),
        "priorities": list(Priority.objects.all()),
        "measures": Measure.objects.in_bulk(),
    }


def treatment_choices():
    """(slug, name) of every treatment in display order (1 query)."""
    return list(Treatment.objects.in_order().values_list("slug", "name"))
