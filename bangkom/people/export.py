"""Export of an employee list to XLSX (write-only mode: constant memory for 100,000 rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from bangkom.core.xlsx import add_table, workbook_file

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


CHUNK = 2000


def employees_xlsx(
    employees: QuerySet[Employee], *, progress: Callable[[int], None] | None = None
) -> tuple[IO[bytes], int]:
    """Write the list to a temporary file; return it opened for reading at the start, and the rows.
    `progress` hears how many rows are written, every CHUNK rows."""

    def rows_of() -> Iterator[list[object]]:
        for written, employee in enumerate(employees.iterator(chunk_size=CHUNK), start=1):
            yield employee_row(employee)
            if progress is not None and written % CHUNK == 0:
                progress(written)

    workbook = Workbook(write_only=True)
    rows = add_table(workbook, _("Pegawai"), export_columns(), rows_of())
    return workbook_file(workbook), rows
