"""A server-rendered preview of a Markdown body in the change form, within the site's CSP.

The change form gets a "Preview" submit button under the body. Pressing it posts the form; the
form is then refused on purpose (so nothing is saved) and shown again with the body as readers
would see it, rendered and sanitized on the server, below the field. No JavaScript, no inline
script or style.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

PREVIEW_BUTTON = "_preview"


class BodyWithPreview(forms.Textarea):
    """A textarea followed by a Preview button and, after one is asked for, the rendered body."""

    preview_html = None  # set on the form's own copy of the widget, after a preview is asked for

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        tools = render_to_string(
            "admin/editorial/body_preview.html",
            {"button": PREVIEW_BUTTON, "field_id": (attrs or {}).get("id", ""), "preview": self.preview_html},
        )
        return mark_safe(textarea + tools)  # noqa: S308 - both parts are rendered by Django templates


def is_preview(request):
    return request.method == "POST" and PREVIEW_BUTTON in request.POST


def previewing_form(form_class, *, field_name, render):
    """`form_class` that, when a preview is asked for, renders `field_name` with `render(text)`
    (returns sanitized HTML) onto its widget and refuses to save."""

    class PreviewForm(form_class):
        def clean(self):
            text = self.cleaned_data.get(field_name)
            if text is not None:
                self.fields[field_name].widget.preview_html = mark_safe(render(text))  # noqa: S308 - sanitized by render
            super().clean()
            raise ValidationError(
                _("This is a preview: nothing is saved yet. Check it below the body, then press Save."),
                code="preview",
            )

    PreviewForm.__name__ = form_class.__name__
    return PreviewForm
