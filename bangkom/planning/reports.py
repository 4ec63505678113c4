"""Spreadsheets of the cycle: the consolidated plan, the evaluation (with charts) and the JP ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from bangkom.core.formats import rupiah
from bangkom.core.xlsx import add_table, workbook_bytes, workbook_file
from bangkom.people.models import Employee

from . import selectors
from .analysis import Totals
from .models import ItemStatus, PlanningCycle, UnitPlan

BEHIND_CHUNK = 2000
COMPARISON_HEADER = (
    "Kegiatan rencana", "Kegiatan realisasi", "% kegiatan", "JP rencana", "JP realisasi", "% JP",
    "Biaya rencana (Rp)", "Biaya realisasi (Rp)", "% biaya",
)  # fmt: skip


def _comparison_rows(totals: dict[str, Totals]) -> list[list[object]]:
    return [
        [name, t.planned, t.realised, t.count_percent, t.planned_jp, t.realised_jp, t.jp_percent,
         int(t.planned_cost), int(t.realised_cost), t.cost_percent]
        for name, t in sorted(totals.items())
    ]  # fmt: skip


def _bar_chart(workbook: Workbook, sheet_name: str, title: str, rows: int, columns: Iterable[int], at: str) -> None:
    """A clustered bar chart of a table written by add_table with one title line (header on row 3)."""
    sheet = workbook[sheet_name[:31]]
    chart = BarChart()
    chart.type, chart.title, chart.height, chart.width = "col", title, 9, 18
    for column in columns:
        chart.add_data(Reference(sheet, min_col=column, min_row=3, max_row=3 + rows), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=3 + rows))
    sheet.add_chart(chart, at)


def plan_xlsx(cycle: PlanningCycle, plans: QuerySet[UnitPlan]) -> bytes:
    items = selectors.cycle_items(cycle, accepted_only=False).filter(unit_plan__in=plans)
    title = (f"Rencana dan kebutuhan pengembangan kompetensi PNS tahun {cycle.year}",)
    workbook = Workbook(write_only=True)
    accepted = selectors.budget(items.filter(status=ItemStatus.ACCEPTED))
    for name, lines in (
        ("Per unit kerja", accepted.by_unit),
        ("Per jenis", accepted.by_kind),
        ("Per triwulan", accepted.by_quarter),
    ):
        rows = [[line.label, line.items, line.jp, int(line.cost)] for line in lines]
        add_table(
            workbook,
            name,
            (name.removeprefix("Per ").capitalize(), "Kegiatan", "JP", "Biaya (Rp)"),
            rows,
            title=(*title, "Kegiatan yang diterima dalam verifikasi"),
        )
    flags = selectors.cost_limits(items, cycle.year)
    rows = [
        [
            item.unit_plan.unit.name, item.employee.nip, item.employee.full_name, item.competency.name,
            item.current_level, item.required_level, item.title, item.kind_label, item.jp, int(item.estimated_cost),
            f"di atas standar (batas {rupiah(flags[item.pk])})" if item.pk in flags else "",
            item.get_quarter_display(), item.provider, item.get_status_display(), item.verification_note,
        ]
        for item in items.select_related("unit_plan__unit", "employee", "competency", "kind").order_by(
            "unit_plan__unit__path", "employee__name", "id"
        )
    ]  # fmt: skip
    add_table(
        workbook, "Rincian per PNS",
        ("Unit kerja", "NIP", "Nama", "Kompetensi", "Level saat ini", "Level standar", "Kegiatan", "Jenis", "JP",
         "Biaya (Rp)", "Standar biaya", "Triwulan", "Penyelenggara", "Status verifikasi", "Catatan"),
        rows, title=title,
    )  # fmt: skip
    return workbook_bytes(workbook)


def evaluation_xlsx(result: selectors.Evaluation) -> bytes:
    cycle = result.cycle
    workbook = Workbook(write_only=True)
    title = (f"Evaluasi pengembangan kompetensi PNS tahun {cycle.year}",)
    total = result.comparison.total
    add_table(
        workbook, "Ringkasan", ("Hal", "Nilai"),
        [
            ["Kegiatan rencana", total.planned], ["Kegiatan terealisasi", total.realised],
            ["% kegiatan", total.count_percent], ["JP rencana", total.planned_jp],
            ["JP terealisasi", total.realised_jp], ["% JP", total.jp_percent],
            ["Biaya rencana (Rp)", int(total.planned_cost)], ["Biaya realisasi (Rp)", int(total.realised_cost)],
            ["% biaya", total.cost_percent], ["Pelatihan di luar rencana", result.unplanned_records],
            ["JP di luar rencana", result.unplanned_jp],
            ["Unit kerja belum melaporkan", ", ".join(result.not_reported) or "-"],
        ],
        title=title,
    )  # fmt: skip
    for name, totals in (("Per unit kerja", result.comparison.by_unit), ("Per jenis", result.comparison.by_kind)):
        rows = _comparison_rows(totals)
        add_table(workbook, name, (name.removeprefix("Per ").capitalize(), *COMPARISON_HEADER), rows, title=title)
        if rows:
            _bar_chart(workbook, name, f"JP rencana dan realisasi {name.lower()}", len(rows), (5, 6), "M3")
    rows = [
        [
            item.unit_plan.unit.name,
            item.employee.nip,
            item.employee.full_name,
            item.title,
            item.kind_label,
            item.jp,
            int(item.estimated_cost),
            item.realisation.carried_out_on if hasattr(item, "realisation") else None,
            item.realisation.jp if hasattr(item, "realisation") else None,
            int(item.realisation.actual_cost) if hasattr(item, "realisation") else None,
        ]
        for item in result.items
    ]
    add_table(
        workbook, "Per kegiatan",
        ("Unit kerja", "NIP", "Nama", "Kegiatan", "Jenis", "JP rencana", "Biaya rencana (Rp)", "Tanggal realisasi",
         "JP realisasi", "Biaya realisasi (Rp)"),
        rows, title=title,
    )  # fmt: skip
    return workbook_bytes(workbook)


def ledger_xlsx(
    ledger: selectors.Ledger, behind: QuerySet[Employee], *, progress: Callable[[int], None] | None = None
) -> tuple[IO[bytes], int]:
    """The ledger per OPD and every PNS under the norm (at a province, 100,000 rows and more) in a
    temporary file, and how many PNS it names; `progress` hears how many are written, every
    BEHIND_CHUNK rows."""

    def behind_rows() -> Iterator[list[object]]:
        rows = behind.order_by("jp", "name", "id").iterator(chunk_size=BEHIND_CHUNK)
        for written, e in enumerate(rows, start=1):
            yield [e.nip, e.full_name, e.unit.name, e.jp, ledger.norm - e.jp]  # type: ignore[attr-defined]  # jp: annotated by behind()
            if progress is not None and written % BEHIND_CHUNK == 0:
                progress(written)

    workbook = Workbook(write_only=True)
    title = (f"Rekap JP pengembangan kompetensi PNS tahun {ledger.year} (norma {ledger.norm} JP)",)
    rows = [
        [row.name, row.employees, row.reached, row.reached_percent, row.total_jp, row.average_jp, *row.bands]
        for row in [*ledger.rows, ledger.total]
    ]
    add_table(
        workbook,
        "Per perangkat daerah",
        ("Perangkat daerah", "PNS", f"Mencapai {ledger.norm} JP", "%", "Jumlah JP", "Rata-rata JP", *ledger.bands),
        rows,
        title=title,
    )
    named = add_table(
        workbook,
        f"Belum {ledger.norm} JP",
        ("NIP", "Nama", "Unit kerja", "JP", "Kekurangan JP"),
        behind_rows(),
        title=title,
    )
    return workbook_file(workbook), named
