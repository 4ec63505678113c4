"""Export of an employee list to XLSX (write-only mode: constant memory for 100,000 rows)."""

from __future__ import annotations

import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from bangkom.core.xlsx import add_table

from .models import Employee


def export_columns() -> list[str]:
    return [
        _("NIP"),
        _("Nama"),
        _("Gelar depan"),
        _("Gelar belakang"),
        _("Jenis kelamin"),
        _("Tanggal lahir"),
        _("Golongan"),
        _("Pangkat"),
        _("TMT golongan"),
        _("Jabatan"),
        _("Jenis jabatan"),
        _("Eselon"),
        _("TMT jabatan"),
        _("Pendidikan"),
        _("Unit kerja"),
    ]


def employee_row(e: Employee) -> list[object]:
    return [
        e.nip,
        e.name,
        e.front_title,
        e.back_title,
        e.get_gender_display(),
        e.birth_date,
        e.golongan.code if e.golongan else "",
        e.golongan.pangkat if e.golongan else "",
        e.golongan_tmt,
        e.position_name,
        e.position_kind.name if e.position_kind else "",
        e.eselon.code if e.eselon else "",
        e.position_tmt,
        e.education_level.code if e.education_level else "",
        e.unit.name,
    ]


def employees_xlsx(employees: QuerySet[Employee]) -> tuple[IO[bytes], int]:
    """Write the list to a temporary file; return it opened for reading at the start, and the rows."""
    workbook = Workbook(write_only=True)
    rows = add_table(
        workbook, _("Pegawai"), export_columns(), (employee_row(e) for e in employees.iterator(chunk_size=2000))
    )
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open; FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle, rows
