from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bangkom.core.services import record_problems_find


class Command(BaseCommand):
    help = (
        "Periksa seluruh data tersimpan terhadap aturan tanggal (peristiwa tidak di masa depan, selesai tidak "
        "sebelum mulai, tahun yang mungkin); setiap temuan dicatat pada 'Data yang perlu diperiksa'."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = record_problems_find()
        for problem in problems:
            self.stdout.write(
                f"{problem.label} #{problem.object_id} {problem.field} = {problem.original_value}: {problem.problem}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(problems)} temuan."))
