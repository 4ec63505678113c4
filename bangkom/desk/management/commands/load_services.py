from django.core.management.base import BaseCommand

from bangkom.desk.services import catalogue_load


class Command(BaseCommand):
    help = "Load the shipped service standards the agency does not have yet (edits are kept)."

    def handle(self, *args: object, **options: object) -> None:
        added = catalogue_load()
        self.stdout.write(f"Standar layanan: {added} ditambahkan.")
