from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.accounts.models import User
from bangkom.people.importer import ImportFileError, import_file


class Command(BaseCommand):
    help = (
        'Impor pegawai dari berkas SIASN "Export Data ASN" (CSV) atau XLSX berkolom sama. '
        "Seluruh berkas diperiksa dulu; bila ada baris salah, tidak ada yang diimpor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="berkas CSV atau XLSX")
        parser.add_argument("--user", help="nama pengguna yang dicatat pada jejak perubahan")

    def handle(self, *args: Any, file: Path, user: str | None, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak dikenal: {user}")
        started = time.perf_counter()
        try:
            outcome = import_file(
                file,
                actor=actor,
                progress=lambda done, message: self.stderr.write(f"\r{message}", ending=""),
                reason=f"Impor berkas {file.name}",
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        self.stderr.write("")
        if not outcome.ok:
            for row_error in outcome.errors:
                self.stdout.write(
                    f"baris {row_error.line}\tkolom {row_error.column}\tnilai {row_error.value!r}\t{row_error.reason}"
                )
            raise CommandError(f"{outcome.error_count} kesalahan pada {outcome.total} baris; tidak ada yang diimpor.")
        summary = outcome.summary
        assert summary is not None
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.total} baris diimpor dalam {time.perf_counter() - started:.1f} s: {summary.created} baru, "
                f"{summary.updated} diperbarui, {summary.unchanged} tidak berubah, {summary.histories} baris riwayat."
            )
        )
        if summary.units_created:
            self.stdout.write(f"Unit baru: {', '.join(summary.units_created)}")
