from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The service desk ("Layanan"). Its label stays `services`: the database knows the app by it (the
    tables `services_*`, the permissions `services.*`, the content types and its migrations' history),
    and renaming a label rewrites all of those; the code, templates and URLs say `desk`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.desk"
    label = "services"
    verbose_name = _("Layanan, asesmen dan pengaduan")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.table_cache import forget_on_change
        from bangkom.core.waiting import register

        from .models import Service

        # The catalogue is read from the table cache (`selectors.warn_days_in_use`); an edit drops it.
        post_save.connect(forget_on_change, sender=Service, dispatch_uid="table-cache-save-Service")
        post_delete.connect(forget_on_change, sender=Service, dispatch_uid="table-cache-delete-Service")

        from . import letters  # noqa: F401  (registers the assessment letters and hooks)
        from .selectors import desk_waiting_for, home_panel, may_see_assessments, may_see_complaints, my_participations

        home.register("desk", "desk/_home.html", home_panel, order=22)  # the home page
        register("desk", _("Layanan, pengaduan dan asesmen"), desk_waiting_for, order=30)  # "Tugas saya"

        menu.register(
            "layanan",
            _("Permohonan layanan"),
            "desk:requests",
            order=10,
            visible=menu.may("services.view_servicerequest"),
        )
        menu.register("layanan", _("Asesmen JPT"), "desk:assessments", order=20, visible=may_see_assessments)
        menu.register(
            "layanan",
            _("Asesmen saya"),
            "desk:my-assessments",
            order=25,
            visible=lambda user: (
                not may_see_assessments(user) and bool(user.employee_id) and my_participations(user).exists()
            ),
        )
        menu.register("layanan", _("Pengaduan"), "desk:complaints", order=30, visible=may_see_complaints)
