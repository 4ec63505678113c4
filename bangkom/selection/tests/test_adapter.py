"""Registry -> engine facts, and the whole path from the registry to a screening result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangkom.people.models import EducationHistory, Employee, EnglishTest, PositionHistory, RankHistory, SkpRecord
from bangkom.people.services import history_add
from bangkom.rules import Category, Status, load_ruleset, screen
from bangkom.selection.adapter import RoundFacts, candidates_from_registry
from conftest import make_employee

AS_OF = dt.date(2026, 11, 23)
GURU_AHLI_MUDA = "A5EB03E23F44F6A0E040640A040252AD"  # SIASN usiaBup 60


def official(tree, nip: str = "197508202001121002") -> Employee:
    employee = make_employee(tree.disdik, nip, "Budi Santoso", front_title="Drs.", back_title="M.Si.")
    for row in (
        RankHistory(employee=employee, golongan_id=42, tmt=dt.date(2021, 4, 1)),
        PositionHistory(
            employee=employee,
            name="Kepala Bidang Pembinaan",
            kind_id="administrator",
            eselon_id="32",
            tmt=dt.date(2019, 6, 3),
        ),
        EducationHistory(employee=employee, level_id="45", graduation_year=2005),
        SkpRecord(employee=employee, year=2025, rating_id=2),
        SkpRecord(employee=employee, year=2024, rating_id=3),
        EnglishTest(employee=employee, kind_id="TOEIC", score=600, test_date=dt.date(2023, 5, 1)),
        EnglishTest(employee=employee, kind_id="TOEFL_PBT", score=480, test_date=dt.date(2025, 5, 1)),
        EnglishTest(employee=employee, kind_id="TOEFL_ITP", score=520, test_date=dt.date(2026, 11, 25)),  # after as-of
    ):
        history_add(actor=None, row=row)
    return Employee.objects.get(pk=employee.pk)


def test_registry_facts_become_engine_facts(tree) -> None:
    employee = official(tree)
    [candidate] = candidates_from_registry(Employee.objects.filter(pk=employee.pk), as_of=AS_OF)
    assert (candidate.nip, candidate.name, candidate.birth_date) == (
        employee.nip,
        "Drs. Budi Santoso, M.Si.",
        dt.date(1975, 8, 20),
    )
    assert (candidate.golongan, candidate.position_kind, candidate.eselon, candidate.position_tmt) == (
        "IV/b",
        "administrator",
        "III.b",
        dt.date(2019, 6, 3),
    )
    assert (candidate.education, candidate.skp) == ("S2", "baik")  # the SKP of 2025, the year before as-of
    assert (candidate.english_test, candidate.english_score) == ("TOEFL", Decimal(480))  # latest on or before as-of
    assert candidate.bup == 58 and not candidate.proposed_by_unit and candidate.score_knowledge is None


def test_round_facts_and_functional_bup(tree) -> None:
    teacher = make_employee(tree.school, "198503152010012003", "Siti Rahayu", bup_override=None)
    history_add(
        actor=None,
        row=PositionHistory(
            employee=teacher,
            name="Guru Ahli Muda",
            kind_id="fungsional",
            functional_position_id=GURU_AHLI_MUDA,
            tmt=dt.date(2020, 1, 1),
        ),
    )
    facts = {
        teacher.pk: RoundFacts(
            proposed_by_unit=True, baperjakat=True, education_conversion=True, score_knowledge=Decimal(80)
        )
    }
    [candidate] = candidates_from_registry(Employee.objects.filter(pk=teacher.pk), as_of=AS_OF, round_facts=facts)
    assert candidate.bup == 60 and candidate.proposed_by_unit and candidate.education_conversion
    assert candidate.score_knowledge == Decimal(80) and candidate.score_potential is None


def test_missing_registry_data_shows_as_incomplete(tree) -> None:
    newcomer = make_employee(tree.dinkes, "199002022015032001", "Ani Lestari")
    [candidate] = candidates_from_registry(Employee.objects.filter(pk=newcomer.pk), as_of=AS_OF)
    [result] = screen(load_ruleset("bima-2018"), "IV", AS_OF, [candidate])
    incomplete = {f.code for f in result.incomplete}
    assert incomplete == {"GOLONGAN", "PENDIDIKAN", "SKP"}
    assert result.category is Category.C and all(f.status is Status.INCOMPLETE for f in result.incomplete)


def test_query_count_does_not_grow_with_employees(tree) -> None:
    official(tree)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            candidates_from_registry(Employee.objects.all(), as_of=AS_OF)
        return len(queries)

    assert count() == 3  # the first also reads the BUP rules into the table cache
    few = count()
    for n in range(3, 13):  # 002 is the first official
        official(tree, nip=f"197508202001121{n:03d}")
    assert count() == few == 2  # employees with their SKP by a join, English tests
