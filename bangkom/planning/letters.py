"""The cycle's documents, registered with the document engine: the agency's consolidated plan put to
the PPK (Purbalingga step 2.4–2.5) and the evaluation report to the head of region (step 4.4)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bangkom.core.formats import percent, rupiah
from bangkom.documents.charts import chart_spec
from bangkom.documents.kinds import DocumentKind, register

from . import selectors
from .analysis import Totals
from .models import PlanningCycle, UnitPlanStatus

# Besides those who took part, the documents of this app are read by those who follow the yearly plan.
PLANNING_READERS = ("planning.view_planningcycle",)


def _budget_rows(lines: list[selectors.BudgetLine]) -> list[dict[str, Any]]:
    return [
        {"no": n, "nama": line.label, "kegiatan": line.items, "jp": line.jp, "biaya": rupiah(line.cost)}
        for n, line in enumerate(lines, start=1)
    ]


def plan_context(cycle: PlanningCycle) -> tuple[str, dict[str, Any]]:
    items = selectors.cycle_items(cycle)
    budget = selectors.budget(items)
    rows = items.select_related("unit_plan__unit", "employee", "competency", "kind").order_by(
        "unit_plan__unit__path", "employee__name", "id"
    )
    detail = [
        {
            "no": n, "unit": item.unit_plan.unit.name, "nip": item.employee.nip, "nama": item.employee.full_name,
            "kompetensi": item.competency.name,
            "level": f"{item.current_level or '-'} / {item.required_level or '-'}",
            "kegiatan": item.title, "jenis": item.kind_label, "jp": item.jp, "biaya": rupiah(item.estimated_cost),
            "triwulan": item.get_quarter_display(), "penyelenggara": item.provider,
        }
        for n, item in enumerate(rows, start=1)
    ]  # fmt: skip
    silent = [p.unit.name for p in cycle.unit_plans.select_related("unit").filter(status=UnitPlanStatus.DRAFT)]
    context = {
        "tahun": cycle.year,
        "jumlah_unit": len(budget.by_unit),
        "jumlah_kegiatan": budget.total.items,
        "jumlah_pns": items.values("employee").distinct().count(),
        "jumlah_jp": budget.total.jp,
        "jumlah_biaya": rupiah(budget.total.cost),
        "per_unit": _budget_rows(budget.by_unit),
        "per_jenis": _budget_rows(budget.by_kind),
        "per_triwulan": _budget_rows(budget.by_quarter),
        "rincian": detail,
        "tidak_mengirim": ", ".join(silent) or "-",
    }
    return str(_("Rencana dan kebutuhan pengembangan kompetensi PNS tahun %(year)s") % {"year": cycle.year}), context


def _comparison_rows(totals: dict[str, Totals]) -> list[dict[str, Any]]:
    return [
        {
            "no": n, "nama": name, "rencana": t.planned, "realisasi": t.realised, "persen": percent(t.count_percent),
            "jp_rencana": t.planned_jp, "jp_realisasi": t.realised_jp, "persen_jp": percent(t.jp_percent),
            "biaya_rencana": rupiah(t.planned_cost), "biaya_realisasi": rupiah(t.realised_cost),
            "persen_biaya": percent(t.cost_percent),
        }
        for n, (name, t) in enumerate(sorted(totals.items()), start=1)
    ]  # fmt: skip


def _jp_chart(title: str, totals: dict[str, Totals]) -> dict[str, Any]:
    rows = sorted(totals.items())
    return chart_spec(
        title,
        [name for name, _t in rows],
        [("JP rencana", [t.planned_jp for _n, t in rows]), ("JP realisasi", [t.realised_jp for _n, t in rows])],
    )


def evaluation_context(cycle: PlanningCycle) -> tuple[str, dict[str, Any]]:
    result = selectors.evaluation(cycle)
    total = result.comparison.total
    detail = [
        {
            "no": n,
            "unit": item.unit_plan.unit.name,
            "nama": item.employee.full_name,
            "kegiatan": item.title,
            "jp": item.jp,
            "biaya": rupiah(item.estimated_cost),
            "realisasi": (
                f"{item.realisation.carried_out_on:%d-%m-%Y}, {item.realisation.jp} JP, "
                f"{rupiah(item.realisation.actual_cost)}"
                if hasattr(item, "realisation")
                else "belum dilaksanakan"
            ),
        }
        for n, item in enumerate(result.items, start=1)
    ]
    context = {
        "tahun": cycle.year, "rencana": total.planned, "realisasi": total.realised,
        "persen": percent(total.count_percent), "jp_rencana": total.planned_jp, "jp_realisasi": total.realised_jp,
        "persen_jp": percent(total.jp_percent), "biaya_rencana": rupiah(total.planned_cost),
        "biaya_realisasi": rupiah(total.realised_cost), "persen_biaya": percent(total.cost_percent),
        "per_unit": _comparison_rows(result.comparison.by_unit),
        "per_jenis": _comparison_rows(result.comparison.by_kind),
        "di_luar_rencana": result.unplanned_records, "jp_di_luar_rencana": result.unplanned_jp,
        "belum_melapor": ", ".join(result.not_reported) or "-", "rincian": detail,
        "grafik_unit": _jp_chart("JP rencana dan realisasi per unit kerja", result.comparison.by_unit),
        "grafik_jenis": _jp_chart("JP rencana dan realisasi per jenis", result.comparison.by_kind),
    }  # fmt: skip
    return str(_("Laporan evaluasi pengembangan kompetensi PNS tahun %(year)s") % {"year": cycle.year}), context


SAMPLE_CHART = chart_spec("", ["-"], [("JP rencana", [0]), ("JP realisasi", [0])])
BUDGET_ROW = {"no": 1, "nama": "", "kegiatan": 0, "jp": 0, "biaya": ""}
COMPARISON_ROW = {
    "no": 1, "nama": "", "rencana": 0, "realisasi": 0, "persen": "", "jp_rencana": 0, "jp_realisasi": 0,
    "persen_jp": "", "biaya_rencana": "", "biaya_realisasi": "", "persen_biaya": "",
}  # fmt: skip
BUDGET_TABLE = ("No", "{title}", "Kegiatan", "JP", "Biaya")
BUDGET_CELLS = ("{{ r.no }}", "{{ r.nama }}", "{{ r.kegiatan }}", "{{ r.jp }}", "{{ r.biaya }}")
BUDGET_WIDTHS = (1, 12, 3, 3, 5)


def _budget_table(title: str, loop: str) -> tuple[Any, ...]:
    headers = tuple(h.format(title=title) for h in BUDGET_TABLE)
    return ("table", headers, f"r in {loop}", BUDGET_CELLS, BUDGET_WIDTHS)


def _comparison_table(title: str, loop: str) -> tuple[Any, ...]:
    return (
        "table",
        ("No", title, "Kegiatan rencana", "Kegiatan realisasi", "%", "JP rencana", "JP realisasi", "%",
         "Biaya rencana", "Biaya realisasi", "%"),
        f"r in {loop}",
        ("{{ r.no }}", "{{ r.nama }}", "{{ r.rencana }}", "{{ r.realisasi }}", "{{ r.persen }}", "{{ r.jp_rencana }}",
         "{{ r.jp_realisasi }}", "{{ r.persen_jp }}", "{{ r.biaya_rencana }}", "{{ r.biaya_realisasi }}",
         "{{ r.persen_biaya }}"),
        (0.8, 5, 1.8, 1.8, 1.5, 1.6, 1.6, 1.5, 3, 3, 1.5),
    )  # fmt: skip


PLAN = register(DocumentKind(
    readers=PLANNING_READERS,
    code="rencana_pengembangan_kompetensi", name=_("Dokumen rencana dan kebutuhan pengembangan kompetensi"),
    number_format="800/{nomor}/RPK/{tahun}", build=plan_context, landscape=True,
    sample={
        "tahun": 2027, "jumlah_unit": 1, "jumlah_kegiatan": 1, "jumlah_pns": 1, "jumlah_jp": 1, "jumlah_biaya": "",
        "per_unit": [BUDGET_ROW], "per_jenis": [BUDGET_ROW], "per_triwulan": [BUDGET_ROW], "tidak_mengirim": "",
        "rincian": [{"no": 1, "unit": "", "nip": "", "nama": "", "kompetensi": "", "level": "", "kegiatan": "",
                     "jenis": "", "jp": 1, "biaya": "", "triwulan": "", "penyelenggara": ""}],
    },
    blocks=(
        ("kop",), ("title", "DOKUMEN RENCANA DAN KEBUTUHAN PENGEMBANGAN KOMPETENSI PNS"),
        ("title", "{{ instansi.pemerintah|upper }} TAHUN {{ tahun }}"), ("center", "Nomor: {{ nomor }}"),
        ("p", "Berdasarkan analisa kesenjangan kompetensi setiap PNS terhadap standar kompetensi jabatan, unit "
              "kerja telah mengirimkan rencana dan kebutuhan pengembangan kompetensi yang telah diverifikasi "
              "berdasarkan kebutuhan organisasi. Hasil inventarisasinya: {{ jumlah_kegiatan }} kegiatan untuk "
              "{{ jumlah_pns }} PNS pada {{ jumlah_unit }} unit kerja, {{ jumlah_jp }} JP, dengan perkiraan biaya "
              "{{ jumlah_biaya }}."),
        ("p", "A. Kebutuhan per unit kerja"), _budget_table("Unit kerja", "per_unit"),
        ("p", "B. Kebutuhan per jenis pengembangan kompetensi"), _budget_table("Jenis", "per_jenis"),
        ("p", "C. Kebutuhan per triwulan"), _budget_table("Triwulan", "per_triwulan"),
        ("p", "Unit kerja yang tidak mengirimkan kebutuhan: {{ tidak_mengirim }}."),
        ("p", "Dokumen ini diajukan untuk mendapat persetujuan dan menjadi acuan pelaksanaan pengembangan "
              "kompetensi melalui jalur pendidikan maupun pelatihan."),
        ("sign", "{{ instansi.kepala_daerah|upper }},"), ("break",),
        ("title", "LAMPIRAN: RINCIAN RENCANA PENGEMBANGAN KOMPETENSI PER PNS"),
        ("table", ("No", "Unit kerja", "NIP", "Nama", "Kompetensi", "Level saat ini / standar", "Kegiatan",
                   "Jenis", "JP", "Biaya", "Triwulan", "Penyelenggara"),
         "r in rincian",
         ("{{ r.no }}", "{{ r.unit }}", "{{ r.nip }}", "{{ r.nama }}", "{{ r.kompetensi }}", "{{ r.level }}",
          "{{ r.kegiatan }}", "{{ r.jenis }}", "{{ r.jp }}", "{{ r.biaya }}", "{{ r.triwulan }}",
          "{{ r.penyelenggara }}"),
         (0.8, 2.4, 3.6, 2.8, 2.6, 1.4, 2.8, 1.8, 0.9, 2.4, 2.0, 2.2)),
    ),
))  # fmt: skip

EVALUATION = register(DocumentKind(
    readers=PLANNING_READERS,
    code="evaluasi_pengembangan_kompetensi", name=_("Laporan evaluasi pengembangan kompetensi"),
    number_format="800/{nomor}/EPK/{tahun}", build=evaluation_context, landscape=True,
    sample={
        "tahun": 2027, "rencana": 0, "realisasi": 0, "persen": "", "jp_rencana": 0, "jp_realisasi": 0,
        "persen_jp": "", "biaya_rencana": "", "biaya_realisasi": "", "persen_biaya": "",
        "per_unit": [COMPARISON_ROW], "per_jenis": [COMPARISON_ROW], "di_luar_rencana": 0,
        "jp_di_luar_rencana": 0, "belum_melapor": "", "grafik_unit": SAMPLE_CHART, "grafik_jenis": SAMPLE_CHART,
        "rincian": [{"no": 1, "unit": "", "nama": "", "kegiatan": "", "jp": 1, "biaya": "", "realisasi": ""}],
    },
    blocks=(
        ("kop",), ("title", "LAPORAN EVALUASI PENGEMBANGAN KOMPETENSI PNS TAHUN {{ tahun }}"),
        ("center", "Nomor: {{ nomor }}"), ("p", "Kepada Yth. {{ instansi.kepala_daerah }}"),
        ("p", "Berdasarkan laporan pelaksanaan pengembangan kompetensi dari unit kerja, dari {{ rencana }} kegiatan "
              "dalam rencana yang disetujui telah dilaksanakan {{ realisasi }} kegiatan ({{ persen }}), "
              "{{ jp_realisasi }} dari {{ jp_rencana }} JP ({{ persen_jp }}), dengan biaya {{ biaya_realisasi }} "
              "dari rencana {{ biaya_rencana }} ({{ persen_biaya }})."),
        ("p", "A. Rencana dan realisasi per unit kerja"), _comparison_table("Unit kerja", "per_unit"),
        ("chart", "grafik_unit"),
        ("p", "B. Rencana dan realisasi per jenis pengembangan kompetensi"), _comparison_table("Jenis", "per_jenis"),
        ("chart", "grafik_jenis"),
        ("p", "C. Pengembangan kompetensi di luar rencana: {{ di_luar_rencana }} kegiatan, {{ jp_di_luar_rencana }} "
              "JP. Unit kerja yang belum melaporkan realisasi: {{ belum_melapor }}."),
        ("p", "Demikian laporan ini disampaikan sebagai bahan evaluasi dan perencanaan tahun berikutnya."),
        ("sign", "KEPALA {{ instansi.nama|upper }},"), ("break",),
        ("title", "LAMPIRAN: RENCANA DAN REALISASI PER KEGIATAN"),
        ("table", ("No", "Unit kerja", "Nama", "Kegiatan", "JP", "Biaya rencana", "Realisasi"), "r in rincian",
         ("{{ r.no }}", "{{ r.unit }}", "{{ r.nama }}", "{{ r.kegiatan }}", "{{ r.jp }}", "{{ r.biaya }}",
          "{{ r.realisasi }}"),
         (0.8, 4, 4, 5, 1.2, 3, 7)),
    ),
))  # fmt: skip
