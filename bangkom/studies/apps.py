from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.studies"
    verbose_name = _("Tugas belajar dan luar negeri")

    def ready(self) -> None:
        from . import documents  # noqa: F401  (registers the document kinds)
