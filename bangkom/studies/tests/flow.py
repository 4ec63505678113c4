"""Steps of a study selection and an overseas request, for tests that need one at a given stage (the
role matrix too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bangkom.accounts.models import User
from bangkom.documents.services import document_check, document_sign
from bangkom.people.models import EducationHistory, EducationLevel, Employee, RankHistory, SkpRecord
from bangkom.people.services import employee_update, history_add
from bangkom.rules.dates import add_months
from bangkom.studies import services
from bangkom.studies.models import OverseasRequest, StudyAnnouncement, StudyApplication, StudyAssignment
from bangkom.studies.policy import REPORT_PAPER, overseas_policy, study_papers
from conftest import SAMPLE_PDF

RULES = "dki-tugas-belajar-2018"
PDF = SAMPLE_PDF


def pdf(name: str = "berkas.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


def make_eligible(employee: Employee, closes_on: dt.date, *, golongan: int = 33) -> Employee:
    """A PNS since 2010 with an S1, golongan III/c unless already ranked, and SKP Baik in the two years
    before the closing year (only what the registry does not have yet is added)."""
    employee_update(actor=None, employee=employee, tmt_cpns=dt.date(2010, 1, 1))
    if employee.education_level is None or employee.education_level.rank < 7:
        history_add(
            actor=None,
            row=EducationHistory(
                employee=employee,
                level=EducationLevel.objects.get(code="S1"),
                major="Manajemen",
                graduation_year=2008,
            ),
        )
    if not employee.rank_history.exists():
        history_add(actor=None, row=RankHistory(employee=employee, golongan_id=golongan, tmt=dt.date(2019, 4, 1)))
    for year in (closes_on.year - 2, closes_on.year - 1):
        if not employee.skp_history.filter(year=year).exists():
            history_add(actor=None, row=SkpRecord(employee=employee, year=year, rating_id=2))
    employee.refresh_from_db()
    return employee


def announcement(admin: User, *, today: dt.date, quotas: dict[str, int] | None = None) -> StudyAnnouncement:
    """Open from five days before `today` to 30 days after, studies starting 120 days after."""
    made = services.announcement_create(
        actor=admin,
        rules_id=RULES,
        title="Seleksi tugas belajar uji",
        year=today.year + 1,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=30),
        study_starts_on=today + dt.timedelta(days=120),
        description="Beasiswa APBD",
    )
    for level, quota in (quotas or {"S2": 1}).items():
        services.quota_set(actor=admin, announcement=made, level=level, quota=quota)
    return services.announcement_open(actor=admin, announcement=made)


def application(
    operator: User,
    announcement: StudyAnnouncement,
    employee: Employee,
    *,
    today: dt.date,
    level: str = "S2",
    papers: bool = True,
) -> StudyApplication:
    made = services.application_create(
        actor=operator, announcement=announcement, employee=employee, today=today, level=level,
        institution="Universitas Indonesia", study_program="Magister Administrasi Publik", accreditation="Unggul",
        duration_months=24, funding="apbd", sponsor="", no_discipline=True,
    )  # fmt: skip
    if papers:
        for kind in study_papers(announcement):
            services.paper_upload(actor=operator, subject=made, kind=kind.code, upload=pdf(f"{kind.code}.pdf"))
    return made


# What a civil servant fills in when applying themselves (selfservice).
SELF_APPLICATION = {
    "level": "S2",
    "institution": "Universitas Jenderal Soedirman",
    "study_program": "Magister Manajemen",
    "accreditation": "Unggul",
    "duration_months": 24,
    "funding": "apbd",
    "sponsor": "",
    "no_discipline": True,
}


def assignment(
    application: StudyApplication,
    *,
    starts_on: dt.date,
    institution: str = "Universitas Indonesia",
    study_program: str = "Magister Administrasi Publik",
) -> StudyAssignment:
    """A 24-month S2 assignment from the application, without the selection before it."""
    return StudyAssignment.objects.create(
        application=application, employee=application.employee, level="S2", institution=institution,
        study_program=study_program, starts_on=starts_on, ends_on=add_months(starts_on, 24),
    )  # fmt: skip


def closed(admin: User, announcement: StudyAnnouncement) -> StudyAnnouncement:
    return services.announcement_close(
        actor=admin, announcement=announcement, today=announcement.closes_on + dt.timedelta(days=1)
    )


def verify_all(admin: User, subject: StudyApplication | OverseasRequest) -> None:
    for paper in services.papers_of(subject).values():
        services.paper_verify(actor=admin, paper=paper, valid=True)


def sign(document, checker: User, signer: User):  # type: ignore[no-untyped-def]
    document_check(actor=checker, document=document)
    return document_sign(actor=signer, document=document)


def ranked(admin: User, announcement: StudyAnnouncement, scores: dict[int, tuple[int, int]]) -> dict[str, int]:
    """Closed, every paper valid, screened, scored (application id -> (academic, interview)), ranked."""
    announcement = closed(admin, announcement)
    for item in announcement.applications.all():
        verify_all(admin, item)
    services.applications_screen(actor=admin, announcement=announcement)
    for pk, (academic, interview) in scores.items():
        services.scores_record(
            actor=admin,
            application=StudyApplication.objects.get(pk=pk),
            academic=Decimal(academic),
            interview=Decimal(interview),
        )
    return services.announcement_rank(actor=admin, announcement=announcement)


def overseas(operator: User, employee: Employee, *, today: dt.date, kind: str = "magang") -> OverseasRequest:
    made = services.overseas_create(
        actor=operator, employee=employee, kind=kind, title="Magang tata kelola kota cerdas",
        host="Yokohama City Office", country="Jepang", city="Yokohama", starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=44), funding="sponsor", sponsor="JICA",
        purpose="Penerapan layanan kota cerdas di unit kerja", jp=60,
    )  # fmt: skip
    for paper in overseas_policy().required_papers:
        services.paper_upload(actor=operator, subject=made, kind=paper.code, upload=pdf(f"{paper.code}.pdf"))
    return made


def approved(operator: User, admin: User, checker: User, signer: User, request: OverseasRequest, *, today: dt.date):
    """Submitted, papers valid, approved, and the approval letter signed; returns the letter."""
    services.overseas_submit(actor=operator, request=request, today=today)
    verify_all(admin, request)
    letter = services.overseas_decide(actor=admin, request=request, approve=True, note="Sesuai kebutuhan unit")
    return sign(letter, checker, signer)


def reported(operator: User, request: OverseasRequest) -> OverseasRequest:
    services.paper_upload(actor=operator, subject=request, kind=REPORT_PAPER, upload=pdf("laporan.pdf"))
    return services.overseas_report(
        actor=operator, request=request, summary="Mempelajari dasbor layanan kota", today=request.ends_on
    )
