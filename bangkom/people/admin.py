"""Reference data and units are edited in the Django admin by the BKPSDM administrator."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from bangkom.accounts.models import User
from bangkom.core.admin import AuditedAdmin, ChangeValuesMixin

from . import models, services

REFERENCE_FIELDS = ("legal_source", "valid_from", "valid_until", "is_active")


class ReferenceAdmin(ChangeValuesMixin, SimpleHistoryAdmin):
    list_filter: tuple[str, ...] = ("is_active",)

    def get_list_display(self, request: HttpRequest) -> Any:
        own = [f.name for f in self.model._meta.fields if f.name not in REFERENCE_FIELDS][:5]
        return [*own, "legal_source", "is_active"]


for reference_model in (
    models.Golongan,
    models.Eselon,
    models.PositionKind,
    models.EducationLevel,
    models.SkpRating,
    models.TrainingKind,
    models.StructuralTrainingLevel,
    models.EnglishTestKind,
    models.LegalStatus,
    models.BupRule,
    models.JpNorm,
):
    admin.site.register(reference_model, ReferenceAdmin)


@admin.register(models.FunctionalPosition)
class FunctionalPositionAdmin(ReferenceAdmin):
    search_fields = ("name",)
    list_filter = ("level", "bup_age", "is_active")


@admin.register(models.Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent")
    search_fields = ("name", "code", "short_name")
    list_filter = ("kind", "depth")
    autocomplete_fields = ("parent",)

    def save_model(self, request: HttpRequest, obj: models.Unit, form: Any, change: bool) -> None:
        # Paths of the unit tree are kept by the services, never by a save() override.
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.unit_update(unit=obj, **fields)
        else:
            created = services.unit_create(
                code=obj.code,
                name=obj.name,
                kind=obj.kind,
                parent=obj.parent,
                short_name=obj.short_name,
                siasn_unor_id=obj.siasn_unor_id,
            )
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(models.Post)
class PostAdmin(AuditedAdmin):
    """The job map (peta jabatan): posts by eselon and unit, and who holds each; saved through the service."""

    list_display = ("name", "eselon", "unit", "holder")
    search_fields = ("name", "unit__name", "holder__name", "holder__nip")
    list_filter = ("eselon",)
    autocomplete_fields = ("unit",)
    raw_id_fields = ("holder",)
    list_select_related = ("eselon", "unit", "holder")

    def save_model(self, request: HttpRequest, obj: models.Post, form: Any, change: bool) -> None:
        services.post_save(actor=cast(User, request.user), post=obj)  # the admin is for signed-in staff
