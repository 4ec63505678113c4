"""The planning reference data (competency dictionary and standards, cost standards) is
edited in the Django admin by the BKPSDM administrator."""

from __future__ import annotations

from django.contrib import admin

from bangkom.people.admin import ReferenceAdmin

from . import models


class RequiredCompetencyInline(admin.TabularInline):
    model = models.RequiredCompetency
    extra = 1
    autocomplete_fields = ("competency",)


@admin.register(models.Competency)
class CompetencyAdmin(ReferenceAdmin):
    search_fields = ("code", "name")
    list_filter = ("group", "is_active")


@admin.register(models.CompetencyStandard)
class CompetencyStandardAdmin(ReferenceAdmin):
    inlines = (RequiredCompetencyInline,)
    list_filter = ("position_kind", "is_active")


@admin.register(models.CostStandard)
class CostStandardAdmin(ReferenceAdmin):
    list_filter = ("year", "path", "is_active")
