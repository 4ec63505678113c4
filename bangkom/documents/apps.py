from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "bangkom.documents"
    verbose_name = _("Dokumen resmi")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from bangkom.core.waiting import register

        from . import jobs  # noqa: F401 - registers the background drafting
        from .context_processors import agency_header_forget
        from .models import Letterhead

        post_save.connect(agency_header_forget, sender=Letterhead, dispatch_uid="agency_header_forget")
        from .selectors import letters_waiting_for

        register("letters", _("Surat dan naskah dinas"), letters_waiting_for, order=10)  # "Tugas saya"
        from bangkom.core import navigation as menu

        menu.register("dokumen", _("Dokumen"), "documents:list", order=10, visible=menu.may("documents.view_document"))
