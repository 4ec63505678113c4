from django.contrib import admin

from .models import CalendarDay, Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "input_name", "created_by", "created_at", "done", "total")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "legal_source")
    list_filter = ("kind",)
    date_hierarchy = "date"
