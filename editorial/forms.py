from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .workflow import DEFAULT_REVIEW_INTERVAL, REVIEW_INTERVALS


def _normalised(value):
    # Browsers send textarea lines ending in CRLF, and Django strips the ends: neither is an edit.
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def changed_fields(form):
    """The fields a bound, valid model form really changes (not just line endings or outer spaces)."""
    return [
        name
        for name in form.changed_data
        if _normalised(form[name].initial) != _normalised(form.cleaned_data.get(name))
    ]


def content_changed(form):
    if not form.has_changed():
        return False
    return form.instance.pk is None or bool(changed_fields(form))


def formset_changed(formset):
    return bool(formset.deleted_forms) or any(content_changed(form) for form in formset.forms if form.is_valid())


class EditorialModelForm(forms.ModelForm):
    """The admin form for content. Model.clean() may name a field that is read-only for this user
    (a reviewer-only field); such an error is shown at the top of the form instead of crashing."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            moved = {}
            for name, errors in error.error_dict.items():
                key = name if name == NON_FIELD_ERRORS or name in self.fields else NON_FIELD_ERRORS
                moved.setdefault(key, []).extend(errors)
            error = ValidationError(moved)
        super().add_error(field, error)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned


class MarkReviewedForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Next review due in"),
        choices=REVIEW_INTERVALS,
        coerce=int,
        initial=DEFAULT_REVIEW_INTERVAL,
        widget=forms.RadioSelect,
        help_text=_("Pages are reviewed at least every 12 months; choose less for a fast-moving topic."),
    )


class CompareVersionsForm(forms.Form):
    older = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    newer = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(record.history_id, version_label(record)) for record in versions]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("older") is not None and cleaned.get("older") == cleaned.get("newer"):
            raise ValidationError(_("Choose two different versions."))
        return cleaned


def version_label(record):
    who = record.history_user or _("content loader or script")
    when = formats.date_format(timezone.localtime(record.history_date), "j M Y, H:i:s")
    reason = f" · {record.history_change_reason}" if record.history_change_reason else ""
    return f"{when} · {who}{reason}"
