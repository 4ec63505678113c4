from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangkom.notifications.services import unread_counts_check


class Command(BaseCommand):
    help = (
        "Bandingkan jumlah notifikasi belum dibaca yang disimpan pada setiap pengguna dengan notifikasinya; "
        "--check gagal bila ada selisih, tanpa --check selisih itu diperbaiki."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Hanya periksa; keluar dengan galat bila ada selisih.")

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = unread_counts_check(repair=not options["check"])
        for m in mismatches:
            self.stdout.write(f"{m.username}: tersimpan {m.kept}, dihitung {m.counted}")
        if mismatches and options["check"]:
            raise CommandError(f"{len(mismatches)} pengguna dengan jumlah notifikasi belum dibaca yang tidak cocok.")
        verb = "diperbaiki" if mismatches else "cocok"
        self.stdout.write(self.style.SUCCESS(f"{len(mismatches)} selisih; jumlah notifikasi belum dibaca {verb}."))
