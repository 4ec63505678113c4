from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfServiceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.selfservice"
    verbose_name = _("Layanan mandiri pegawai")

    def ready(self) -> None:
        from bangkom.core.waiting import register

        from .selectors import requests_waiting_for

        register(
            "employee-requests", _("Permintaan pegawai dan laporan saya"), requests_waiting_for, order=40
        )  # "Tugas saya"
