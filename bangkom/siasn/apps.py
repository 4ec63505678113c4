from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnConfig(AppConfig):
    name = "bangkom.siasn"
    verbose_name = _("Pertukaran data SIASN")

    def ready(self) -> None:
        from bangkom.core import navigation as menu

        menu.register(
            "pegawai", _("Kirim ke SIASN"), "siasn:submissions", order=40, visible=menu.may("siasn.send_to_siasn")
        )
