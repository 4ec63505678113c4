from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from .models import CalendarDay, DataAccess, Job, RecordProblem

SECRET_FIELDS = frozenset({"password"})


def _shown(value: Any, field: forms.Field) -> str:
    """A value as the admin's log shows it: a related object by its name, empty as "-"."""
    if isinstance(field, forms.ModelChoiceField) and field.queryset is None:
        return "-" if value in (None, "") else str(value)
    if isinstance(field, forms.ModelMultipleChoiceField) and field.queryset is not None:
        items = value if value is not None else []
        objects = [
            item if not isinstance(item, int | str) else field.queryset.filter(pk=item).first() for item in items
        ]
        return ", ".join(str(o) for o in objects if o is not None) or "-"
    if (
        isinstance(field, forms.ModelChoiceField)
        and field.queryset is not None
        and isinstance(value, int | str)
        and value != ""
    ):
        value = field.queryset.filter(pk=value).first()
    return "-" if value in (None, "") else str(value)


class ChangeValuesMixin:
    """Admin edits are logged with each field's old and new value, not only "… berubah"."""

    def construct_change_message(self, request: Any, form: Any, formsets: Any, add: bool = False) -> Any:
        if add or not form.changed_data:
            return super().construct_change_message(request, form, formsets, add)  # type: ignore[misc]
        changes = []
        for name in form.changed_data:
            field = form.fields[name]
            if name in SECRET_FIELDS:
                changes.append(_("%(field)s diubah") % {"field": field.label})
                continue
            old, new = _shown(form.initial.get(name), field), _shown(form.cleaned_data.get(name), field)
            changes.append(f"{field.label}: {old} → {new}")
        return "; ".join(str(c) for c in changes)


class AuditedAdmin(ChangeValuesMixin, admin.ModelAdmin):
    pass


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log the administrator reads and never edits."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DataAccess)
class DataAccessAdmin(ReadOnlyAdmin):
    """The log of exports and downloads of personal data: read only, for the administrator."""

    list_display = ("at", "user", "action", "what", "rows", "address")
    list_filter = ("action",)
    search_fields = ("user__username", "what", "path")
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "action", "what", "path", "rows", "address")


@admin.register(RecordProblem)
class RecordProblemAdmin(ReadOnlyAdmin):
    """Stored rows found breaking a date rule: repaired by a migration (the original value kept here)
    or only listed by `records_check`, for a person to correct through the record's own page."""

    list_display = ("found_at", "label", "object_id", "field", "original_value", "repaired_value", "problem")
    list_filter = ("label", "found_by")
    search_fields = ("object_id", "problem")
    readonly_fields = ("label", "object_id", "field", "original_value", "repaired_value", "problem", "found_by",
                       "found_at")  # fmt: skip


@admin.register(Job)
class JobAdmin(AuditedAdmin):
    list_display = ("id", "kind", "status", "input_name", "created_by", "created_at", "done", "total")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ("date", "kind", "name", "legal_source")
    list_filter = ("kind",)
    date_hierarchy = "date"
