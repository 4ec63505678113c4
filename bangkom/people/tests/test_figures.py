"""The JP ledger and the units' figures follow every write, and the command finds any difference."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from bangkom.people import figures, selectors
from bangkom.people.models import (
    EmployeeType,
    Figure,
    JpNorm,
    JpYear,
    TrainingRecord,
    UnitFigure,
)
from bangkom.people.services import employee_update, history_add, training_record_withdraw
from bangkom.planning.selectors import jp_ledger

pytestmark = pytest.mark.django_db


def training(employee, start: dt.date, end: dt.date, jp: int) -> TrainingRecord:
    return history_add(
        actor=None,
        row=TrainingRecord(employee=employee, name="Bimtek", kind_id=8, start_date=start, end_date=end, jp_hours=jp),
    )


def ledger() -> dict[tuple[str, int], int]:
    return {(row.employee.name, row.year): row.jp for row in JpYear.objects.select_related("employee")}


def unit_figures(unit, year: int) -> dict[tuple[str, str], int]:
    rows = UnitFigure.objects.filter(unit=unit, year=year).exclude(value=0)
    return {(row.figure, row.key): row.value for row in rows}


def checked() -> None:
    """The kept rows equal what the command recomputes from the records (it raises otherwise)."""
    call_command("figures", "--check", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_ledger_and_figures_follow_every_training_write(tree, people) -> None:
    teacher = people.teacher  # SD Negeri 1, PNS, III/b
    checked()
    first = training(teacher, dt.date(2025, 3, 1), dt.date(2025, 3, 3), 12)
    second = training(teacher, dt.date(2025, 5, 5), dt.date(2025, 5, 6), 10)
    assert ledger() == {("Siti Rahayu", 2025): 22}
    assert unit_figures(tree.school, 2025) == {(Figure.JP_TOTAL, ""): 22, (Figure.JP_BAND, "3"): 1}
    checked()

    # A correction moves the second training into 2024: 12 JP stay in 2025 (band 10–19), 10 go to 2024.
    second.start_date, second.end_date = dt.date(2024, 12, 30), dt.date(2024, 12, 31)
    second.save()
    assert ledger() == {("Siti Rahayu", 2025): 12, ("Siti Rahayu", 2024): 10}
    assert unit_figures(tree.school, 2025) == {(Figure.JP_TOTAL, ""): 12, (Figure.JP_BAND, "2"): 1}
    assert unit_figures(tree.school, 2024) == {(Figure.JP_TOTAL, ""): 10, (Figure.JP_BAND, "2"): 1}
    checked()

    # A revoked certificate counts nowhere: 2025 has no JP left.
    training_record_withdraw(record=first, reason="Sertifikat dicabut")
    assert ledger() == {("Siti Rahayu", 2024): 10}
    assert unit_figures(tree.school, 2025) == {}
    checked()

    # Deleting the record empties the ledger.
    second.delete()
    assert ledger() == {}
    checked()


def test_an_employee_moving_changing_type_or_leaving_moves_their_figures(tree, people) -> None:
    teacher, nurse = people.teacher, people.nurse
    training(teacher, dt.date(2025, 3, 1), dt.date(2025, 3, 3), 24)
    assert unit_figures(tree.school, 0) == {
        (Figure.EMPLOYEES, ""): 1,
        (Figure.PNS, ""): 1,
        (Figure.GOLONGAN, "32"): 1,
        (Figure.EDUCATION, ""): 1,
        (Figure.POSITION_KIND, ""): 1,
    }

    employee_update(actor=None, employee=teacher, unit=tree.dinkes)
    assert unit_figures(tree.school, 0) == {} and unit_figures(tree.school, 2025) == {}
    assert unit_figures(tree.dinkes, 0)[(Figure.EMPLOYEES, "")] == 2  # the nurse and the teacher
    assert unit_figures(tree.dinkes, 2025) == {(Figure.JP_TOTAL, ""): 24, (Figure.JP_BAND, "3"): 1}
    checked()

    # A PPPK is counted among the employees but not in the PNS ledger.
    teacher.employee_type = EmployeeType.PPPK
    teacher.save(update_fields=["employee_type"])
    assert unit_figures(tree.dinkes, 2025) == {}
    assert unit_figures(tree.dinkes, 0)[(Figure.PNS, "")] == 1
    checked()

    nurse.delete()
    assert unit_figures(tree.dinkes, 0)[(Figure.EMPLOYEES, "")] == 1
    checked()


def test_a_new_norm_moves_people_between_bands(users, tree, people) -> None:
    training(people.teacher, dt.date(2025, 3, 1), dt.date(2025, 3, 3), 12)
    before = jp_ledger(users["admin"], 2025)
    assert (before.norm, before.total.reached, before.total.bands) == (20, 0, [2, 0, 1, 0])
    JpNorm.objects.create(hours=10, valid_from=dt.date(2025, 1, 1), legal_source="Uji: norma 10 JP")
    assert unit_figures(tree.school, 2025) == {(Figure.JP_TOTAL, ""): 12, (Figure.JP_BAND, "3"): 1}
    after = jp_ledger(users["admin"], 2025)
    assert (after.norm, after.total.reached, after.total.bands) == (10, 1, [2, 0, 0, 1])
    checked()


def test_the_check_names_a_wrong_figure_and_the_rebuild_repairs_it(tree, people) -> None:
    training(people.teacher, dt.date(2025, 3, 1), dt.date(2025, 3, 3), 12)
    UnitFigure.objects.filter(unit=tree.school, figure=Figure.JP_TOTAL, year=2025).update(value=99)
    JpYear.objects.filter(employee=people.teacher).update(jp=7)
    with pytest.raises(CommandError, match="1 baris buku JP dan 1 angka unit berbeda"):
        checked()
    assert figures.figures_rebuild() == {"ledger": 1, "figures": 1}
    assert ledger() == {("Siti Rahayu", 2025): 12}
    checked()
    assert figures.figures_rebuild() == {"ledger": 0, "figures": 0}


def test_dashboard_figures_equal_counting_every_employee(users, tree, people) -> None:
    training(people.nurse, dt.date(2025, 3, 1), dt.date(2025, 3, 3), 12)
    for role in ("admin", "operator"):
        from_figures = selectors.dashboard_stats(users[role])
        with mock.patch.object(selectors, "whole_units_scope", return_value=None):
            counted = selectors.dashboard_stats(users[role])
        assert from_figures == counted
    admin = selectors.dashboard_stats(users["admin"])
    operator = selectors.dashboard_stats(users["operator"])  # Dinas Pendidikan: the head and the teacher
    assert (admin.total, operator.total) == (3, 2)
    assert dict(operator.by_golongan)["III/b"] == 1


def test_an_employee_deleted_with_their_training_leaves_nothing_behind(tree, people) -> None:
    training(people.nurse, dt.date(2025, 3, 1), dt.date(2025, 3, 3), 24)
    assert unit_figures(tree.dinkes, 2025) == {(Figure.JP_TOTAL, ""): 24, (Figure.JP_BAND, "3"): 1}
    people.nurse.delete()  # the records and the ledger row go with the employee
    assert unit_figures(tree.dinkes, 2025) == {} and unit_figures(tree.dinkes, 0) == {}
    assert not JpYear.objects.exists()
    checked()


def test_the_import_writes_past_the_signals_and_rebuilds(tree, people, tmp_path) -> None:
    """The SIASN import writes with COPY/executemany, past the signals: it rebuilds when done."""
    from bangkom.people.importer import import_file
    from bangkom.people.tests.siasn import siasn_csv, siasn_row

    row = {"nip_baru": "199001012015031001", "tanggal_lahir": "01-01-1990", "jenis_kelamin": "M"}
    outcome = import_file(siasn_csv([siasn_row(**row)], tmp_path / "siasn.csv"), actor=None)
    assert outcome.summary is not None and outcome.summary.created == 1
    assert UnitFigure.objects.filter(figure=Figure.EMPLOYEES).aggregate(n=Sum("value"))["n"] == 4
    checked()


def test_the_demo_workforce_rebuilds_the_figures(reference) -> None:
    from bangkom.people.demo import generate_workforce

    counts = generate_workforce(size=60, seed=11)
    assert UnitFigure.objects.filter(figure=Figure.EMPLOYEES).aggregate(n=Sum("value"))["n"] == counts["employees"]
    checked()
