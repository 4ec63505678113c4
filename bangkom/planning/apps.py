from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "bangkom.planning"
    verbose_name = _("Perencanaan pengembangan kompetensi")

    def ready(self) -> None:
        from bangkom.core.waiting import register

        from . import documents  # noqa: F401 - registers the plan document and the evaluation report
        from .selectors import plans_waiting_for

        register("plans", _("Perencanaan"), plans_waiting_for, order=70)  # "Tugas saya"
