import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.people.demo import generate_workforce
from bangkom.people.models import Employee, Unit
from bangkom.planning.demo import planning_demo


class Command(BaseCommand):
    help = "Buat data pegawai fiktif Kabupaten Sukamaju (deterministik) untuk demo dan uji."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=7000, help="jumlah pegawai (bawaan 7000)")
        parser.add_argument("--seed", type=int, default=2026, help="benih acak; benih sama, data sama")
        parser.add_argument("--if-empty", action="store_true", help="lewati bila sudah ada data pegawai")

    def handle(self, *args: Any, size: int, seed: int, if_empty: bool, **options: Any) -> None:
        if Employee.objects.exists() or Unit.objects.exists():
            if if_empty:
                self.stdout.write("Data pegawai sudah ada; demo tidak dibuat.")
                return
            raise CommandError("Basis data sudah berisi unit/pegawai; demo hanya dibuat pada basis data kosong.")
        if size < 1:
            raise CommandError("--size harus minimal 1.")
        started = time.perf_counter()
        counts = generate_workforce(size=size, seed=seed)
        counts.update(planning_demo(seed=seed))
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo dibuat dalam {elapsed:.1f} s ({summary})."))
