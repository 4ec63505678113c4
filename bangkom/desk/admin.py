from django.contrib import admin

from bangkom.core.admin import AuditedAdmin

from .models import Service


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    """The agency edits its service standards here (validated by Service.clean)."""

    list_display = ("name", "provider", "completion_amount", "completion_unit", "active")
    list_filter = ("active", "completion_unit")
    search_fields = ("name", "code", "legal_basis")
    readonly_fields = ("code",)
