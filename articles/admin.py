from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, Citation, Reference


class CitationInline(admin.TabularInline):
    """Citations are derived from the body's [@key] markers on save, so they are read-only here."""

    model = Citation
    extra = 0
    can_delete = False
    fields = ("number", "reference")
    readonly_fields = ("number", "reference")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "status", "published_at", "last_reviewed", "next_review_due")
    list_filter = ("status", "category")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [CitationInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "category", "order", "summary", "body")}),
        (_("Publishing"), {"fields": ("status", "published_at")}),
        (_("Review"), {"fields": ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_credentials")}),
    )


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("key", "authors", "year", "journal", "pmid", "doi", "quality")
    list_filter = ("quality",)
    search_fields = ("key", "authors", "title", "journal", "pmid", "doi")
