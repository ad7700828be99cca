"""The queries behind the guide's pages, each with a fixed number of SQL queries."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch

from treatments.comparison import aspect_rows
from treatments.models import Answer, Aspect, Priority, PriorityFit, Treatment


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


# The end of a sentence: a full stop, question or exclamation mark before a space and a capital.
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")
CITATION = re.compile(r"\[@[^\]]*\]")
# A first sentence shorter than this ("No.", "Unknown.") says too little on its own.
MIN_SENTENCE = 40


def _cited_keys(text):
    return [key.strip().lstrip("@") for group in CITATION.findall(text) for key in group[2:-1].split(";")]


def one_sentence(text):
    """The opening of a Markdown answer, about one sentence long, still citing every source the
    whole answer cites, so no figure on the summary loses its reference."""
    text = " ".join((text or "").split())
    end = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if end >= MIN_SENTENCE:
            break
    else:
        return text
    short = text[:end]
    kept = set(_cited_keys(short))
    missing = [key for key in dict.fromkeys(_cited_keys(text)) if key not in kept]
    if missing:
        short = f"{short[:-1]} [@{'; @'.join(missing)}]{short[-1]}"
    return short


@dataclass
class SummaryRow:
    question: str
    cells: list  # (treatment, short Markdown answer or None), in column order


def summary_rows(*, treatments):
    """One row per question with each option's answer in about one sentence (1 query).

    The summary's only view of the comparison: swap this for the glance rows when they exist.
    """
    return [
        SummaryRow(
            row.aspect.question,
            [(treatment, one_sentence(answer.summary) if answer else None) for treatment, answer in row.cells],
        )
        for row in aspect_rows(treatments, list(Aspect.objects.all()))
    ]
