from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "bangkom.people"
    verbose_name = _("Kepegawaian")
