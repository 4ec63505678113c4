from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.accounts.models import User
from bangkom.people.services import JOB_MAP_COLUMNS, posts_from_registry, posts_import


class Command(BaseCommand):
    help = (
        "Impor peta jabatan dari CSV berkolom kode_unit, nama_jabatan, eselon, nip_pemangku (seluruh berkas "
        "diperiksa dulu; bila ada baris salah, tidak ada yang diimpor), atau susun dari data pegawai (--dari-pegawai)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", help="berkas CSV (UTF-8)")
        parser.add_argument(
            "--dari-pegawai",
            action="store_true",
            dest="from_registry",
            help="buat jabatan dari jabatan struktural yang dipangku pegawai aktif",
        )
        parser.add_argument("--user", help="nama pengguna yang dicatat pada jejak perubahan")

    def handle(self, *args: Any, file: Path | None, from_registry: bool, user: str | None, **options: Any) -> None:
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak dikenal: {user}")
        if from_registry:
            self.stdout.write(self.style.SUCCESS(f"{posts_from_registry(actor=actor)} jabatan ditambahkan."))
            return
        if file is None or not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in JOB_MAP_COLUMNS[:3] if column not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"Kolom wajib tidak ada: {', '.join(missing)}")
            try:
                count = posts_import(actor=actor, rows=list(reader))
            except ValidationError as error:
                for message in error.messages:
                    self.stdout.write(message)
                raise CommandError("Tidak ada jabatan yang diimpor.") from None
        self.stdout.write(self.style.SUCCESS(f"{count} jabatan diimpor."))
