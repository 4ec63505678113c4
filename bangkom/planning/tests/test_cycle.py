"""The whole planning cycle through the services, with figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document as DocxFile
from pypdf import PdfReader

from bangkom.core.errors import ServiceError
from bangkom.documents.services import document_check, document_sign
from bangkom.documents.tests import pdf
from bangkom.people.models import TrainingRecord
from bangkom.people.services import history_add
from bangkom.planning import selectors, services
from bangkom.planning.models import CycleStatus, ItemStatus, UnitPlanStatus
from conftest import assert_services_refuse_without, operator_of

from .conftest import COOPERATION, TODAY, add_item

pytestmark = pytest.mark.django_db


def training(employee, name: str, end: dt.date, jp: int) -> TrainingRecord:
    return history_add(
        actor=None,
        row=TrainingRecord(
            employee=employee, name=name, kind_id=3, start_date=end - dt.timedelta(days=2), end_date=end, jp_hours=jp
        ),
    )


@pytest.fixture
def planned(users, people, cycle, cost_standard):
    """Disdik and Dinkes send, BKPSDM returns one item, Disdik fixes it, both are verified."""
    operator, admin = users["operator"], users["admin"]
    a = add_item(
        operator, cycle.disdik, people.head, title="Pelatihan Integritas Pimpinan", jp=30, cost=2_500_000, quarter=1
    )
    b = add_item(operator, cycle.disdik, people.head, title="Bimtek Kerja Sama Tim", jp=20, cost=2_500_000,
                 competency=COOPERATION)  # fmt: skip
    c = add_item(
        operator, cycle.disdik, people.teacher, title="E-Learning Pelayanan Publik", jp=10, cost=0, kind=16, quarter=3
    )
    services.unit_plan_submit(actor=operator, unit_plan=cycle.disdik)
    services.item_verify(actor=admin, item=a, decision=ItemStatus.ACCEPTED)
    services.item_verify(actor=admin, item=b, decision=ItemStatus.RETURNED, note="Biaya melebihi standar")
    services.item_verify(actor=admin, item=c, decision=ItemStatus.ACCEPTED)
    assert services.unit_plan_verify(actor=admin, unit_plan=cycle.disdik).status == UnitPlanStatus.RETURNED
    b = services.item_update(actor=operator, item=b, estimated_cost=Decimal(2_000_000))
    services.unit_plan_submit(actor=operator, unit_plan=cycle.disdik)
    services.item_verify(actor=admin, item=b, decision=ItemStatus.ACCEPTED)
    services.unit_plan_verify(actor=admin, unit_plan=cycle.disdik)
    # Dinkes is entered by its own operator (the Disdik operator may not write into another unit).
    dinkes = operator_of(cycle.dinkes.unit)
    d = add_item(dinkes, cycle.dinkes, people.nurse, title="Pelatihan Pelayanan Prima", jp=24, cost=1_800_000)
    e = add_item(dinkes, cycle.dinkes, people.nurse, title="Seminar Kesehatan Kerja", jp=8, cost=500_000, kind=9)
    services.unit_plan_submit(actor=dinkes, unit_plan=cycle.dinkes)
    services.item_verify(actor=admin, item=d, decision=ItemStatus.ACCEPTED)
    services.item_verify(actor=admin, item=e, decision=ItemStatus.REJECTED, note="Bukan kebutuhan organisasi")
    services.unit_plan_verify(actor=admin, unit_plan=cycle.dinkes)
    return a, b, c, d, e


def approve(users, cycle) -> None:
    document = services.cycle_consolidate(actor=users["admin"], cycle=cycle.cycle)
    document_check(actor=users["tspdi"], document=document)
    document_sign(actor=users["pimpinan"], document=document)
    services.cycle_approve(actor=users["pimpinan"], cycle=cycle.cycle)


def test_opening_asks_every_opd(cycle, tree) -> None:
    assert {p.unit for p in cycle.cycle.unit_plans.all()} == {tree.disdik, tree.dinkes}
    assert cycle.disdik.status == UnitPlanStatus.DRAFT
    assert cycle.disdik.status_changes.get().note == "Permintaan kebutuhan dari BKPSDM"


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_cycle_is_for_a_coming_year(users, tree, year) -> None:
    with pytest.raises(ServiceError, match=str(year)):
        services.cycle_open(
            actor=users["admin"],
            year=year,
            needs_due=dt.date(2026, 12, 31),
            verification_due=dt.date(2027, 1, 31),
            report_due=dt.date(2027, 12, 1),
            today=TODAY,
        )


def test_one_cycle_per_year(users, cycle) -> None:
    with pytest.raises(ServiceError, match="sudah dibuka"):
        services.cycle_open(
            actor=users["admin"],
            year=2027,
            needs_due=dt.date(2027, 1, 31),
            verification_due=dt.date(2027, 2, 28),
            report_due=dt.date(2027, 12, 1),
            today=TODAY,
        )


def test_return_and_fix_leave_a_trail(planned) -> None:
    b = planned[1]
    b.refresh_from_db()
    trail = [(ch.from_status, ch.to_status, ch.note) for ch in b.status_changes.all()]
    assert trail == [
        ("", "menunggu", ""),
        ("menunggu", "dikembalikan", "Biaya melebihi standar"),
        ("dikembalikan", "menunggu", "Diperbaiki unit kerja"),
        ("menunggu", "diterima", ""),
    ]
    plan = b.unit_plan
    assert [ch.to_status for ch in plan.status_changes.all()] == [
        "disusun",
        "diajukan",
        "dikembalikan",
        "diajukan",
        "diverifikasi",
    ]


def test_each_move_of_a_unit_plan_tells_whom_it_waits_on(users, planned) -> None:
    from bangkom.notifications.models import Notification

    def told(user) -> list[str]:  # type: ignore[no-untyped-def]
        return list(Notification.objects.filter(recipient=user).order_by("id").values_list("text", flat=True))

    assert told(users["admin"]) == [
        "Rencana Dinas Pendidikan siklus 2027 menunggu verifikasi.",
        "Rencana Dinas Pendidikan siklus 2027 menunggu verifikasi.",
        "Rencana Dinas Kesehatan siklus 2027 menunggu verifikasi.",
    ]
    assert told(users["operator"]) == [  # the Disdik operator; Dinkes's own operator hears of Dinkes
        "Rencana Dinas Pendidikan siklus 2027 dikembalikan untuk perbaikan: 1 kegiatan dikembalikan untuk diperbaiki.",
        "Rencana Dinas Pendidikan siklus 2027 diverifikasi BKPSDM.",
    ]


def test_gap_snapshot_on_the_item(planned) -> None:
    a = planned[0]
    # The head is an administrator (standard level 3) with no level measured yet.
    assert (a.required_level, a.current_level) == (3, None)


def test_budget_and_cost_flags(planned, cycle) -> None:
    a, b, c, d, e = planned
    budget = selectors.budget(selectors.cycle_items(cycle.cycle))
    # Accepted: a 30 JP Rp2.500.000, b 20 JP Rp2.000.000, c 10 JP Rp0, d 24 JP Rp1.800.000.
    assert (budget.total.items, budget.total.jp, budget.total.cost) == (4, 84, Decimal(6_300_000))
    assert {(line.label, line.items, line.jp, line.cost) for line in budget.by_unit} == {
        ("Dinas Pendidikan", 3, 60, Decimal(4_500_000)),
        ("Dinas Kesehatan", 1, 24, Decimal(1_800_000)),
    }
    assert {(line.label, line.jp) for line in budget.by_quarter} == {
        ("Triwulan I", 30),
        ("Triwulan II", 44),
        ("Triwulan III", 10),
    }
    assert {line.label for line in budget.by_kind} == {"Diklat Teknis", "E-Learning"}
    # Standard: Rp3.000.000 a person, Rp100.000 a JP. a: 30 JP → limit 3.000.000, 2.500.000 is within;
    # b before the fix: 20 JP → limit 2.000.000, 2.500.000 above; after the fix exactly at the limit.
    # e (Seminar, kind 9) falls under the same "any training" standard: 8 JP → 800.000, 500.000 within.
    assert selectors.cost_limits([a, b, c, d, e], 2027) == {}
    b.estimated_cost = Decimal(2_000_001)
    assert selectors.cost_limits([b], 2027) == {b.pk: Decimal(2_000_000)}
    assert selectors.cost_limits([b], 2028) == {}  # no standard for that year


def test_full_cycle_figures(users, people, planned, cycle, clock) -> None:
    a, _b, c, _d, _e = planned
    approve(users, cycle)
    clock(dt.date(2027, 12, 10))  # the realisations are reported near the end of the plan's year
    cycle.cycle.refresh_from_db()
    assert cycle.cycle.status == CycleStatus.APPROVED
    operator = users["operator"]
    services.realisation_record(
        actor=operator,
        item=a,
        actual_cost=Decimal(2_400_000),
        start_date=dt.date(2027, 3, 10),
        end_date=dt.date(2027, 3, 13),
        jp=32,
    )
    existing = training(people.teacher, "E-Learning Pelayanan Publik (LMS)", dt.date(2027, 8, 1), 10)
    services.realisation_record(actor=operator, item=c, actual_cost=Decimal(0), training_record=existing)
    training(people.nurse, "Sosialisasi SIASN", dt.date(2027, 5, 1), 6)  # outside any plan
    # The new record is in the head's history and counts towards his JP of 2027.
    record = people.head.training_records.get(name="Pelatihan Integritas Pimpinan")
    assert (record.jp_hours, record.realisation.item) == (32, a)

    result = selectors.evaluation(cycle.cycle)
    total = result.comparison.total
    assert (total.planned, total.planned_jp, total.planned_cost) == (4, 84, Decimal(6_300_000))
    assert (total.realised, total.realised_jp, total.realised_cost) == (2, 42, Decimal(2_400_000))
    assert (total.count_percent, total.jp_percent, total.cost_percent) == (50.0, 50.0, 38.1)
    disdik = result.comparison.by_unit["Dinas Pendidikan"]
    assert (disdik.count_percent, disdik.jp_percent, disdik.cost_percent) == (66.7, 70.0, 53.3)
    dinkes = result.comparison.by_unit["Dinas Kesehatan"]
    assert (dinkes.realised, dinkes.count_percent) == (0, 0.0)
    elearning = result.comparison.by_kind["E-Learning"]
    assert (elearning.realised_jp, elearning.cost_percent) == (10, None)  # nothing planned to spend
    assert (result.unplanned_records, result.unplanned_jp) == (1, 6)
    assert result.not_reported == ["Dinas Pendidikan", "Dinas Kesehatan"]

    services.unit_plan_report(actor=operator, unit_plan=cycle.disdik, note="Dua kegiatan terlaksana")
    assert selectors.evaluation(cycle.cycle).not_reported == ["Dinas Kesehatan"]
    request = cycle.cycle.request
    request.refresh_from_db()
    assert (request.step, request.status) == (6, "diproses")  # opened (1), consolidated (2-4), approved (5)
    document = services.cycle_evaluate(actor=users["admin"], cycle=cycle.cycle)
    request.refresh_from_db()
    # The service request followed the cycle through its nine steps and was delivered with the evaluation.
    assert (request.status, request.finished_on) == ("selesai", dt.date(2027, 12, 10))
    assert list(request.status_changes.exclude(step=None).values_list("step", flat=True)) == list(range(1, 10))
    assert document.context["persen_jp"] == "50,0%"
    assert document.context["biaya_realisasi"] == "Rp2.400.000"
    pages = PdfReader(io.BytesIO(document.pdf)).pages
    assert pdf.distinct_images(bytes(document.pdf)) == 2  # the two charts, per unit and per kind
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "dari 4 kegiatan dalam rencana yang disetujui telah dilaksanakan 2 kegiatan (50,0%)" in text
    assert len(DocxFile(io.BytesIO(document.docx)).inline_shapes) == 2

    ledger = selectors.jp_ledger(users["admin"], 2027)
    # head 32, teacher 10, nurse 6 against 20 JP.
    assert (ledger.norm, ledger.total.employees, ledger.total.reached) == (20, 3, 1)
    assert ledger.total.bands == [0, 1, 1, 1]
    assert {(r.name, r.employees, r.reached, r.total_jp) for r in ledger.rows} == {
        ("Dinas Pendidikan", 2, 1, 42),
        ("Dinas Kesehatan", 1, 0, 6),
    }
    behind = selectors.behind(users["admin"], 2027, ledger.norm).order_by("jp")
    assert [(e.pk, e.jp) for e in behind] == [(people.nurse.pk, 6), (people.teacher.pk, 10)]
    assert [e.pk for e in selectors.behind(users["admin"], 2027, ledger.norm, band=1)] == [people.nurse.pk]


def test_refusals_name_the_reason(users, people, planned, cycle, clock) -> None:
    a, *_accepted, e = planned
    clock(dt.date(2027, 12, 10))
    operator, admin = users["operator"], users["admin"]
    with pytest.raises(ServiceError, match="tidak dapat diubah"):
        add_item(operator, cycle.disdik, people.head, title="Tambahan", jp=5, cost=0)
    with pytest.raises(ServiceError, match="setelah rencana disetujui"):
        services.realisation_record(
            actor=operator,
            item=a,
            actual_cost=Decimal(0),
            start_date=dt.date(2027, 3, 1),
            end_date=dt.date(2027, 3, 2),
            jp=10,
        )
    document = services.cycle_consolidate(actor=admin, cycle=cycle.cycle)
    with pytest.raises(ServiceError, match="harus ditandatangani"):
        services.cycle_approve(actor=users["pimpinan"], cycle=cycle.cycle)
    document_check(actor=users["tspdi"], document=document)
    document_sign(actor=users["pimpinan"], document=document)
    services.cycle_approve(actor=users["pimpinan"], cycle=cycle.cycle)
    with pytest.raises(ServiceError, match="di luar tahun rencana 2027"):
        services.realisation_record(
            actor=operator,
            item=a,
            actual_cost=Decimal(0),
            start_date=dt.date(2026, 12, 1),
            end_date=dt.date(2026, 12, 31),
            jp=10,
        )
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        services.realisation_record(
            actor=operator,
            item=e,
            actual_cost=Decimal(0),
            start_date=dt.date(2027, 3, 1),
            end_date=dt.date(2027, 3, 2),
            jp=8,
        )
    with pytest.raises(ServiceError, match="diterima dalam rencana"):
        services.realisation_record(
            actor=operator_of(cycle.dinkes.unit),
            item=e,
            actual_cost=Decimal(0),
            start_date=dt.date(2027, 3, 1),
            end_date=dt.date(2027, 3, 2),
            jp=8,
        )
    other = training(people.nurse, "Diklat lain", dt.date(2027, 4, 1), 12)
    with pytest.raises(ServiceError, match="milik pegawai lain"):
        services.realisation_record(actor=operator, item=a, actual_cost=Decimal(0), training_record=other)
    assert not TrainingRecord.objects.filter(start_date__year=2026, employee=people.head).exists()


def test_ppk_return_reopens_the_cycle_and_a_unit_plan(users, people, planned, cycle) -> None:
    admin, operator = users["admin"], users["operator"]
    services.cycle_consolidate(actor=admin, cycle=cycle.cycle)
    with pytest.raises(ServiceError, match="selama siklus menerima kebutuhan"):
        services.unit_plan_reopen(actor=admin, unit_plan=cycle.disdik, note="Tambah diklat guru")
    with pytest.raises(ServiceError, match="alasan"):
        services.cycle_return(actor=users["pimpinan"], cycle=cycle.cycle, note=" ")
    services.cycle_return(actor=users["pimpinan"], cycle=cycle.cycle, note="Prioritaskan guru")
    plan = services.unit_plan_reopen(actor=admin, unit_plan=cycle.disdik, note="Tambah diklat guru")
    assert plan.status == UnitPlanStatus.RETURNED
    add_item(operator, plan, people.teacher, title="Diklat Kurikulum Merdeka", jp=32, cost=2_000_000)
    services.unit_plan_submit(actor=operator, unit_plan=plan)
    assert [ch.to_status for ch in cycle.cycle.status_changes.all()] == ["dibuka", "dikonsolidasi", "dibuka"]
    assert cycle.cycle.status_changes.last().note == "Prioritaskan guru"


PLANNING_SERVICES = {
    services.MANAGE: ("cycle_open", "cycle_consolidate", "cycle_cancel", "cycle_evaluate", "item_verify", "unit_plan_verify",
                      "unit_plan_reopen", "unit_report_return"),
    services.APPROVE: ("cycle_approve", "cycle_return"),
    services.PLAN: ("item_add", "item_update", "item_remove", "unit_plan_submit", "unit_plan_report",
                    "realisation_record"),
}  # fmt: skip


@pytest.mark.parametrize("permission", list(PLANNING_SERVICES))
def test_every_planning_service_refuses_an_actor_without_its_permission(users, cycle, permission) -> None:
    """Called directly: the service refuses before it reads its other arguments, and nothing changes."""
    before = (cycle.cycle.status, cycle.disdik.status)
    assert_services_refuse_without(permission, services, PLANNING_SERVICES[permission], users, cycle.disdik)
    cycle.cycle.refresh_from_db()
    cycle.disdik.refresh_from_db()
    assert (cycle.cycle.status, cycle.disdik.status) == before


def test_consolidation_waits_for_silent_units_until_their_deadline_and_names_them(users, people, cycle) -> None:
    operator, admin = users["operator"], users["admin"]
    item = add_item(operator, cycle.disdik, people.head, title="Pelatihan Integritas Pimpinan", jp=30, cost=2_500_000)
    services.unit_plan_submit(actor=operator, unit_plan=cycle.disdik)
    services.item_verify(actor=admin, item=item, decision=ItemStatus.ACCEPTED)
    services.unit_plan_verify(actor=admin, unit_plan=cycle.disdik)
    # Dinkes has sent nothing; its deadline is 31-01-2027, that day included.
    with pytest.raises(ServiceError, match=r"1 unit kerja belum mengirim kebutuhan .*31-01-2027.*: Dinas Kesehatan\."):
        services.cycle_consolidate(actor=admin, cycle=cycle.cycle, today=dt.date(2027, 1, 31))
    assert cycle.cycle.status_changes.count() == 1
    services.cycle_consolidate(actor=admin, cycle=cycle.cycle, today=dt.date(2027, 2, 1))
    change = cycle.cycle.status_changes.last()
    assert change.to_status == CycleStatus.CONSOLIDATED
    assert change.note == (
        "Dikonsolidasikan tanpa 1 unit kerja yang tidak mengirim kebutuhan sampai batasnya: Dinas Kesehatan."
    )
    # The evaluation names every unit without a realisation report, the silent one included.
    assert selectors.evaluation(cycle.cycle).not_reported == ["Dinas Pendidikan", "Dinas Kesehatan"]


def test_a_cycle_opened_by_mistake_is_cancelled_with_its_reason_and_its_year_opened_again(users, people, cycle) -> None:
    admin, operator = users["admin"], users["operator"]
    with pytest.raises(ServiceError, match="alasan"):
        services.cycle_cancel(actor=admin, cycle=cycle.cycle, reason=" ")
    services.cycle_cancel(actor=admin, cycle=cycle.cycle, reason="Tahun keliru")
    cycle.cycle.refresh_from_db()
    assert cycle.cycle.status == CycleStatus.CANCELLED
    assert cycle.cycle.request.status == "dibatalkan"  # its service request ends with it
    assert cycle.cycle.status_changes.last().note == "Tahun keliru"
    with pytest.raises(ServiceError, match="tidak sedang menerima kebutuhan"):
        add_item(operator, cycle.disdik, people.head, title="Terlambat", jp=5, cost=0)
    again = services.cycle_open(
        actor=admin,
        year=2027,
        needs_due=dt.date(2027, 1, 31),
        verification_due=dt.date(2027, 2, 28),
        report_due=dt.date(2027, 12, 15),
        today=TODAY,
    )
    assert again.pk != cycle.cycle.pk and again.status == CycleStatus.OPEN


def test_a_cycle_some_unit_answered_is_not_cancelled(users, people, cycle) -> None:
    operator = users["operator"]
    add_item(operator, cycle.disdik, people.head, title="Pelatihan", jp=10, cost=0)
    services.unit_plan_submit(actor=operator, unit_plan=cycle.disdik)
    with pytest.raises(ServiceError, match="sudah mengirim kebutuhannya"):
        services.cycle_cancel(actor=users["admin"], cycle=cycle.cycle, reason="Keliru")


def test_a_long_list_of_silent_units_fits_the_history_note() -> None:
    names = [f"Dinas Nomor {n:02d} Kabupaten Uji" for n in range(36)]
    text = services._names_within(names, 600)
    assert len(text) <= 620 and text.endswith("lainnya") and text.startswith("Dinas Nomor 00")
    assert services._names_within(names[:2], 600) == "Dinas Nomor 00 Kabupaten Uji, Dinas Nomor 01 Kabupaten Uji"
