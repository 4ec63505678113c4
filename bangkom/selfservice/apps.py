from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfServiceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.selfservice"
    verbose_name = _("Layanan mandiri pegawai")

    def ready(self) -> None:
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from .selectors import requests_waiting_for

        register(
            "employee-requests", _("Permintaan pegawai dan laporan saya"), requests_waiting_for, order=40
        )  # "Tugas saya"

        menu.register(
            "pegawai",
            _("Bangkom saya"),
            "selfservice:home",
            order=1,
            visible=lambda user: (
                bool(user.employee_id)
                and (user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees"))
            ),
        )
        menu.register(
            "pegawai",
            _("Permintaan pegawai"),
            "selfservice:queue",
            order=20,
            visible=menu.may_any(
                "selfservice.verify_learning_report", "selfservice.decide_correction", "studies.propose_studies"
            ),
        )
