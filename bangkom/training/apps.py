from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bangkom.training"
    verbose_name = _("Program pelatihan satu pintu")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from . import jobs, letters  # noqa: F401 - the certificates' PDF job; the letter, decree and certificates
        from .selectors import home_panel, may_open_programs, programs_waiting_for

        home.register("training", "training/_home.html", home_panel, order=16)  # the home page
        register("programs", _("Program pelatihan"), programs_waiting_for, order=60)  # "Tugas saya"

        menu.register("pengembangan", _("Program pelatihan"), "training:list", order=30, visible=may_open_programs)
