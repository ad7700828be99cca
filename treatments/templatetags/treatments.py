"""Rendering helpers for the treatment pages: stored cited text and outcome icon arrays.

Texts are stored rendered, with the site-wide reference numbers (references.rendering). The
page's `cites` (a references.pages.PageReferences, put in the context by the view) collects the
sources of every text shown through {% cited %}, and `{% page_references %}` at the end lists them
once, in number order.
"""

from django import template
from django.utils.translation import gettext as _

from treatments.icon_arrays import (
    filled_count,
    frequency_sentence,
    icon_array_svg,
    is_upper_limit,
    picture_note,
    range_sentence,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def cited(context, html):
    """A text's stored HTML (a `*_html` field), its sources added to the page's list."""
    return context["cites"].show(html)


@register.simple_tag(takes_context=True)
def cite(context, *references):
    return context["cites"].cite(references)


@register.inclusion_tag("includes/reference_list.html", takes_context=True)
def page_references(context, further=None):
    """The page's numbered reference list; `further` sources no text cites come last."""
    cites = context["cites"]
    if further is not None:
        cites.add(further)
    return {"citations": cites.citations()}


def short_source(reference):
    """'Miller (2012)': the first author's surname and the year, for a compact source line."""
    name = reference.authors.split(",")[0].split(" ")[0] if reference.authors else reference.journal or reference.title
    if reference.authors and "," in reference.authors:
        name = _("%(name)s and others") % {"name": name}
    return f"{name} ({reference.year})" if reference.year else name


@register.inclusion_tag("treatments/includes/outcome.html", takes_context=True)
def outcome_figure(context, outcome, row_label=None):
    """An outcome as words, a 10 x 10 icon array and its source. In a comparison row named
    `row_label`, the outcome's own label is shown only where it differs from the row's."""
    unit = outcome.get_unit_display()
    sentence = frequency_sentence(
        outcome.value, unit, upper_limit=is_upper_limit(outcome.value, outcome.low, outcome.high)
    )
    picture = picture_note(outcome.value, unit)
    label = _("%(label)s: %(frequency)s. %(picture)s") % {
        "label": outcome.label,
        "frequency": sentence,
        "picture": picture,
    }
    return {
        "outcome": outcome,
        "row_label": row_label,
        "sentence": sentence,
        "range": range_sentence(outcome.low, outcome.high, outcome.value),
        "picture": picture,
        "too_few_to_draw": filled_count(outcome.value) == 0 and outcome.value > 0,
        "source": short_source(outcome.reference),
        "svg": icon_array_svg(outcome.value, label, f"ia-{outcome.pk}"),
        "citation": context["cites"].cite([outcome.reference]),
        "note": context["cites"].show(outcome.note_html) if outcome.note else "",
        "cites": context["cites"],
    }
