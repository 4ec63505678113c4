"""Steps of a program's life, for tests that need a program at a given stage (the role matrix too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bangkom.accounts.models import User
from bangkom.documents.models import Document
from bangkom.documents.services import document_check, document_sign
from bangkom.people.models import TrainingKind, Unit
from bangkom.planning.models import Competency, CostStandard
from bangkom.training import services
from bangkom.training.models import BudgetLine, Instructor, MaterialKind, Organiser, Program, Session
from bangkom.training.policy import policy
from conftest import (
    SAMPLE_PDF,
    at,
    operator_of,  # noqa: F401 - re-exported for the tests that use flow
)

PDF = SAMPLE_PDF


def cost_standard(year: int, *, per_person: int = 2_000_000, per_jp: int | None = 100_000) -> CostStandard:
    return CostStandard.objects.create(
        year=year,
        path="pelatihan",
        kind=TrainingKind.objects.get(pk=3),
        max_per_person=Decimal(per_person),
        max_per_jp=Decimal(per_jp) if per_jp is not None else None,
    )


def proposal(actor: User, unit: Unit, start: dt.date, *, days: int = 2, count: int = 3, jp: int = 20) -> Program:
    """A complete draft: 2 budget lines (Rp1.500.000 per participant for 3), one instructor, one
    certified organiser and the three teaching materials."""
    program = services.program_create(
        actor=actor, unit=unit, title="Bimtek Pengelolaan Arsip Dinamis", kind=TrainingKind.objects.get(pk=3),
        target_participants="Pengelola arsip", participant_count=count, jp=jp, start_date=start,
        end_date=start + dt.timedelta(days=days - 1), venue="Aula BKPSDM", facilities="Aula 40 kursi, proyektor",
        competencies=Competency.objects.order_by("code")[:1],
    )  # fmt: skip
    for row in (
        BudgetLine(component="Honor narasumber", volume=Decimal(10), unit_label="JP", unit_cost=Decimal(300_000)),
        BudgetLine(component="Konsumsi", volume=Decimal(count * days), unit_label="OH", unit_cost=Decimal(250_000)),
        Instructor(name="Dr. Rina", qualification="Widyaiswara Ahli Madya", subject="Kearsipan"),
        Organiser(name="Joko", role="Ketua penyelenggara", toc_certificate="TOC-1", mot_certificate="MOT-1"),
    ):
        services.detail_add(actor=actor, program=program, row=row)
    for kind in MaterialKind.values:
        services.material_upload(actor=actor, program=program, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", PDF))
    return program


def sign(document: Document, checker: User, signer: User) -> Document:
    document_check(actor=checker, document=document)
    return document_sign(actor=signer, document=document)


def recommended(program: Program, users: dict[str, User], *, today: dt.date) -> Program:
    """Sent, reviewed (all criteria met), discussed, recommended and the letter signed."""
    services.program_submit(actor=users["operator"], program=program, today=today)
    services.criteria_review(
        actor=users["admin"], program=program, findings=dict.fromkeys(policy().criterion_codes, (True, ""))
    )
    services.discussion_record(
        actor=users["admin"], program=program, held_on=today, attendees="BKPSDM, Disdik", notes="Disepakati."
    )
    letter = services.program_recommend(actor=users["admin"], program=program, outcome="direkomendasikan")
    sign(letter, users["tspdi"], users["pimpinan"])
    program.refresh_from_db()
    return program


def decreed(program: Program, users: dict[str, User]) -> Document:
    return sign(services.decree_draft(actor=users["admin"], program=program), users["tspdi"], users["pimpinan"])


def running(program: Program, users: dict[str, User], nips: list[str], *, today: dt.date) -> Session:
    """Recommended, decreed, with participants and two sessions on its two days, and started; returns
    the first session."""
    recommended(program, users, today=today)
    decreed(program, users)
    services.participants_add(actor=users["operator"], program=program, nips=nips)
    first = services.session_add(actor=users["operator"], program=program, held_on=program.start_date, topic="A")
    services.session_add(actor=users["operator"], program=program, held_on=program.end_date, topic="B")
    services.program_start(actor=users["operator"], program=program, today=program.start_date)
    program.refresh_from_db()
    return first


def finished(program: Program, users: dict[str, User], scores: dict[str, Decimal]) -> Program:
    """Every participant passed with the score given by NIP, and the program closed."""
    results = {p.pk: ("lulus", scores[p.employee.nip]) for p in program.participants.select_related("employee")}
    with at(program.end_date):  # the training records it writes must have happened
        services.results_record(actor=users["operator"], program=program, results=results)
        services.program_finish(actor=users["operator"], program=program, today=program.end_date)
    program.refresh_from_db()
    return program
