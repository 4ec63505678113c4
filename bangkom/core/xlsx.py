"""Spreadsheets (and CSV) the app hands out: write-only workbooks laid out by `add_table`.

Every cell value passes through `neutralised`: a name or title typed as `=HYPERLINK(…)` must reach
the reader as text, never as a live formula (CSV/formula injection, OWASP)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


DATE_FORMAT = "DD-MM-YYYY"
MONEY_FORMAT = "#,##0"
PAPER_A4 = "9"  # the paperSize code of A4 in SpreadsheetML
WIDTH_SAMPLE_ROWS = 200  # rows looked at to fit the column widths (the rest are streamed)
MIN_WIDTH, MAX_WIDTH = 6, 60


def _column_format(label: str, value: object) -> str | None:
    """Dates as dates, amounts in rupiah (a header naming "Rp") with thousands separators."""
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if "Rp" in label and isinstance(value, int | float | Decimal):
        return MONEY_FORMAT
    return None


def _text_width(value: object) -> int:
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0) if value is not None else 0


def add_table(
    workbook: Workbook,
    name: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    title: Sequence[str] = (),
) -> int:
    """A sheet ready to read and print: optional title lines, a bold header frozen in place with a
    filter on it, columns as wide as their content, dates and rupiah formatted, NIPs kept as text,
    landscape pages fitted to the width with the header repeated. Returns the number of rows."""
    sheet = workbook.create_sheet(name[:31])  # Excel's limit on sheet names
    labels = [str(h) for h in header]
    rows = iter(rows)
    sample = [list(row) for _n, row in zip(range(WIDTH_SAMPLE_ROWS), rows, strict=False)]
    header_row = len(title) + (2 if title else 1)
    # A write-only sheet writes its view and columns with the first row: set them before.
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # printed to the page width (with fitToWidth below)
    for index, label in enumerate(labels, start=1):
        width = max([len(label), *(_text_width(r[index - 1]) for r in sample if index - 1 < len(r))])
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    for line in title:
        sheet.append(data_row([line]))
    if title:
        sheet.append([])
    sheet.append(bold_row(sheet, labels))
    formats = _formats(labels, sample)
    count = 0
    for row in itertools.chain(sample, rows):
        sheet.append(_cells(sheet, formats, row))
        count += 1
    last_column = get_column_letter(max(1, len(labels)))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(count, 1)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    return count


def _formats(labels: Sequence[str], sample: Sequence[Sequence[object]]) -> dict[int, str]:
    """The number format of each column, decided once from its first value in the sample."""
    formats = {}
    for index, label in enumerate(labels):
        first = next((r[index] for r in sample if index < len(r) and r[index] not in (None, "")), None)
        number_format = _column_format(label, first)
        if number_format is not None:
            formats[index] = number_format
    return formats


def _cells(sheet: Any, formats: dict[int, str], row: Sequence[object]) -> list[object]:
    values = data_row(row)
    for index, number_format in formats.items():
        if index < len(values) and values[index] not in (None, ""):
            cell = WriteOnlyCell(sheet, value=values[index])
            cell.number_format = number_format
            values[index] = cell
    return values


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def workbook_file(workbook: Workbook) -> IO[bytes]:
    """The saved workbook in a temporary file opened for reading at its start (a sheet of a province's
    300,000 rows is never held in memory as one bytes object)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open; the caller closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
