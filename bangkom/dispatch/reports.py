"""The round's report to LAN and BKN (BIMA Pasal 39 ayat (4)): participants, results and the
problems met, as XLSX."""

from __future__ import annotations

from openpyxl import Workbook

from bangkom.core.xlsx import add_table, workbook_bytes
from bangkom.documents.kinds import indonesian_date
from bangkom.selection.reports import TABULATION_HEADER, tabulation_rows

from .models import Dispatch
from .selectors import participants


def lan_bkn_report(dispatch: Dispatch) -> bytes:
    selection_round = dispatch.round
    title = (
        f"Laporan hasil seleksi dan pengiriman peserta {selection_round.get_level_display()}",
        f"{selection_round.name}; {dispatch.training_name} pada {dispatch.institution} "
        f"({indonesian_date(dispatch.start_date)} s.d. {indonesian_date(dispatch.end_date)})",
    )
    workbook = Workbook(write_only=True)
    rows = [
        [
            number,
            p.candidate.employee.nip,
            p.candidate.employee.full_name,
            p.candidate.employee.golongan.code if p.candidate.employee.golongan else "",
            p.candidate.employee.position_name,
            p.candidate.employee.unit.name,
            p.candidate.category,
            float(p.candidate.final_score) if p.candidate.final_score is not None else None,
            p.get_result_display() if p.result else "belum ada",
            p.certificate_number,
            p.result_note,
        ]
        for number, p in enumerate(participants(dispatch), start=1)
    ]
    add_table(
        workbook, "Peserta dan hasil",
        ("No", "NIP", "Nama", "Golongan", "Jabatan", "Unit kerja", "Kategori seleksi", "Nilai akhir", "Hasil",
         "Nomor sertifikat", "Catatan"),
        rows, title=title,
    )  # fmt: skip
    add_table(workbook, "Hasil seleksi", TABULATION_HEADER, tabulation_rows(selection_round), title=title[:1])
    problems = [["Masalah yang dihadapi", line] for line in dispatch.problems.splitlines() if line.strip()]
    problems += [
        [f"Monitoring {indonesian_date(m.noted_on)}", m.note] for m in dispatch.monitoring.order_by("noted_on", "id")
    ]
    if dispatch.evaluation.strip():
        problems.append(["Evaluasi pelaksanaan", dispatch.evaluation])
    add_table(workbook, "Masalah dan evaluasi", ("Hal", "Uraian"), problems or [["-", "Tidak ada masalah dicatat"]])
    return workbook_bytes(workbook)
