from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from bangkom.core.admin import ChangeValuesMixin

from .forms import GuardedAdminAuthenticationForm
from .models import User


@admin.register(User)
class UserAdmin(ChangeValuesMixin, BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Cakupan"), {"fields": ("unit", "employee")}),
    )
    raw_id_fields = ("employee",)
    list_display = ("username", "first_name", "unit", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_active")


# The admin's own log-in form gets the same password-spraying guard as the app's.
admin.site.login_form = GuardedAdminAuthenticationForm
