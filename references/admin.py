"""The editorial admin for references."""

from django.contrib import admin
from django.db import models

from editorial.admin import EditorialAdmin

from .models import Reference


@admin.register(Reference)
class ReferenceAdmin(EditorialAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("key", "number", "authors", "year", "journal", "pmid", "doi", "quality")
    list_filter = ("quality",)
    search_fields = ("key", "authors", "title", "journal", "pmid", "doi")
