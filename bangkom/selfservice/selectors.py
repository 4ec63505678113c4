"""Reads of self-service: a civil servant's own home, their reports, and the verifier's queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope
from bangkom.core.calendar import TimeUnit, WorkingCalendar, due_after
from bangkom.core.selectors import working_calendar
from bangkom.core.waiting import Waiting, combined, dated, listed
from bangkom.documents.models import Document, DocumentStatus
from bangkom.people.models import Employee, JpYear, TrainingRecord, Unit
from bangkom.people.selectors import covering_paths, jp_norms
from bangkom.planning.models import PlanItem
from bangkom.planning.selectors import GapAnalysis, gap_analysis
from bangkom.rules.dates import add_months
from bangkom.studies.models import (
    AnnouncementStatus,
    ApplicationStatus,
    AssignmentStatus,
    OverseasRequest,
    OverseasStatus,
    Paper,
    StudyAnnouncement,
    StudyApplication,
    StudyAssignment,
)
from bangkom.studies.selectors import report_due_on
from bangkom.training.models import Certificate, Program

from .models import (
    OPEN_STATUSES,
    CorrectionRequest,
    CorrectionStatus,
    InterestStatus,
    LearningReport,
    ProgramInterest,
    RecognitionRule,
    ReportStatus,
)
from .services import DECIDE_CORRECTION, ENDORSE_INTEREST, OPEN_PROGRAM_STATUSES, VERIFY, history_form

HOME_YEARS = 5
HOME_RECORDS = 20
HOME_LETTERS = 10


def may_verify(user: User) -> bool:
    return user.is_authenticated and user.has_perm(VERIFY)


def my_reports(user: User) -> QuerySet[LearningReport]:
    if not user.is_authenticated or user.employee_id is None:
        return LearningReport.objects.none()
    return LearningReport.objects.filter(employee_id=user.employee_id).select_related("kind")


def report_for(user: User, report_id: int) -> LearningReport:
    """The report, for its owner or a verifier whose units hold its employee; otherwise 404."""
    report = LearningReport.objects.select_related("employee__unit", "kind", "decided_by").filter(pk=report_id).first()
    if report is None:
        raise Http404
    if report.employee_id == user.employee_id and user.employee_id is not None:
        return report
    if may_verify(user) and Employee.objects.filter(employee_scope(user), pk=report.employee_id).exists():
        return report
    raise Http404


def reportable_kinds() -> QuerySet[RecognitionRule]:
    return RecognitionRule.objects.filter(counts=True, is_active=True).select_related("kind").order_by("kind__name")


# --- The verifier's queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    report: LearningReport
    age: int  # working days waited
    late: bool


@dataclass(frozen=True)
class UnitQueue:
    unit: Unit
    waiting: int
    oldest: dt.datetime


def waiting_reports(user: User) -> QuerySet[LearningReport]:
    """Submitted reports of the employees the verifier may see, the oldest first."""
    if not may_verify(user):
        return LearningReport.objects.none()
    return (
        LearningReport.objects.filter(employee_scope(user, prefix="employee__"), status=ReportStatus.SUBMITTED)
        .select_related("employee__unit", "kind")
        .order_by("submitted_at", "id")
    )


def report_age(report: LearningReport, today: dt.date, calendar: WorkingCalendar) -> int:
    """Working days a report has waited since it was submitted (from the next day, like every clock)."""
    return calendar.working_days_between(timezone.localtime(report.submitted_at).date(), today)


def queue_rows(reports: list[LearningReport], today: dt.date) -> list[QueueRow]:
    calendar = working_calendar()
    limit = settings.LEARNING_REPORT_WORKING_DAYS
    rows = []
    for report in reports:
        age = report_age(report, today, calendar)
        rows.append(QueueRow(report, age, age > limit))
    return rows


def queue_by_unit(user: User) -> list[UnitQueue]:
    """How many reports wait per unit and since when (one grouped query)."""
    groups = list(
        waiting_reports(user)
        .order_by()
        .values("employee__unit")
        .annotate(waiting=Count("id"), oldest=Min("submitted_at"))
        .order_by("oldest")
    )
    units = Unit.objects.in_bulk([g["employee__unit"] for g in groups])
    return [UnitQueue(units[g["employee__unit"]], g["waiting"], g["oldest"]) for g in groups]


# --- The civil servant's home -------------------------------------------------------------------------


@dataclass(frozen=True)
class YearJp:
    year: int
    jp: int
    norm: int

    @property
    def met(self) -> bool:
        return self.jp >= self.norm


@dataclass(frozen=True)
class RecordRow:
    record: TrainingRecord
    certificate: Certificate | None  # issued by the agency (with its QR verification page)
    report: LearningReport | None  # reported by the employee (with the certificate they uploaded)


SEMESTER_MONTHS = 6


@dataclass(frozen=True)
class StudyReportDue:
    """The semester's study results (kartu hasil studi) a civil servant on tugas belajar owes BKPSDM."""

    assignment: StudyAssignment
    semester: int
    since: dt.date  # the end of that semester, counted from the assignment's start


def study_reports_due(employee: Employee, today: dt.date) -> list[StudyReportDue]:
    """For each running assignment, the first semester that has ended without its results recorded."""
    due = []
    running = employee.study_assignments.filter(status=AssignmentStatus.RUNNING, starts_on__lte=today).annotate(
        reported=Count("progress", filter=Q(progress__cancelled_at__isnull=True))
    )
    for assignment in running:
        semester = assignment.reported + 1
        ends = add_months(assignment.starts_on, SEMESTER_MONTHS * semester)
        if ends <= today:
            due.append(StudyReportDue(assignment, semester, ends))
    return due


@dataclass
class Home:
    employee: Employee
    year: int
    norm: int
    jp: int
    years: list[YearJp]
    records: list[RecordRow]
    record_count: int
    reports_open: list[LearningReport] = field(default_factory=list)
    corrections_open: list[CorrectionRequest] = field(default_factory=list)
    overseas_reports_due: list[tuple[OverseasRequest, dt.date]] = field(default_factory=list)
    letters: list[Document] = field(default_factory=list)
    studies_open: list[StudyApplication] = field(default_factory=list)
    study_reports_due: list[StudyReportDue] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.norm - self.jp, 0)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.jp / self.norm)) if self.norm else 100


def _own_employee_id(user: User) -> int:
    """The civil servant's own row: the pages that call this are only for a user who is one (their
    views answer 404 first); anyone else finds nothing."""
    if user.employee_id is None:
        raise Employee.DoesNotExist
    return user.employee_id


def home(user: User, today: dt.date) -> Home:
    """What a civil servant sees first: this year's JP against the norm, the last five years, their
    training records with certificates, and their reports still open. A fixed number of queries
    whatever the length of the history (the ledger rows are kept per year by people.figures)."""
    employee = Employee.objects.select_related("unit", "golongan").get(pk=_own_employee_id(user))
    years = list(range(today.year - HOME_YEARS + 1, today.year + 1))
    earned = dict(JpYear.objects.filter(employee=employee, year__in=years).values_list("year", "jp"))
    norms = jp_norms(years)
    history = TrainingRecord.objects.filter(employee=employee)
    records = list(history.select_related("kind").order_by("-end_date", "-id")[:HOME_RECORDS])
    ids = [r.pk for r in records]
    certificates = {
        c.participant.training_record_id: c
        for c in Certificate.objects.filter(
            participant__training_record__in=ids, revoked_at__isnull=True
        ).select_related("participant")
    }
    reports = {r.training_record_id: r for r in LearningReport.objects.filter(training_record__in=ids)}
    return Home(
        employee=employee,
        year=today.year,
        norm=norms[today.year],
        jp=earned.get(today.year, 0),
        years=[YearJp(y, earned.get(y, 0), norms[y]) for y in reversed(years)],
        records=[RecordRow(r, certificates.get(r.pk), reports.get(r.pk)) for r in records],
        record_count=history.count(),
        reports_open=list(my_reports(user).filter(status__in=OPEN_STATUSES).order_by("-submitted_at")),
        corrections_open=list(my_corrections(user).filter(status=CorrectionStatus.SUBMITTED)),
        letters=list(my_letters(user)[:HOME_LETTERS]),
        overseas_reports_due=[
            (request, report_due_on(request))
            for request in employee.overseas_requests.filter(status=OverseasStatus.APPROVED, ends_on__lt=today)
        ],
        studies_open=list(my_study_applications(user).filter(status__in=STUDY_OPEN_STATUSES)),
        study_reports_due=study_reports_due(employee, today),
    )


def certificate_of(user: User, certificate_id: int) -> Certificate:
    """An agency certificate of the user's own training, for download; otherwise 404."""
    certificate = None
    if user.employee_id is not None:
        mine = Certificate.objects.filter(participant__employee_id=user.employee_id, revoked_at__isnull=True)
        certificate = mine.filter(pk=certificate_id).select_related("participant").first()
    if certificate is None:
        raise Http404
    return certificate


# --- Corrections of one's own record -----------------------------------------------------------------


def may_decide_corrections(user: User) -> bool:
    return user.is_authenticated and user.has_perm(DECIDE_CORRECTION)


def my_corrections(user: User) -> QuerySet[CorrectionRequest]:
    if not user.is_authenticated or user.employee_id is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(employee_id=user.employee_id)


def correction_for(user: User, request_id: int) -> CorrectionRequest:
    """The request, for its owner or a decider whose units hold its employee; otherwise 404."""
    request = CorrectionRequest.objects.select_related("employee__unit", "decided_by").filter(pk=request_id).first()
    if request is None:
        raise Http404
    if request.employee_id == user.employee_id and user.employee_id is not None:
        return request
    if may_decide_corrections(user) and Employee.objects.filter(employee_scope(user), pk=request.employee_id).exists():
        return request
    raise Http404


def waiting_corrections(user: User) -> QuerySet[CorrectionRequest]:
    if not may_decide_corrections(user):
        return CorrectionRequest.objects.none()
    return (
        CorrectionRequest.objects.filter(employee_scope(user, prefix="employee__"), status=CorrectionStatus.SUBMITTED)
        .select_related("employee__unit")
        .order_by("submitted_at", "id")
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def proposal_rows(request: CorrectionRequest, user: User) -> list[tuple[str, str]]:
    """The proposed row as label and value, read by the registry's own form."""
    form = history_form(request.kind, request.proposed, request.employee, user)
    values = form.cleaned_data if form.is_valid() else {}
    return [
        (str(field.label), _shown(values.get(name, request.proposed.get(name)))) for name, field in form.fields.items()
    ]


# --- My competency and my plan ---------------------------------------------------------------------------

PLAN_CYCLES = 2  # this year's plan and the one being drawn up for next year


@dataclass(frozen=True)
class MyCompetency:
    analysis: GapAnalysis
    items: list[PlanItem]  # of the latest cycles, newest first, each with its realisation if any


def my_competency(user: User) -> MyCompetency:
    """The civil servant's gaps against their position's standard and their development-plan items
    of the latest cycles, read-only (the planning app's own analysis)."""
    employee = Employee.objects.select_related("position_kind", "functional_position", "eselon").get(
        pk=_own_employee_id(user)
    )
    years = list(
        PlanItem.objects.filter(employee=employee)
        .order_by("-unit_plan__cycle__year")
        .values_list("unit_plan__cycle__year", flat=True)
        .distinct()[:PLAN_CYCLES]
    )
    items = list(
        PlanItem.objects.filter(employee=employee, unit_plan__cycle__year__in=years)
        .select_related("competency", "kind", "unit_plan__cycle", "realisation")
        .order_by("-unit_plan__cycle__year", "quarter", "id")
    )
    return MyCompetency(analysis=gap_analysis(employee), items=items)


# --- Taking part in the agency's programs ----------------------------------------------------------------


@dataclass(frozen=True)
class OpenProgram:
    program: Program
    for_my_unit: bool
    my_gaps: list[str]  # names of my open gaps the program develops
    interest: ProgramInterest | None


def open_programs(user: User, today: dt.date) -> list[OpenProgram]:
    """Recommended programs that have not started and are either run for one of the units above the
    civil servant or develop a competency they lack; with their own request, if any."""
    employee = Employee.objects.select_related("unit").get(pk=_own_employee_id(user))
    open_gaps = {g.competency: g.name for g in gap_analysis(employee).gaps if g.open}
    mine = Q(unit__path__in=covering_paths(employee.unit))
    programs = (
        Program.objects.filter(status__in=OPEN_PROGRAM_STATUSES, start_date__gt=today)
        .filter(mine | Q(competencies__in=list(open_gaps)))
        .distinct()
        .select_related("unit", "kind")
        .prefetch_related("competencies")
        .order_by("start_date", "id")
    )
    interests = {i.program_id: i for i in ProgramInterest.objects.filter(employee=employee, program__in=programs)}
    paths = set(covering_paths(employee.unit))
    return [
        OpenProgram(
            program=p,
            for_my_unit=p.unit.path in paths,
            my_gaps=[open_gaps[c.code] for c in p.competencies.all() if c.code in open_gaps],
            interest=interests.get(p.pk),
        )
        for p in programs
    ]


def my_interests(user: User) -> QuerySet[ProgramInterest]:
    if not user.is_authenticated or user.employee_id is None:
        return ProgramInterest.objects.none()
    return ProgramInterest.objects.filter(employee_id=user.employee_id).select_related("program")


def may_endorse(user: User) -> bool:
    return user.is_authenticated and user.has_perm(ENDORSE_INTEREST)


def waiting_interests(user: User) -> QuerySet[ProgramInterest]:
    if not may_endorse(user):
        return ProgramInterest.objects.none()
    return (
        ProgramInterest.objects.filter(employee_scope(user, prefix="employee__"), status=InterestStatus.SUBMITTED)
        .select_related("employee__unit", "program")
        .order_by("submitted_at", "id")
    )


def interest_for_decision(user: User, interest_id: int) -> ProgramInterest:
    found = waiting_interests(user).filter(pk=interest_id).first()
    if found is None:
        raise Http404
    return found


# --- Letters addressed to me -------------------------------------------------------------------------------


def my_letters(user: User) -> QuerySet[Document]:
    """Signed letters that go to the people they name and name this civil servant (documents.NamedPerson)."""
    if not user.is_authenticated or user.employee_id is None:
        return Document.objects.none()
    nip = Employee.objects.filter(pk=user.employee_id).values("nip")[:1]
    return (
        Document.objects.filter(status=DocumentStatus.SIGNED, named_people__nip__in=nip)
        .defer("context")
        .order_by("-signed_at", "-id")
    )


def my_letter(user: User, document_id: int) -> Document:
    found = my_letters(user).filter(pk=document_id).defer(None).first()
    if found is None:
        raise Http404
    return found


# --- Tugas belajar applied for by the civil servant ----------------------------------------------------

STUDY_OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.AWAITING_UNIT,
    ApplicationStatus.RETURNED_BY_UNIT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RETURNED,
)


@dataclass(frozen=True)
class OpenStudy:
    announcement: StudyAnnouncement
    levels: list[str]
    application: StudyApplication | None


def open_studies(user: User, today: dt.date) -> list[OpenStudy]:
    """Tugas belajar announcements whose registration runs today, with the civil servant's own
    application to each, if any (made by them or by their unit)."""
    announcements = list(
        StudyAnnouncement.objects.filter(status=AnnouncementStatus.OPEN, opens_on__lte=today, closes_on__gte=today)
        .prefetch_related("quotas")
        .order_by("closes_on", "id")
    )
    mine = {
        a.announcement_id: a
        for a in StudyApplication.objects.filter(employee_id=_own_employee_id(user), announcement__in=announcements)
    }
    return [
        OpenStudy(announcement=a, levels=[q.level for q in a.quotas.all()], application=mine.get(a.pk))
        for a in announcements
    ]


def my_study_applications(user: User) -> QuerySet[StudyApplication]:
    if not user.is_authenticated or user.employee_id is None:
        return StudyApplication.objects.none()
    return (
        StudyApplication.objects.filter(employee_id=user.employee_id)
        .select_related("announcement")
        .order_by("-announcement__opens_on", "-id")
    )


def my_study_application(user: User, application_id: int) -> StudyApplication:
    application = my_study_applications(user).filter(pk=application_id).first()
    if application is None:
        raise Http404
    return application


def my_study_paper(user: User, paper_id: int) -> Paper:
    """A paper of one of the civil servant's own applications; otherwise 404."""
    paper = Paper.objects.filter(pk=paper_id, subject_type__model="studyapplication").first()
    if paper is None or not my_study_applications(user).filter(pk=paper.subject_id).exists():
        raise Http404
    return paper


# --- What waits on a person ("Tugas saya") ----------------------------------------------------------


def requests_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Civil servants' requests waiting for this verifier, and the person's own returned reports and
    study applications to complete."""
    from django.utils.translation import gettext as _

    calendar = working_calendar() if limit else None

    def report(r: LearningReport) -> Waiting:
        since = dated(r.submitted_at)
        days = settings.LEARNING_REPORT_WORKING_DAYS
        due = due_after(calendar, since, days, TimeUnit.WORKING_DAYS) if calendar and since else None
        return Waiting(
            _("Periksa laporan kegiatan belajar"),
            f"{r.employee.full_name}: {r.name}",
            reverse("selfservice:report", args=[r.pk]),
            since,
            due,
        )

    return combined(
        listed(waiting_reports(user), limit, report),
        listed(waiting_corrections(user), limit, lambda c: Waiting(
            _("Putuskan perbaikan data"), f"{c.employee.full_name}: {c.get_kind_display()}",
            reverse("selfservice:correction", args=[c.pk]), dated(c.submitted_at),
        )),
        listed(waiting_interests(user), limit, lambda i: Waiting(
            _("Putuskan permintaan mengikuti program"), f"{i.employee.full_name}: {i.program.title}",
            reverse("selfservice:queue"), dated(i.submitted_at),
        )),
        listed(my_reports(user).filter(status=ReportStatus.RETURNED).order_by("decided_at"), limit, lambda r: Waiting(
            _("Lengkapi laporan yang dikembalikan"), r.name, reverse("selfservice:report-edit", args=[r.pk]),
            dated(r.decided_at),
        )),
        listed(my_study_applications(user).filter(status__in=STUDY_TO_COMPLETE), limit, lambda a: Waiting(
            _("Lengkapi pendaftaran tugas belajar"), a.announcement.title,
            reverse("selfservice:study-application", args=[a.pk]), dated(a.updated_at), a.announcement.closes_on,
        )),
    )  # fmt: skip


STUDY_TO_COMPLETE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED_BY_UNIT)
