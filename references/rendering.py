"""The one way cited text becomes the HTML readers see, stored on save.

Every Reference has a site-wide number, given once when it is created and never reused, so a
study is [17] on every page, the comparison, the glance and every handout. A model whose text
cites lists its Markdown fields in `rendered_fields`; `save()` stores each one's HTML in
`<field>_html` through `render_cited`. Readers' pages only read the stored HTML.
"""

from django.db import models

from .keys import remembered
from .markdown import render_markdown
from .models import Reference


def reference_numbers(*, using=None):
    """{key: site-wide number} of every reference: the numbering every text is rendered with
    (read once per content load, like the keys)."""
    if using is not None:
        return dict(Reference.objects.using(using).values_list("key", "number"))
    return dict(remembered("numbers", lambda: dict(Reference.objects.values_list("key", "number"))))


def render_cited(text, *, numbers=None, cite=(), images=None):
    """Markdown `text` as sanitized HTML (a core.markdown.Rendered), citations numbered site-wide.

    numbers: reference_numbers(), passed in when several texts are rendered at once.
    cite: further Reference objects cited at the end of the text (a point's sources).
    images: a dict slug -> ImageSource for ![alt](image:slug).
    Keys that match no reference render as [?] and are listed in `unknown_keys`.
    """
    numbers = reference_numbers() if numbers is None else numbers
    source = (text or "").strip()
    keys = [reference.key for reference in cite]
    if keys:
        source = f"{source} [@{'; @'.join(keys)}]"
    return render_markdown(source, known_keys=set(numbers), numbers=dict(numbers), images=images)


class RendersCitedText:
    """Mixin for models whose Markdown fields are stored rendered: `rendered_fields` lists them,
    each `<name>_html` holds the HTML. `cited_sources(name)` adds references to a field's end."""

    rendered_fields = ()

    def save(self, *args, **kwargs):
        self.render_texts()
        super().save(*args, **kwargs)

    def cited_sources(self, name):
        return ()

    def rendered_texts(self, numbers=None):
        """{html field name: HTML} for every rendered field, from the current text."""
        numbers = reference_numbers() if numbers is None else numbers
        return {
            f"{name}_html": render_cited(getattr(self, name), numbers=numbers, cite=self.cited_sources(name)).html
            for name in self.rendered_fields
        }

    def render_texts(self, numbers=None):
        for name, html in self.rendered_texts(numbers).items():
            setattr(self, name, html)

    def refresh_rendering(self, numbers=None):
        """Re-render and store the HTML alone (after a source it cites changed), without an edit."""
        values = self.rendered_texts(numbers)
        for name, html in values.items():
            setattr(self, name, html)
        type(self)._default_manager.filter(pk=self.pk).update(**values)


def rendered_html_field():
    """A field holding one text's stored HTML: derived, hidden from editors."""
    return models.TextField(default="", editable=False)


def render_stale(*, using="default"):
    """Render the texts stored without their HTML (rows written by a migration), for every model
    that declares `rendered_fields` and `refresh_rendering(numbers)`. Run after `migrate`."""
    from django.apps import apps

    numbers = None
    for model in apps.get_models():
        fields = getattr(model, "rendered_fields", ())
        if not fields or not hasattr(model, "refresh_rendering"):
            continue
        stale = models.Q()
        for name in fields:
            stale |= models.Q(**{f"{name}_html": ""}) & ~models.Q(**{name: ""})
        for obj in model._default_manager.using(using).filter(stale):
            numbers = reference_numbers(using=using) if numbers is None else numbers
            obj.refresh_rendering(numbers)
