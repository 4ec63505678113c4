"""Spreadsheets the app hands out: write-only workbooks with a bold header row."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font


def bold_row(sheet: Any, values: Sequence[object]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def add_table(
    workbook: Workbook, name: str, header: Sequence[object], rows: Iterable[Sequence[object]],
    *, title: Sequence[str] = (),
) -> None:  # fmt: skip
    """A sheet: optional title lines, a bold header, then the rows."""
    sheet = workbook.create_sheet(name[:31])  # Excel's limit on sheet names
    for line in title:
        sheet.append([line])
    if title:
        sheet.append([])
    sheet.append(bold_row(sheet, header))
    for row in rows:
        sheet.append(list(row))


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
