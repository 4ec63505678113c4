"""The tabulation of a round as a spreadsheet (Lampiran 2 style)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from openpyxl import Workbook

from bangkom.core.xlsx import add_table, workbook_file
from bangkom.documents.kinds import indonesian_date

from .models import SelectionRound
from .selectors import tabulation

TABULATION_HEADER = (
    "No", "NIP", "Nama", "Golongan", "Jabatan", "Unit kerja", "Kelompok", "Pengetahuan akademik",
    "Potensi akademik", "Kesiapan fisik dan mental", "Bahasa Inggris", "Nilai akhir", "Kategori", "Peringkat",
    "Keterangan",
)  # fmt: skip
TABULATION_KEYS = (
    "no", "nip", "nama", "golongan", "jabatan", "unit", "kelompok", "score_knowledge", "score_potential",
    "score_fitness", "score_english", "nilai_akhir", "kategori", "peringkat", "keterangan",
)  # fmt: skip


def tabulation_rows(selection_round: SelectionRound) -> Iterator[list[object]]:
    for row in tabulation(selection_round):
        yield [float(v) if hasattr(v, "quantize") else v for v in (row[key] for key in TABULATION_KEYS)]


def tabulation_xlsx(selection_round: SelectionRound) -> tuple[IO[bytes], int]:
    """The Lampiran 2 tabulation in a temporary file, and how many candidates it lists."""
    workbook = Workbook(write_only=True)
    listed = add_table(
        workbook,
        "Tabulasi",
        TABULATION_HEADER,
        tabulation_rows(selection_round),
        title=(
            f"Tabulasi hasil seleksi calon peserta {selection_round.get_level_display()}",
            f"{selection_round.name} — keadaan per {indonesian_date(selection_round.as_of)}; aturan "
            f"{selection_round.ruleset_id}",
            "Kategori A: memenuhi syarat (lulus); B: memenuhi syarat dengan catatan; C: tidak memenuhi syarat; "
            "data belum lengkap dan belum dinilai: belum dapat diputuskan",
        ),
    )
    return workbook_file(workbook), listed
