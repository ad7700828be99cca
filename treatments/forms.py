"""The comparison's two GET forms and the reading of its ?t= choices (nothing is stored)."""

import re
from dataclasses import dataclass, field

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Hidden, Layout
from django import forms
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .comparison import MAX_COMPARE, MIN_COMPARE, Importance

# Only this many ?t= values are read; a longer list is junk or an attack, not a choice.
MAX_VALUES_READ = 20
SLUG_SHAPE = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def submit_button(label, css_id):
    return Div(StrictButton(label, type="submit", css_class="btn-primary", css_id=css_id), css_class="mb-3")


@dataclass
class Selection:
    """The treatments to compare, in the order given, and what was wrong with the request."""

    slugs: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def is_comparison(self):
        return MIN_COMPARE <= len(self.slugs) <= MAX_COMPARE


def _names(slugs, names):
    return ", ".join(names[slug] for slug in slugs)


def _sort_values(values, names, chosen):
    """Append known slugs to `chosen` in order; return (unknown, repeated, whether any was junk)."""
    unknown, repeated, junk = [], [], False
    for raw in values:
        value = raw.strip().lower()
        if not SLUG_SHAPE.fullmatch(value):
            junk = True
        elif value not in names:
            unknown.append(value)
        elif value in chosen:
            repeated.append(value)
        else:
            chosen.append(value)
    return list(dict.fromkeys(unknown)), list(dict.fromkeys(repeated)), junk


def read_selection(values, choices):
    """Turn raw ?t= values into known treatment slugs, explaining anything left out.

    choices: (slug, name) of every treatment. Values that cannot be a slug (control characters,
    markup, very long text) are dropped with one general note; a slug-shaped value that matches
    no treatment is named, with the options that exist.
    """
    names = dict(choices)
    selection = Selection()
    unknown, repeated, junk = _sort_values(values[:MAX_VALUES_READ], names, selection.slugs)
    notices = selection.notices
    for value in unknown:
        notices.append(
            _("We have no treatment called “%(value)s”. The options are: %(options)s.")
            % {"value": value, "options": _names(names, names)}
        )
    if junk or len(values) > MAX_VALUES_READ:
        notices.append(_("Part of the web address was not a treatment name, so we left it out."))
    if repeated:
        notices.append(
            _("You chose %(names)s more than once. Each option is shown once.") % {"names": _names(repeated, names)}
        )
    if len(selection.slugs) > MAX_COMPARE:
        left_out = selection.slugs[MAX_COMPARE:]
        selection.slugs = selection.slugs[:MAX_COMPARE]
        notices.append(
            _("You can compare up to %(max)s options at a time. We left out: %(names)s.")
            % {"max": MAX_COMPARE, "names": _names(left_out, names)}
        )
    # One option alone is not a mistake (a treatment page's "Compare with other options" sends
    # it): the page asks for the second one instead of warning.
    return selection


class CompareForm(forms.Form):
    """Checkboxes for the treatments, chosen ones first in the order given, submitted by GET."""

    t = forms.MultipleChoiceField(
        label=gettext_lazy("Options to compare"),
        help_text=format_lazy(gettext_lazy("Choose {min} to {max} options."), min=MIN_COMPARE, max=MAX_COMPARE),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, choices, selected=(), action="treatments:compare", **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(choices)
        ordered = [slug for slug in selected if slug in names]
        ordered += [slug for slug, _name in choices if slug not in ordered]
        self.fields["t"].choices = [(slug, names[slug]) for slug in ordered]
        self.initial["t"] = list(selected)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse(action)
        self.helper.form_id = "compare-form"
        self.helper.attrs = {"aria-label": _("Choose options to compare")}
        # With a layout, crispy-bootstrap5 keeps the form's attributes off the checkbox group.
        # A <button> without a name keeps it out of the address (an <input name=""> is invalid HTML).
        self.helper.layout = Layout("t", submit_button(_("Compare these options"), "compare-submit"))


class PrioritiesForm(forms.Form):
    """'What matters to you': one importance rating per priority, submitted by GET."""

    NOT = Importance.NOT
    SOMEWHAT = Importance.SOMEWHAT
    VERY = Importance.VERY
    IMPORTANCE = Importance.choices
    PREFIX = "p-"

    def __init__(self, data=None, *, priorities, selected, **kwargs):
        # Bound only when the reader has sent ratings; other parameters in the address are ignored.
        self.priorities = list(priorities)
        if data is not None:
            if any(key.startswith(self.PREFIX) for key in data):
                # A priority left out of the address counts as "not important", and shows so.
                data = {
                    self.field_name(priority): data.get(self.field_name(priority)) or self.NOT
                    for priority in self.priorities
                }
            else:
                data = None
        super().__init__(data, auto_id="matters-%s", **kwargs)
        for priority in self.priorities:
            self.fields[self.field_name(priority)] = forms.ChoiceField(
                label=priority.label,
                choices=self.IMPORTANCE,
                widget=forms.RadioSelect,
                required=False,
                initial=self.NOT,
            )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = f"{reverse('treatments:compare-full')}#what-matters"
        self.helper.form_id = "matters-form"
        self.helper.attrs = {"aria-label": _("What matters to you")}
        self.helper.layout = Layout(
            *(Hidden("t", slug) for slug in selected),
            Fieldset(
                _("How much does each of these matter to you?"),
                *(self.field_name(priority) for priority in self.priorities),
                css_class="matters-fieldset",
            ),
            submit_button(_("Show how the options fit"), "matters-submit"),
        )

    def field_name(self, priority):
        return f"{self.PREFIX}{priority.slug}"

    def ratings(self):
        """{priority: 'somewhat' | 'very'} for the priorities the reader marked; invalid ones are left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            priority: cleaned[self.field_name(priority)]
            for priority in self.priorities
            if cleaned.get(self.field_name(priority)) in (self.SOMEWHAT, self.VERY)
        }
