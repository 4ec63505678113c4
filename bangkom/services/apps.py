from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.services"
    verbose_name = _("Layanan, asesmen dan pengaduan")

    def ready(self) -> None:
        from bangkom.core.waiting import register

        from . import documents  # noqa: F401  (registers the assessment letters and hooks)
        from .selectors import desk_waiting_for

        register("desk", _("Layanan, pengaduan dan asesmen"), desk_waiting_for, order=30)  # "Tugas saya"
