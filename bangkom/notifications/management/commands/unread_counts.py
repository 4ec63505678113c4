from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.notifications.selectors import unread_count_differences
from bangkom.notifications.services import unread_counts_rebuild


class Command(BaseCommand):
    help = (
        "Bandingkan jumlah notifikasi belum dibaca yang disimpan pada setiap pengguna dengan notifikasinya; "
        "--check gagal bila ada selisih, tanpa --check selisih itu diperbaiki."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Hanya periksa; keluar dengan galat bila ada selisih.")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if not check:
            wrong = unread_counts_rebuild()
            self.stdout.write(self.style.SUCCESS(f"{wrong} jumlah notifikasi belum dibaca diperbaiki."))
            return
        differences = unread_count_differences()
        for d in differences[:50]:
            self.stdout.write(f"{d.username}: tersimpan {d.kept}, seharusnya {d.counted}")
        if differences:
            raise CommandError(
                f"{len(differences)} pengguna dengan jumlah notifikasi belum dibaca yang tidak cocok; "
                "jalankan 'manage.py unread_counts' untuk memperbaikinya."
            )
        self.stdout.write(self.style.SUCCESS("Jumlah notifikasi belum dibaca setiap pengguna cocok."))
