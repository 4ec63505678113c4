from django.core.management.base import BaseCommand

from bangkom.people.reference import load_reference


class Command(BaseCommand):
    help = "Muat data referensi (golongan, eselon, pendidikan, SKP, jenis diklat, BUP, ...) dari berkas data."

    def handle(self, *args: object, **options: object) -> None:
        counts = load_reference()
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(self.style.SUCCESS("Data referensi dimuat."))
