from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "bangkom.selection"
    verbose_name = _("Seleksi Diklatpim")

    def ready(self) -> None:
        from . import documents, jobs  # noqa: F401 - registers the round's document kinds and long actions
