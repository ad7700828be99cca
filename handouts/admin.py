from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Handout


@admin.register(Handout)
class HandoutAdmin(admin.ModelAdmin):
    """Handouts are made by clinicians on the site; staff only look at them or delete abuse."""

    list_display = ("code", "kind", "created_at", "article_count", "treatment_count", "has_note")
    search_fields = ("code", "note")
    date_hierarchy = "created_at"
    readonly_fields = ("code", "kind", "created_at", "note", "articles", "treatments", "compared_treatments")
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("articles", "treatments")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("articles"))
    def article_count(self, obj):
        return len(obj.articles.all())

    @admin.display(description=_("treatments"))
    def treatment_count(self, obj):
        return len(obj.treatments.all())

    @admin.display(boolean=True, description=_("note"))
    def has_note(self, obj):
        return bool(obj.note)
