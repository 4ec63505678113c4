from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bangkom.accounts"
    verbose_name = _("Akun dan peran")
