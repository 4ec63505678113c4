from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bangkom.core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import CalendarDay
        from .table_cache import forget_on_change

        # The working calendar is read from the table cache (core.selectors.working_calendar).
        post_save.connect(forget_on_change, sender=CalendarDay, dispatch_uid="table-cache-save-CalendarDay")
        post_delete.connect(forget_on_change, sender=CalendarDay, dispatch_uid="table-cache-delete-CalendarDay")
