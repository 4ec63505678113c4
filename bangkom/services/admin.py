from django.contrib import admin

from .models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """The agency edits its service standards here (validated by Service.clean)."""

    list_display = ("name", "provider", "completion_amount", "completion_unit", "active")
    list_filter = ("active", "completion_unit")
    search_fields = ("name", "code", "legal_basis")
    readonly_fields = ("code",)
