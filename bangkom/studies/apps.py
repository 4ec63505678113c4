from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.studies"
    verbose_name = _("Tugas belajar dan luar negeri")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from . import letters  # noqa: F401  (registers the document kinds)
        from .selectors import home_panel, may_open, studies_waiting_for

        home.register("studies", "studies/_home.html", home_panel, order=18)  # the home page
        register("studies", _("Tugas belajar dan luar negeri"), studies_waiting_for, order=50)  # "Tugas saya"

        menu.register("pengembangan", _("Tugas belajar"), "studies:list", order=40, visible=may_open)
        menu.register("pengembangan", _("Luar negeri"), "studies:overseas-list", order=50, visible=may_open)
