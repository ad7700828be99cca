import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from articles.models import Article, Category
from treatments.comparison import MAX_COMPARE, MIN_COMPARE
from treatments.models import Treatment

from .browse import FIND_MAX_LENGTH, article_choices, ids_in
from .models import MAX_ITEMS, NOTE_MAX_LENGTH, Handout

UNKNOWN_CHOICE = _("One of the pages you picked is not available. Reload this form and pick again from the list.")


class PageChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of pages. A crafted request with too many values is refused before any query."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": UNKNOWN_CHOICE,
        "invalid_pk_value": UNKNOWN_CHOICE,
        "invalid_list": UNKNOWN_CHOICE,
    }

    def __init__(self, queryset, *, label_field, **kwargs):
        self.label_field = label_field
        super().__init__(queryset, required=False, **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_field)

    def clean(self, value):
        if value and isinstance(value, list | tuple) and len(value) > MAX_ITEMS:
            raise ValidationError(self.too_many_message(), code="too_many")
        # Ids are positive 64-bit integers; anything else cannot be a page (and a huge number would
        # overflow the database driver), so it is refused before any query.
        for item in value or ():
            if not (isinstance(item, str) and item.isascii() and item.isdigit() and 0 < int(item) < 2**63):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)

    @staticmethod
    def too_many_message():
        return _("A handout can hold at most %(max)d items. Untick some pages.") % {"max": MAX_ITEMS}


class NoteField(forms.CharField):
    """A browser sends each line break as two characters; count them as the reader sees them."""

    def to_python(self, value):
        value = super().to_python(value)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        # Control and direction-override characters could make the note print differently from
        # how it reads on screen; keep line breaks and tabs, drop the rest.
        return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf"})


class HandoutForm(forms.Form):
    # Finding and paging are buttons of this form (handouts.browse): they post it, change only
    # which articles are listed, and land on that list (crispy's wrapper of the "articles" field).
    article_list = "#div_id_articles"
    find = forms.CharField(
        label=_("Find articles by words in the title"),
        required=False,
        max_length=FIND_MAX_LENGTH,
        help_text=_("For example: surgery, botox, eye."),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics")), *Category.choices])
    articles = PageChoiceField(
        Article.objects.none(),
        label_field="title",
        label=_("Articles"),
        help_text=_("Each article is printed in full, with its sources and review dates."),
    )
    treatments = PageChoiceField(
        Treatment.objects.none(),
        label_field="name",
        label=_("Treatment pages"),
        help_text=_("What to expect before, during and after each treatment."),
    )
    compared = PageChoiceField(
        Treatment.objects.none(),
        label_field="name",
        label=_("Compare treatments side by side"),
        help_text=format_lazy(
            _("Tick {min} to {max} treatments to add one comparison table. It counts as one item."),
            min=MIN_COMPARE,
            max=MAX_COMPARE,
        ),
    )
    kind = forms.ChoiceField(
        label=_("How much to print"),
        choices=Handout.Kind.choices,
        initial=Handout.Kind.SUMMARY,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("The summary fits on a few sheets. Both keep every source, and the link opens every page in full."),
    )
    note = NoteField(
        label=_("A short note for the patient (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown as plain text at the top of the handout, to anyone with its link. It is not stored "
            "with any patient data, so do not write the patient's name or anything else about them. "
            "At most 500 characters."
        ),
    )

    def __init__(self, *args, page=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].queryset = Article.objects.published().only("pk", "title").in_reading_order()
        state = self.data if self.is_bound else None
        self.article_choices = article_choices(
            picked_ids=ids_in(state.getlist("articles")) if state is not None else self.initial.get("articles", []),
            find=(state.get("find", "") if state is not None else self.initial.get("find", ""))[:FIND_MAX_LENGTH],
            topic=state.get("topic", "") if state is not None else self.initial.get("topic", ""),
            page=page,
        )
        # Only these are shown; any published article is still accepted when the form is sent.
        self.fields["articles"].choices = self.article_choices.choices
        treatments = Treatment.objects.in_order().only("pk", "name")
        self.fields["treatments"].queryset = treatments
        self.fields["compared"].queryset = treatments
        # Both lists show the same treatments: read them once.
        self.fields["treatments"].choices = self.fields["compared"].choices = [(t.pk, t.name) for t in treatments]
        self.helper = FormHelper()
        self.helper.form_method = "post"
        # No CSRF token and so no cookie: the view checks where the form was sent from instead.
        self.helper.disable_csrf = True
        self.helper.form_id = "handout-form"
        self.helper.layout = Layout(
            Fieldset(
                _("1. Pick the pages"),
                "find",
                "topic",
                # The answer opens at the list of articles found, not at the top of the page.
                Submit("browse", _("Find articles"), formnovalidate="formnovalidate", formaction=self.article_list),
                "articles",
                HTML('{% include "handouts/includes/article_pager.html" %}'),
                "treatments",
                "compared",
            ),
            Fieldset(_("2. Short or full"), "kind"),
            Fieldset(_("3. Add a note if you like"), "note"),
            Submit("create", _("Create the handout")),
        )

    def clean_kind(self):
        # A form sent without a choice (an old page, a script) gets the default: the summary.
        return self.cleaned_data.get("kind") or Handout.Kind.SUMMARY

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        articles = cleaned.get("articles") or []
        treatments = cleaned.get("treatments") or []
        compared = cleaned.get("compared") or []
        if compared and not MIN_COMPARE <= len(compared) <= MAX_COMPARE:
            self.add_error(
                "compared",
                _("Tick %(min)d to %(max)d treatments to compare, or none.") % {"min": MIN_COMPARE, "max": MAX_COMPARE},
            )
        count = len(articles) + len(treatments) + (1 if compared else 0)
        if count == 0:
            raise ValidationError(_("Pick at least one article, treatment page or comparison."), code="empty")
        if count > MAX_ITEMS:
            raise ValidationError(
                ngettext_lazy(
                    "A handout can hold at most %(max)d items; you picked %(count)d. Untick some pages.",
                    "A handout can hold at most %(max)d items; you picked %(count)d. Untick some pages.",
                    "count",
                )
                % {"max": MAX_ITEMS, "count": count},
                code="too_many",
            )
        return cleaned

    def save(self):
        data = self.cleaned_data
        return Handout.objects.create_pack(
            articles=data["articles"],
            treatments=data["treatments"],
            compared=data["compared"],
            note=data["note"],
            kind=data["kind"],
        )
