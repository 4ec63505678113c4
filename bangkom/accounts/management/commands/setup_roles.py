from django.core.management.base import BaseCommand

from bangkom.accounts.services import roles_sync


class Command(BaseCommand):
    help = "Buat atau perbarui grup peran (Administrator BKPSDM, Operator OPD, ...) beserta izinnya."

    def handle(self, *args: object, **options: object) -> None:
        groups = roles_sync()
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} peran diperbarui."))
