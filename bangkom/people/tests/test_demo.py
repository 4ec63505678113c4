from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count

from bangkom.people.demo import generate_workforce
from bangkom.people.models import (
    Employee,
    EnglishTest,
    PositionHistory,
    Post,
    RankHistory,
    SkpRecord,
    TrainingRecord,
    Unit,
)
from bangkom.people.nip import nip_mismatches, parse_nip
from bangkom.people.services import current_from_rows, education_ranks

TODAY = dt.date(2026, 2, 10)  # early in a year: generated dates must not run past it


@pytest.mark.django_db
def test_demo_workforce_is_consistent(reference) -> None:
    counts = generate_workforce(size=400, seed=7, today=TODAY)
    assert counts["employees"] == Employee.objects.count() == 400
    assert Unit.objects.filter(parent=None).count() == 1
    assert Unit.objects.count() == 42
    ranks = education_ranks()
    for employee in Employee.objects.prefetch_related("rank_history", "position_history", "education_history"):
        parts = parse_nip(employee.nip)
        assert nip_mismatches(parts, birth_date=employee.birth_date, gender=employee.gender) == []
        assert employee.tmt_cpns and employee.tmt_cpns > employee.birth_date
        current = current_from_rows(
            employee.rank_history.all(), employee.position_history.all(), employee.education_history.all(), ranks
        )
        assert all(getattr(employee, k) == v for k, v in current.items()), employee.nip
        assert all(r.tmt <= TODAY for r in employee.rank_history.all())
    # The top of the job map is always there: one sekda (II.a), heads of OPD at II.b.
    assert Employee.objects.filter(eselon_id="21").count() == 1
    assert Employee.objects.filter(eselon_id="22").count() >= 20
    assert Employee.objects.filter(eselon_id="22").exclude(golongan_id__gte=41).count() == 0
    assert not SkpRecord.objects.values("employee", "year").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert TrainingRecord.objects.exists() and RankHistory.objects.count() >= 400
    assert not TrainingRecord.objects.filter(end_date__gt=TODAY).exists()
    assert not PositionHistory.objects.filter(tmt__gt=TODAY).exists()
    assert not EnglishTest.objects.filter(test_date__gt=TODAY).exists()


@pytest.mark.django_db
def test_same_seed_same_workforce(reference) -> None:
    counts = generate_workforce(size=60, seed=11, today=TODAY)
    # The job map: a post for each of the 7 structural officials (13 % of 60), the rest vacant.
    officials = Employee.objects.exclude(eselon=None).exclude(eselon_id="99")
    assert Post.objects.exclude(holder=None).count() == officials.count() == 7
    assert Post.objects.filter(holder=None).exists() and counts["posts"] == Post.objects.count()
    first = list(Employee.objects.order_by("nip").values_list("nip", "name", "golongan_id", "position_name"))
    Post.objects.all().delete()  # the job map the demo built
    Employee.objects.all().delete()
    for unit in Unit.objects.order_by("-depth"):
        unit.delete()
    generate_workforce(size=60, seed=11, today=TODAY)
    second = list(Employee.objects.order_by("nip").values_list("nip", "name", "golongan_id", "position_name"))
    assert first == second


@pytest.mark.django_db
def test_command_refuses_a_non_empty_database(reference, tree, capsys) -> None:
    call_command("generate_demo", "--if-empty", "--size", "5")
    assert "sudah ada" in capsys.readouterr().out
    with pytest.raises(Exception, match="kosong"):
        call_command("generate_demo", "--size", "5")
