from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.people import figures


class Command(BaseCommand):
    help = (
        "Hitung ulang buku JP (JP per pegawai per tahun) dan angka per unit (dasbor, rekap JP) dari riwayat "
        "diklat dan data pegawai. Dengan --check hanya membandingkan: setiap selisih disebut, dan perintah "
        "gagal bila ada selisih."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Bandingkan saja, jangan ubah apa pun.")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if not check:
            wrong = figures.figures_rebuild()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Dihitung ulang: {wrong['ledger']} baris buku JP dan {wrong['figures']} angka unit diperbaiki."
                )
            )
            return
        ledger = figures.expected_ledger()
        ledger_wrong = figures.differences(ledger, figures.stored_ledger())
        figures_wrong = figures.differences(figures.expected_figures(ledger), figures.stored_figures())
        for (employee_id, year), expected, stored in ledger_wrong[:50]:
            self.stdout.write(f"buku JP pegawai #{employee_id} tahun {year}: seharusnya {expected}, tersimpan {stored}")
        for (unit_id, figure, key, year), expected, stored in figures_wrong[:50]:
            self.stdout.write(
                f"angka unit #{unit_id} {figure} {key or '-'} tahun {year or '-'}: seharusnya {expected}, "
                f"tersimpan {stored}"
            )
        if ledger_wrong or figures_wrong:
            raise CommandError(
                f"{len(ledger_wrong)} baris buku JP dan {len(figures_wrong)} angka unit berbeda dari sumbernya; "
                "jalankan 'manage.py figures' untuk menghitung ulang."
            )
        self.stdout.write(self.style.SUCCESS(f"Buku JP ({len(ledger)} baris) dan angka unit sesuai dengan sumbernya."))
