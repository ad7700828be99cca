"""The printable pack behind a short link, assembled with a fixed number of queries."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse

from articles.models import Article
from references.models import Citation
from references.pages import PageReferences
from treatments import selectors as treatment_selectors
from treatments.comparison import aspect_rows
from treatments.glance import glance_rows
from treatments.models import Treatment

from .models import Handout


@dataclass
class TreatmentItem:
    treatment: Treatment
    rows: list
    benefits: list
    harms: list


@dataclass
class ComparisonItem:
    treatments: list
    aspect_rows: list
    glance_rows: list  # treatments.glance.GlanceRow: the comparison as the site shows it first

    def get_absolute_url(self):
        query = urlencode([("t", treatment.slug) for treatment in self.treatments])
        return f"{reverse('treatments:compare')}?{query}"


@dataclass
class Pack:
    handout: Handout
    articles: list
    treatments: list
    comparison: ComparisonItem | None
    withdrawn: int = 0  # articles in the handout that are no longer published
    # One reference list for the whole pack, numbered as on the site (references.rendering).
    cites: PageReferences = field(default_factory=PageReferences)

    @property
    def item_count(self):
        return len(self.articles) + len(self.treatments) + (1 if self.comparison else 0)


def find_handout(code):
    """The handout with `code`, or None: one query, nothing of its pages yet (see pack_of)."""
    return Handout.objects.with_code(code).first()


def handout_pack(*, code):
    """The pack for `code`, or None. About 15 queries, however many pages it holds."""
    handout = find_handout(code)
    return None if handout is None else pack_of(handout)


def pack_of(handout):
    """The pack of a handout found by find_handout: 14 more queries, however many pages it holds.

    Articles unpublished since the handout was made drop out of it rather than leak; the pack
    counts them so the reader is told something is missing.
    """
    published = Article.objects.published().prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("reference"))
    )
    slugs_only = Treatment.objects.in_order().only("pk", "slug")
    prefetch_related_objects(
        [handout],
        Prefetch("articles", queryset=published),
        Prefetch("treatments", queryset=slugs_only),
        Prefetch("compared_treatments", queryset=slugs_only),
    )
    page_slugs = [treatment.slug for treatment in handout.treatments.all()]
    compared_slugs = [treatment.slug for treatment in handout.compared_treatments.all()]
    details = {}
    aspects = []
    if page_slugs or compared_slugs:
        found = treatment_selectors.treatments_with_details(slugs=page_slugs + compared_slugs)
        details = {treatment.slug: treatment for treatment in found}
        aspects = treatment_selectors.aspects()
    articles = list(handout.articles.all())
    linked = Handout.articles.through.objects.filter(handout=handout).count()
    return Pack(
        handout=handout,
        articles=articles,
        withdrawn=linked - len(articles),
        treatments=[_treatment_item(details[slug], aspects) for slug in page_slugs if slug in details],
        comparison=_comparison([details[slug] for slug in compared_slugs if slug in details], aspects),
    )


def _treatment_item(treatment, aspects):
    outcomes = list(treatment.outcomes.all())
    return TreatmentItem(
        treatment=treatment,
        rows=aspect_rows([treatment], aspects),
        benefits=[outcome for outcome in outcomes if outcome.direction == outcome.Direction.BENEFIT],
        harms=[outcome for outcome in outcomes if outcome.direction == outcome.Direction.HARM],
    )


def _comparison(treatments, aspects):
    if len(treatments) < 2:
        return None
    return ComparisonItem(
        treatments=treatments,
        aspect_rows=aspect_rows(treatments, aspects),
        glance_rows=glance_rows(treatments, aspects),
    )
