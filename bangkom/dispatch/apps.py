from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "bangkom.dispatch"
    verbose_name = _("Pengiriman peserta Diklatpim")

    def ready(self) -> None:
        from bangkom.core import home
        from bangkom.core import navigation as menu

        from . import letters  # noqa: F401 - registers the proposal letter and the SPT
        from .selectors import home_panel

        home.register("dispatch", "dispatch/_home.html", home_panel, order=12)  # the home page

        menu.register("seleksi", _("Pengiriman"), "dispatch:list", order=40, visible=menu.may("dispatch.view_dispatch"))
