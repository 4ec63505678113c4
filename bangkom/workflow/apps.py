from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.workflow"
    verbose_name = _("Disposisi")

    def ready(self) -> None:
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from .selectors import dispositions_waiting_for

        register("dispositions", _("Disposisi"), dispositions_waiting_for, order=20)  # "Tugas saya"

        menu.register(
            "layanan", _("Disposisi"), "workflow:inbox", order=40, visible=menu.may("workflow.send_disposition")
        )
