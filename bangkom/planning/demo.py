"""Demo planning data for `make run`: a cost-standard table and assessment-centre results for the
structural officials, so the gap analysis has measured levels to show. Fictional, like the workforce."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bangkom.people.models import STRUCTURAL_KINDS, Employee

from .models import CompetencyLevel, CostStandard, DevelopmentPath, LevelSource, RequiredCompetency

DEMO_SOURCE = "Contoh demo: Peraturan Bupati Sukamaju tentang Standar Satuan Harga Tahun {year}"
STRUCTURAL_TRAINING_KIND = 1  # SIASN jenisDiklat: Diklat Struktural


def _cost_standards(year: int) -> list[CostStandard]:
    source = DEMO_SOURCE.format(year=year)
    return [
        CostStandard(year=year, path=DevelopmentPath.TRAINING, max_per_person=Decimal(3_500_000),
                     max_per_jp=Decimal(150_000), legal_source=source),
        CostStandard(year=year, path=DevelopmentPath.TRAINING, kind_id=STRUCTURAL_TRAINING_KIND,
                     max_per_person=Decimal(45_000_000), legal_source=source),
        CostStandard(year=year, path=DevelopmentPath.EDUCATION, max_per_person=Decimal(30_000_000),
                     legal_source=source),
    ]  # fmt: skip


@transaction.atomic
def planning_demo(*, seed: int = 2026, today: dt.date | None = None) -> dict[str, int]:
    """Cost standards for this year and the next, and measured levels of the standard's competencies
    for every structural official (one to two years ago, around the required level)."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    standards = [
        s
        for year in (today.year, today.year + 1)
        for s in _cost_standards(year)
        if not CostStandard.objects.filter(year=year).exists()
    ]
    CostStandard.objects.bulk_create(standards)
    required: dict[str, list[tuple[str, int]]] = {}
    for kind, competency, level in RequiredCompetency.objects.filter(
        standard__is_active=True,
        standard__position_name="",
        standard__eselon__isnull=True,
        standard__functional_position__isnull=True,
    ).values_list("standard__position_kind_id", "competency_id", "level"):
        required.setdefault(kind, []).append((competency, level))
    levels = []
    for pk, kind in Employee.objects.filter(position_kind__in=STRUCTURAL_KINDS).values_list("pk", "position_kind"):
        assessed_on = today - dt.timedelta(days=rng.randint(365, 730))
        for competency, level in required.get(kind, []):
            measured = min(5, max(1, level + rng.choice((-1, -1, 0, 0, 0, 1))))
            levels.append(CompetencyLevel(employee_id=pk, competency_id=competency, level=measured,
                                          source=LevelSource.ASSESSMENT, assessed_on=assessed_on))  # fmt: skip
    CompetencyLevel.objects.bulk_create(levels, batch_size=5000)
    return {"cost_standards": len(standards), "competency_levels": len(levels)}
