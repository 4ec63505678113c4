"""Bangkom's training records in SIASN's request shapes (riwayat.RwKursusCreate, riwayat.RwDiklatCreate
in ../shared/data/siasn-api/definitions.txt). SIASN takes dates as dd-mm-yyyy and ids as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from bangkom.people.models import TrainingRecord

from .models import SiasnHistoryKind

COURSE_FIELDS = (
    "id", "instansiId", "institusiPenyelenggara", "jenisDiklatId", "jenisKursus", "jenisKursusSertipikat",
    "jumlahJam", "lokasiId", "namaKursus", "nomorSertipikat", "path", "pnsOrangId", "tahunKursus",
    "tanggalKursus", "tanggalSelesaiKursus",
)  # fmt: skip
STRUCTURAL_FIELDS = (
    "bobot", "id", "institusiPenyelenggara", "jenisKompetensi", "jumlahJam", "latihanStrukturalId", "nomor",
    "path", "pnsOrangId", "tahun", "tanggal", "tanggalSelesai",
)  # fmt: skip


def siasn_date(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def history_kind(record: TrainingRecord) -> str:
    return SiasnHistoryKind.STRUCTURAL if record.structural_level_id else SiasnHistoryKind.COURSE


def payload(record: TrainingRecord) -> dict[str, Any]:
    """The request body SIASN expects for this record (its employee and kind loaded)."""
    common: dict[str, Any] = {
        "id": None,  # a new history row; SIASN answers with its id
        "institusiPenyelenggara": record.organiser,
        "jumlahJam": record.jp_hours,
        "path": [],  # the certificate's scan is not sent (SIASN's document upload is a separate call)
        "pnsOrangId": record.employee.siasn_id,
    }
    if history_kind(record) == SiasnHistoryKind.STRUCTURAL:
        return {
            **common,
            "bobot": 0,
            "jenisKompetensi": "",
            "latihanStrukturalId": str(record.structural_level_id),
            "nomor": record.certificate_number,
            "tahun": record.end_date.year,
            "tanggal": siasn_date(record.start_date),
            "tanggalSelesai": siasn_date(record.end_date),
        }
    return {
        **common,
        "instansiId": settings.SIASN_INSTANSI_ID,
        "jenisDiklatId": str(record.kind_id),
        "jenisKursus": "",
        "jenisKursusSertipikat": record.kind.certificate_kind,
        "lokasiId": "",
        "namaKursus": record.name,
        "nomorSertipikat": record.certificate_number,
        "tahunKursus": record.end_date.year,
        "tanggalKursus": siasn_date(record.start_date),
        "tanggalSelesaiKursus": siasn_date(record.end_date),
    }
