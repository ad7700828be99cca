"""Admin inlines whose query count stays fixed however many rows a page has.

Django builds each inline form's fields afresh, so every select box runs its own query for its
options, and every autocomplete box its own query for the label of what it holds: a treatment
with 15 answers and 7 outcomes cost 70 queries. `FixedQueriesInlineMixin` makes the forms of one
formset share one list of options per field, and gives autocomplete boxes the related rows the
inline's queryset already fetched (`list_select_related`-style `select_related` /
`prefetch_related` on `get_queryset`), so the page costs the same at 1 row or 100.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms.models import BaseInlineFormSet


class KnownRowsMixin:
    """An autocomplete box that takes the labels of what it holds from rows already fetched
    (`known`: {str(pk): row}), falling back to Django's query for anything else (a value typed
    into a form that was sent back with errors)."""

    known = None

    def optgroups(self, name, value, attr=None):
        empty = self.choices.field.empty_values
        selected = {str(v) for v in value if str(v) not in empty}
        if self.known is None or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance
        for pk in sorted(selected, key=lambda pk: str(self.known[pk])):
            default[1].append(
                self.create_option(name, self.known[pk].pk, label(self.known[pk]), selected, len(default[1]))
            )
        return [default]


class KnownRowsAutocompleteSelect(KnownRowsMixin, AutocompleteSelect):
    pass


class KnownRowsAutocompleteSelectMultiple(KnownRowsMixin, AutocompleteSelectMultiple):
    pass


def _inner(widget):
    return getattr(widget, "widget", widget)  # through the admin's RelatedFieldWidgetWrapper


class SharedChoicesFormSet(BaseInlineFormSet):
    """Every form of the formset reads a select box's options from one list, built once."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name, field in form.fields.items():
            widget = _inner(field.widget)
            if isinstance(widget, KnownRowsMixin):
                widget.known = self._known_rows(form.instance, name)
            elif isinstance(field, forms.ModelChoiceField) and isinstance(widget, forms.Select):
                if name not in shared:
                    shared[name] = list(field.choices)
                field.choices = shared[name]
                widget.choices = shared[name]

    @staticmethod
    def _known_rows(instance, name):
        """The related rows the instance already holds (from select_related or prefetch_related)."""
        if instance.pk is None:
            return {}
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related = getattr(instance, "_prefetched_objects_cache", {}).get(name)
            if related is None:
                return None  # not prefetched: let Django query
            return {str(row.pk): row for row in related}
        if not field.is_cached(instance):
            return None
        row = getattr(instance, name)
        return {str(row.pk): row} if row is not None else {}


class FixedQueriesInlineMixin:
    """For an InlineModelAdmin: shared option lists, and autocomplete boxes fed from the rows the
    inline's get_queryset fetched (set `select_related` and `prefetch_related` on the inline)."""

    formset = SharedChoicesFormSet
    select_related = ()
    prefetch_related = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownRowsAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownRowsAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
