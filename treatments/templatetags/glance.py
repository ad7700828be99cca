"""The glance's headline figure: both frames in words, a small icon array, its time and source."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from references.pages import cited_keys
from treatments.glance import complement
from treatments.icon_arrays import (
    frequency,
    frequency_sentence,
    icon_array_svg,
    in_hundreds,
    is_upper_limit,
    round_half_up,
)

register = template.Library()


def other_frame(value):
    """'About 10 in 100 did not.' (or 'Almost all did not.' below 1 in 100)."""
    value = Decimal(value)
    if value <= 0:
        return _("None had it.")
    if not in_hundreds(value):
        return _("Almost all did not.")
    # The two frames add up to 100 as printed: 88.5 reads "about 89 in 100" and "about 11 did not".
    rest = complement(round_half_up(value)) if value >= 1 else complement(value)
    if rest < Decimal("0.5"):
        return ""
    sentence = _("%(frequency)s did not.") % {"frequency": frequency(rest)}
    return sentence[:1].upper() + sentence[1:]


def _cite_shown(context, reference):
    _seen(context).add(reference.key)
    return context["cites"].cite([reference])


@register.inclusion_tag("treatments/includes/glance_figure.html", takes_context=True)
def glance_figure(context, outcome):
    unit = outcome.get_unit_display()
    had = frequency_sentence(outcome.value, unit, upper_limit=is_upper_limit(outcome.value, outcome.low, outcome.high))
    label = outcome.label[:1].lower() + outcome.label[1:]
    sentence = _("%(had)s: %(label)s.") % {"had": had, "label": label}
    not_had = other_frame(outcome.value)
    return {
        "outcome": outcome,
        "had": had,
        "label": label,
        "other_frame": not_had,
        "svg": icon_array_svg(outcome.value, f"{sentence} {not_had}", f"ga-{outcome.pk}"),
        "citation": _cite_shown(context, outcome.reference),
    }


def _seen(context):
    """Keys cited by what the glance shows unopened (the rest is cited only in the row details)."""
    cites = context["cites"]
    if not hasattr(cites, "glance_keys"):
        cites.glance_keys = set()
    return cites.glance_keys


@register.simple_tag(takes_context=True)
def glance_cited(context, html):
    """Like {% cited %}, for text shown unopened: its sources print even where the details do not."""
    _seen(context).update(cited_keys(html))
    return context["cites"].show(html)


@register.inclusion_tag("treatments/includes/glance_references.html", takes_context=True)
def glance_references(context):
    """The page's numbered list; sources cited only inside closed row details are marked, so paper
    (like the PDF) lists just the sources of what it shows."""
    seen = _seen(context)
    return {"items": [(citation, citation.reference.key in seen) for citation in context["cites"].citations()]}


@register.filter
def few_authors(authors, keep=3):
    """'Miller LE, Miller VM, Smith A, Jones B' -> 'Miller LE, Miller VM, Smith A, et al.' (the
    glance's sources stay short enough for its sheet; the full list is on each treatment page)."""
    names = [name.strip() for name in authors.split(",") if name.strip()]
    if len(names) <= keep + 1:
        return authors
    return _("%(names)s, et al.") % {"names": ", ".join(names[:keep])}
