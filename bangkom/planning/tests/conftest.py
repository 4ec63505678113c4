"""A planning cycle for 2027 over the shared unit tree: Disdik (head, teacher) and Dinkes (nurse)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from bangkom.people.models import PositionHistory, PositionKind, TrainingKind
from bangkom.people.services import history_add
from bangkom.planning import services
from bangkom.planning.models import Competency, CostStandard, PlanningCycle, UnitPlan

TODAY = dt.date(2026, 11, 24)
INTEGRITY, COOPERATION = "11", "15"  # kompetensi.csv: Integritas (Int), Kerja Sama (KS)


@pytest.fixture
def positions(people) -> None:
    """The head is an administrator (standard level 3); the teacher and nurse are pelaksana (level 1)."""
    history_add(
        actor=None,
        row=PositionHistory(
            employee=people.head,
            name="Sekretaris Dinas Pendidikan",
            kind_id=PositionKind.ADMINISTRATOR,
            eselon_id="31",
            tmt=dt.date(2020, 1, 2),
        ),
    )
    for person in (people.teacher, people.nurse):
        history_add(
            actor=None,
            row=PositionHistory(
                employee=person, name="Pengadministrasi Umum", kind_id=PositionKind.PELAKSANA, tmt=dt.date(2019, 1, 2)
            ),
        )
    for person in (people.head, people.teacher, people.nurse):
        person.refresh_from_db()


@dataclass
class Cycle:
    cycle: PlanningCycle
    disdik: UnitPlan
    dinkes: UnitPlan


@pytest.fixture
def cycle(users, tree, positions) -> Cycle:
    opened = services.cycle_open(
        actor=users["admin"],
        year=2027,
        needs_due=dt.date(2027, 1, 31),
        verification_due=dt.date(2027, 2, 28),
        report_due=dt.date(2027, 12, 15),
        request_note="Kirim kebutuhan pengembangan kompetensi 2027.",
        today=TODAY,
    )
    return Cycle(opened, opened.unit_plans.get(unit=tree.disdik), opened.unit_plans.get(unit=tree.dinkes))


@pytest.fixture
def cost_standard() -> CostStandard:
    """Training in 2027: at most Rp3.000.000 a person, and Rp100.000 a JP."""
    return CostStandard.objects.create(
        year=2027,
        path="pelatihan",
        max_per_person=Decimal(3_000_000),
        max_per_jp=Decimal(100_000),
        legal_source="Perbup Standar Satuan Harga 2027 (uji)",
    )


def add_item(user, plan: UnitPlan, employee, *, title: str, jp: int, cost: int, quarter: int = 2,
             competency: str = INTEGRITY, kind: int | None = 3, path: str = "pelatihan"):  # fmt: skip
    """A planned item; kind 3 is SIASN's Diklat Teknis."""
    return services.item_add(
        actor=user, unit_plan=plan, employee=employee, competency=Competency.objects.get(pk=competency), path=path,
        kind=TrainingKind.objects.get(pk=kind) if kind else None, title=title, jp=jp, estimated_cost=Decimal(cost),
        quarter=quarter, provider="BPSDM Provinsi",
    )  # fmt: skip
