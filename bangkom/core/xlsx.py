"""Spreadsheets (and CSV) the app hands out: write-only workbooks with a bold header row.

Every cell value passes through `neutralised`: a name or title typed as `=HYPERLINK(…)` must reach
the reader as text, never as a live formula (CSV/formula injection, OWASP)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# What makes Excel, LibreOffice or Google Sheets read a text as a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A lone sign is a common "nothing" placeholder and cannot run anything.
HARMLESS = frozenset({"-", "+"})


def neutralised(value: object) -> object:
    """A text that a spreadsheet would evaluate gets a leading apostrophe; other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value not in HARMLESS:
        return "'" + value
    return value


def data_row(values: Iterable[object]) -> list[object]:
    """One row of an export, every text neutralised: the only way rows reach a sheet or a CSV writer."""
    return [neutralised(value) for value in values]


def bold_row(sheet: Any, values: Sequence[object]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=neutralised(value))
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
        sheet.append(data_row([line]))
    if title:
        sheet.append([])
    sheet.append(bold_row(sheet, header))
    for row in rows:
        sheet.append(data_row(row))


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
