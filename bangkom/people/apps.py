from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "bangkom.people"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        from . import figures

        figures.connect()
        post_migrate.connect(_figures_after_upgrade, sender=self)


def _figures_after_upgrade(**kwargs: object) -> None:
    """An installation upgraded to figures has employees and no figures yet: build them once."""
    from .figures import figures_rebuild
    from .models import Employee, UnitFigure

    if not UnitFigure.objects.exists() and Employee.objects.exists():
        figures_rebuild()
