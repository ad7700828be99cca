from django.contrib import admin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["name", "terms"]
    search_fields = ["name", "terms"]
    ordering = ["name"]
