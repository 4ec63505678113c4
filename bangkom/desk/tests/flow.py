"""The JPT Pratama assessment walked through its 16 steps with the real services, for the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.desk import services
from bangkom.desk.models import JobTargetAssessment
from bangkom.documents.models import Document
from bangkom.documents.services import document_check, document_sign
from bangkom.people.models import Employee
from bangkom.workflow.services import disposition_send
from conftest import SAMPLE_PDF

PDF = SAMPLE_PDF


def pdf(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def step_of(assessment: JobTargetAssessment) -> int:
    assessment.request.refresh_from_db()
    return assessment.request.step


def open_assessment(admin: User) -> JobTargetAssessment:
    return services.assessment_open(
        actor=admin,
        title="Asesmen job target JPT Pratama 2026",
        positions="Kepala Dinas Pendidikan",
        pansel_reference="Pengumuman Pansel 800/12/2026",
        province_agency="BKD Provinsi Jawa Timur",
        received_on=timezone.localdate(),
    )


def to_step_5(users: dict[str, User], participants: list[Employee]) -> JobTargetAssessment:
    admin, kabid, head = users["admin"], users["kabid"], users["pimpinan"]
    assessment = open_assessment(admin)
    disposition_send(actor=head, subject=assessment, to_role="kabid", instruction="Siapkan asesmen job target")
    services.participants_add(actor=kabid, assessment=assessment, nips=[e.nip for e in participants])
    services.coordination_record(actor=kabid, assessment=assessment, note="Jadwal disepakati dengan BKD Provinsi")
    disposition_send(actor=kabid, subject=assessment, to_role="admin", instruction="Buat surat permohonan fasilitasi")
    return assessment


def facilitation_letter_signed(users: dict[str, User], assessment: JobTargetAssessment) -> Document:
    admin, kabid, umum, head = users["admin"], users["kabid"], users["umum"], users["pimpinan"]
    letter = services.letter_draft(actor=admin, assessment=assessment, kind=services.FACILITATION_LETTER)
    letter = document_check(actor=kabid, document=letter)
    disposition_send(actor=admin, subject=assessment, to_role="umum", instruction="Naikkan kepada Kepala")
    letter = document_sign(actor=head, document=letter)
    disposition_send(actor=umum, subject=assessment, to_role="admin", instruction="Surat telah ditandatangani")
    disposition_send(actor=admin, subject=assessment, to_role="kabid", instruction="Surat siap dikirim")
    return letter


def through_reply(users: dict[str, User], assessment: JobTargetAssessment, *, days_ago: int = 20) -> None:
    kabid = users["kabid"]
    today = timezone.localdate()
    services.letter_sent_record(actor=kabid, assessment=assessment, sent_on=today - dt.timedelta(days=days_ago + 10))
    services.reply_record(
        actor=kabid,
        assessment=assessment,
        reply_number="800/77/BKD/2026",
        reply_date=today - dt.timedelta(days=days_ago + 5),
        reply_note="Asesor ditugaskan",
        facilitation_starts_on=today - dt.timedelta(days=days_ago),
        facilitation_ends_on=today - dt.timedelta(days=days_ago - 1),
        venue="UPT Penilaian Kompetensi",
    )


def papers_ready(users: dict[str, User], assessment: JobTargetAssessment) -> None:
    """Every participant's papers uploaded (where the registry had none) and found valid, and their
    SIASN data marked up to date: what the execution letters wait for."""
    admin = users["admin"]
    for participant in assessment.participants.all():
        for paper in participant.papers.all():
            if paper.document_id is None:
                paper = services.paper_upload(actor=admin, paper=paper, upload=pdf(f"{paper.kind}.pdf"))
            services.paper_verify(actor=admin, paper=paper, valid=True)
        services.siasn_mark_updated(actor=admin, participant=participant)


def execution_letters_initialled(users: dict[str, User], assessment: JobTargetAssessment) -> list[Document]:
    """Steps 13-15: the order, the schedule, the NPKND, summons, SPT and briefing drafted and initialled."""
    admin, kabid = users["admin"], users["kabid"]
    papers_ready(users, assessment)
    disposition_send(actor=kabid, subject=assessment, to_role="admin", instruction="Buat NPKND dan surat pelaksanaan")
    start = assessment.facilitation_starts_on or timezone.localdate()
    for participant in assessment.participants.all():
        services.schedule_set(actor=admin, participant=participant, assessed_on=start, days=1)
    letters = [services.letter_draft(actor=admin, assessment=assessment, kind=k) for k in services.EXECUTION_LETTERS]
    return [document_check(actor=kabid, document=letter) for letter in letters]


def execution_letters_approved(users: dict[str, User], assessment: JobTargetAssessment) -> list[Document]:
    """Step 16 as the seed has it: the head signs the NPKND and initials the other three."""
    head = users["pimpinan"]
    npknd, *others = execution_letters_initialled(users, assessment)
    return [document_sign(actor=head, document=npknd), *(document_check(actor=head, document=d) for d in others)]


def result(users: dict[str, User], participant: object, jpm: str = "84.50") -> None:
    services.result_record(
        actor=users["admin"],
        participant=participant,
        received_on=timezone.localdate(),
        jpm=Decimal(jpm),
        category="Optimal",
        recommendation="Disarankan",
        upload=pdf(),
    )
