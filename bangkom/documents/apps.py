from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "bangkom.documents"
    verbose_name = _("Dokumen resmi")

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the background drafting
