from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "bangkom.documents"
    verbose_name = _("Dokumen resmi")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from . import jobs  # noqa: F401 - registers the background drafting
        from .selectors import home_panel, letters_waiting_for

        home.register("documents", "documents/_home.html", home_panel, order=40)  # the home page
        register("letters", _("Surat dan naskah dinas"), letters_waiting_for, order=10)  # "Tugas saya"
        menu.register("dokumen", _("Dokumen"), "documents:list", order=10, visible=menu.may("documents.view_document"))
