from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "bangkom.selection"
    verbose_name = _("Seleksi Diklatpim")

    def ready(self) -> None:
        from bangkom.core.waiting import register

        from . import documents, jobs  # noqa: F401 - registers the round's document kinds and long actions
        from .selectors import assessments_waiting_for

        register("assessments", _("Penilaian calon"), assessments_waiting_for, order=80)  # "Tugas saya"
