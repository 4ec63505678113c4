from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "bangkom.people"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.table_cache import forget_on_change

        from . import figures, jobs  # noqa: F401 - jobs registers the background export
        from .selectors import CACHED_TABLES, home_panel

        home.register("people", "people/_home.html", home_panel, order=90)  # the home page

        figures.connect()
        for table in CACHED_TABLES:
            post_save.connect(forget_on_change, sender=table, dispatch_uid=f"table-cache-save-{table.__name__}")
            post_delete.connect(forget_on_change, sender=table, dispatch_uid=f"table-cache-delete-{table.__name__}")
        post_migrate.connect(_figures_after_upgrade, sender=self)

        sees_others = menu.may_any("people.view_all_employees", "people.view_unit_employees")
        menu.register("pegawai", _("Data pegawai"), "people:list", order=10, visible=sees_others)
        menu.register(
            "pegawai",
            _("Data saya"),
            lambda user: reverse("people:detail", args=[user.employee.nip]),
            order=5,
            visible=lambda user: bool(user.employee_id) and not user.has_perm("people.view_all_employees"),
        )
        menu.register(
            "pengaturan", _("Impor data"), "people:import", order=20, visible=menu.may("people.import_employees")
        )


def _figures_after_upgrade(**kwargs: object) -> None:
    """An installation upgraded to figures has employees and no figures yet: build them once."""
    from .figures import figures_rebuild
    from .models import Employee, UnitFigure

    if not UnitFigure.objects.exists() and Employee.objects.exists():
        figures_rebuild()
