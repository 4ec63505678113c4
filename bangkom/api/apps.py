from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "bangkom.api"
    verbose_name = _("Integrasi (API)")

    def ready(self) -> None:
        from bangkom.core import navigation as menu

        menu.register("pengaturan", _("Klien API"), "api:clients", order=60, visible=menu.may("api.manage_apiclients"))
