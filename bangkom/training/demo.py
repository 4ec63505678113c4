"""Demo data for `make run`: a technical program the Disdik operator is drafting for the year after
next, created through the services like real work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.people.models import TrainingKind
from bangkom.planning.models import Competency

from . import services
from .models import BudgetLine, Instructor, Organiser, Program


@transaction.atomic
def training_demo(*, operator: User, today: dt.date | None = None) -> dict[str, int]:
    """Only on a database that has no program yet; returns what it made."""
    if Program.objects.exists() or not operator.unit_id:
        return {}
    start = dt.date((today or timezone.localdate()).year + 2, 3, 10)
    program = services.program_create(
        actor=operator, unit=operator.unit, title="Bimtek Penyusunan Modul Ajar Kurikulum Merdeka",
        kind=TrainingKind.objects.get(pk=8), target_participants="Guru SD dan SMP", participant_count=30, jp=32,
        start_date=start, end_date=start + dt.timedelta(days=3), venue="Aula Dinas Pendidikan",
        facilities="Aula 60 kursi, proyektor, jaringan internet", competencies=Competency.objects.order_by("code")[:2],
    )  # fmt: skip
    for row in (
        BudgetLine(component="Honor narasumber", volume=Decimal(32), unit_label="JP", unit_cost=Decimal(300_000)),
        BudgetLine(component="Konsumsi peserta", volume=Decimal(120), unit_label="OH", unit_cost=Decimal(100_000)),
        Instructor(name="Dr. Maya Sari, M.Pd.", qualification="Widyaiswara Ahli Madya", subject="Kurikulum Merdeka"),
        Organiser(
            name="Hendra Gunawan",
            role="Ketua penyelenggara",
            toc_certificate="TOC-2022-08",
            mot_certificate="MOT-2023-02",
        ),
    ):
        services.detail_add(actor=operator, program=program, row=row)
    return {"program pelatihan": 1}
