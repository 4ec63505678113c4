"""The agency sets which kinds of learning a civil servant may report and the yearly caps."""

from __future__ import annotations

from django.contrib import admin

from bangkom.people.admin import ReferenceAdmin

from .models import RecognitionRule


@admin.register(RecognitionRule)
class RecognitionRuleAdmin(ReferenceAdmin):
    list_display = ("kind", "counts", "max_jp_per_year", "legal_source", "is_active")
    list_filter = ("counts", "is_active")
    list_editable = ("counts", "max_jp_per_year")
