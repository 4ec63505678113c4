from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "bangkom.selection"
    verbose_name = _("Seleksi Diklatpim")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from . import jobs, letters  # noqa: F401 - registers the round's document kinds and long actions
        from .selectors import assessments_waiting_for, home_panel

        home.register("selection", "selection/_home.html", home_panel, order=10)  # the home page
        register("assessments", _("Penilaian calon"), assessments_waiting_for, order=80)  # "Tugas saya"

        rounds = menu.may("selection.view_selectionround")
        menu.register("seleksi", _("Seleksi Diklatpim"), "selection:list", order=10, visible=rounds)
        menu.register("seleksi", _("TSPDI"), "selection:teams", order=20, visible=rounds)
        menu.register(
            "seleksi",
            _("Penilaian saya"),
            "selection:assessments",
            order=30,
            visible=menu.may("selection.assess_candidates"),
        )
