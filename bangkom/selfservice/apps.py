from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfServiceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkom.selfservice"
    verbose_name = _("Layanan mandiri pegawai")
