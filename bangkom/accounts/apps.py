from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bangkom.accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from bangkom.core import navigation as menu
        from bangkom.people.models import Employee
        from bangkom.people.signals import registry_bulk_written

        from . import access

        access.connect()

        post_save.connect(_employee_saved, sender=Employee, dispatch_uid="accounts_close_departed")
        registry_bulk_written.connect(_registry_written, dispatch_uid="accounts_close_departed_bulk")

        menu.register(
            "pegawai",
            _("Akun pegawai"),
            "accounts:employee-accounts",
            order=30,
            visible=menu.may("accounts.open_employee_accounts"),
        )
        menu.register(
            "pengaturan",
            _("Akun"),
            "accounts:users",
            order=10,
            visible=menu.may_any("accounts.unlock_login", "accounts.reset_password"),
        )
        menu.register("pengaturan", _("Data referensi"), "admin:index", order=30, visible=lambda user: user.is_staff)


def _employee_saved(instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """An employee recorded as retired or dismissed (the form, the admin) loses their account at once."""
    if not raw and instance.legal_status_id is not None:
        from .services import accounts_close_departed

        accounts_close_departed(employee_ids=[instance.pk])


def _registry_written(**kwargs: Any) -> None:
    from .services import accounts_close_departed

    accounts_close_departed()
