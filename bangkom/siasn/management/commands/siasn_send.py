from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bangkom.siasn.services import BATCH, submissions_send_due


class Command(BaseCommand):
    help = "Kirim ke SIASN riwayat diklat yang sudah waktunya dikirim (untuk cron atau dijalankan tangan)."

    def handle(self, *args: Any, **options: Any) -> None:
        total = None
        while total is None or total.sent + total.refused + total.retrying == BATCH:
            total = submissions_send_due()
            self.stdout.write(f"terkirim {total.sent}, ditolak {total.refused}, dicoba lagi nanti {total.retrying}")
