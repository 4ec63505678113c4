from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "bangkom.planning"
    verbose_name = _("Perencanaan pengembangan kompetensi")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from . import jobs, letters  # noqa: F401 - the ledger's export; the plan document and evaluation report
        from .selectors import home_panel, plans_waiting_for

        home.register("planning", "planning/_home.html", home_panel, order=14)  # the home page
        register("plans", _("Perencanaan"), plans_waiting_for, order=70)  # "Tugas saya"

        menu.register(
            "pengembangan", _("Perencanaan"), "planning:list", order=10, visible=menu.may("planning.view_planningcycle")
        )
        menu.register(
            "pengembangan", _("Rekap JP"), "planning:jp", order=20, visible=menu.may("planning.view_jp_report")
        )
