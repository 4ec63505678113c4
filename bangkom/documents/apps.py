from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "bangkom.documents"
    verbose_name = _("Dokumen resmi")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu
        from bangkom.core.waiting import register

        from . import jobs  # noqa: F401 - registers the background drafting
        from .context_processors import forget_agency_header
        from .models import Letterhead
        from .selectors import home_panel, letters_waiting_for

        post_save.connect(forget_agency_header, sender=Letterhead, dispatch_uid="agency-header-save")
        post_delete.connect(forget_agency_header, sender=Letterhead, dispatch_uid="agency-header-delete")
        home.register("documents", "documents/_home.html", home_panel, order=40)  # the home page
        register("letters", _("Surat dan naskah dinas"), letters_waiting_for, order=10)  # "Tugas saya"
        menu.register("dokumen", _("Dokumen"), "documents:list", order=10, visible=menu.may("documents.view_document"))
