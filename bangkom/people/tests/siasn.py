"""Builds SIASN "Export Data ASN" files for tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from bangkom.people.importer import SIASN_COLUMNS


def siasn_row(**values: Any) -> dict[str, str]:
    row = dict.fromkeys(SIASN_COLUMNS, "")
    row.update(
        {
            "pns_id": "A1",
            "nip_baru": "'198503152010012003",
            "nama": "SITI RAHAYU",
            "gelar_belakang": "S.Pd.",
            "tempat_lahir_nama": "Sukamaju",
            "tanggal_lahir": "15-03-1985",
            "jenis_kelamin": "F",
            "nik": "3201234567890001",
            "nomor_hp": "08123456789",
            "alamat": "Jl. Rahasia 1",
            "jenis_pegawai_nama": "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota",
            "kedudukan_hukum_id": "01",
            "status_cpns_pns": "P",
            "tmt_cpns": "01-01-2010",
            "tmt_pns": "01-01-2011",
            "gol_akhir_id": "32",
            "tmt_golongan": "01-04-2018",
            "jenis_jabatan_id": "2",
            "jabatan_id": "A5EB03E23F44F6A0E040640A040252AD",
            "jabatan_nama": "Guru Ahli Muda",
            "tmt_jabatan": "01-01-2020",
            "tingkat_pendidikan_id": "40",
            "pendidikan_nama": "S1 Pendidikan",
            "tahun_lulus": "2008",
            "unor_id": "U-SD1",
            "unor_nama": "SD Negeri 1",
            "email_gov": "null",
        }
    )
    row.update({k: str(v) for k, v in values.items()})
    return row


def siasn_csv(rows: list[dict[str, str]], path: Path, *, delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SIASN_COLUMNS), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
