"""Scoped reads of the service desk: the public catalogue, requests with their clocks, assessments and
complaints, and what is due per step and per role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext

from bangkom.accounts.models import User
from bangkom.accounts.roles import OFFICE_ROLES, ROLES
from bangkom.accounts.scope import flow_scope, role_codes
from bangkom.core.calendar import Clock, ClockState, WorkingCalendar, clock
from bangkom.core.formats import Cell, clock_badge, day_text
from bangkom.core.links import url_maker
from bangkom.core.selectors import working_calendar
from bangkom.core.table_cache import cached_table
from bangkom.core.waiting import Waiting

from .models import (
    OPEN_COMPLAINT,
    AssessmentStatus,
    Complaint,
    ComplaintStatus,
    JobTargetAssessment,
    Participant,
    ParticipantPaper,
    RequestStatus,
    Service,
    ServiceRequest,
)
from .policy import assessment_policy

VIEW_REQUESTS = "services.view_servicerequest"
MANAGE_REQUESTS = "services.manage_requests"
RUN_ASSESSMENT = "services.run_assessment"
VIEW_ASSESSMENT = "services.view_assessment"
HANDLE_COMPLAINTS = "services.handle_complaints"
ANSWER_COMPLAINT = "services.answer_complaint"
VIEW_COMPLAINTS = "services.view_complaints"
ROLE_NAMES = {role.code: str(role.name) for role in ROLES}
OFFICE_ROLE_CODES = frozenset(role.code for role in OFFICE_ROLES)


def catalogue() -> QuerySet[Service]:
    return Service.objects.filter(active=True)


def service_by_code(code: str) -> Service:
    return catalogue().get(code=code)


# --- Requests -------------------------------------------------------------------------------------


def requests_visible(user: User) -> QuerySet[ServiceRequest]:
    if not user.has_perm(VIEW_REQUESTS):
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.select_related("service", "unit")


# What a row of the desk's list shows and its clock reads (`request_rows`): the rest of the request
# and of its service (the service's five JSON texts, decoded, were a third of a page's reading) is
# left unread (issue 20).
LISTED_FIELDS = (
    "title", "received_on", "due_on", "finished_on", "status", "step", "steps", "service__name",
    "service__warn_days",
)  # fmt: skip


def requests_listed(user: User, status: str) -> QuerySet[ServiceRequest]:
    """The desk's list of requests in `status` (all of them for a status it does not know), reading
    only what its rows show."""
    requests = requests_visible(user).select_related(None).select_related("service").only(*LISTED_FIELDS)
    return requests.filter(status=status) if status in RequestStatus.values else requests


def at_my_step(user: User) -> Q:
    """Requests whose current step the user does: the steps of their roles and, with the right to
    manage requests, the steps of parties outside the agency's offices, which they record. The rule of
    `services.may_do_step`, as a filter on the indexed `step_role`."""
    mine = Q(step_role__in=role_codes(user))
    if user.has_perm(MANAGE_REQUESTS):
        mine |= ~Q(step_role__in=OFFICE_ROLE_CODES) & ~Q(step_role="")
    return mine


def request_for(user: User, request_id: int) -> ServiceRequest:
    return requests_visible(user).get(pk=request_id)


def request_clock(request: ServiceRequest, today: dt.date, calendar: WorkingCalendar | None = None) -> Clock:
    return clock(
        calendar or working_calendar(),
        start=request.received_on,
        due_on=request.due_on,
        today=today,
        finished_on=request.finished_on,
        warn_days=request.service.warn_days,
    )


@dataclass
class RequestRow:
    request: ServiceRequest
    clock: Clock

    @property
    def role(self) -> str:
        step = self.request.current_step
        return step["role"] if step else ""


def with_clocks(requests: Iterable[ServiceRequest], today: dt.date) -> list[RequestRow]:
    """Each request with its clock, on one calendar (one query for the agency's corrections)."""
    calendar = working_calendar()
    return [RequestRow(r, request_clock(r, today, calendar)) for r in requests]


def request_rows(requests: Iterable[ServiceRequest], today: dt.date) -> list[list[Cell]]:
    """The desk list's rows as its table shows them (number opening the request, title, service, date
    received, progress, clock), each cell worked out once here: the step it is at out of its steps
    ("3/7") while it is worked on, else its status (a template walking each request cost about 0.1 ms
    a row, issue 20)."""
    link = url_maker("desk:request")
    rows = []
    for row in with_clocks(requests, today):
        r = row.request
        progress = f"{r.step}/{len(r.steps)}" if r.may_do("work") else r.get_status_display()
        rows.append(
            [
                Cell(r.reference, link(r.pk)),
                Cell(r.title),
                Cell(r.service.name, css="small"),
                Cell(day_text(r.received_on)),
                Cell(progress, css="small"),
                Cell(clock_badge(row.clock)),
            ]
        )
    return rows


@dataclass
class StepLoad:
    role: str
    role_name: str
    step: int
    text: str
    count: int = 0
    due_soon: int = 0
    overdue: int = 0


def warn_days_in_use() -> set[int]:
    """The services' warning days, from the table cache (the desk's board and the home ask on every
    view; the catalogue changes a few times a year)."""
    return {service.warn_days for service in cached_table(Service).values()}


def _due_soon(today: dt.date, calendar: WorkingCalendar) -> Q:
    """Open requests due today or within their service's warning days (the clock's DUE_SOON)."""
    due_soon = Q(pk__in=[])
    for warn_days in warn_days_in_use():
        cutoff = calendar.last_day_within(today, warn_days)
        due_soon |= Q(service__warn_days=warn_days, due_on__gte=today, due_on__lte=cutoff)
    return due_soon


def step_board(user: User, today: dt.date) -> list[StepLoad]:
    """Open requests per service step and the role responsible for it, with how many are due soon or
    late; the steps with late requests first. Counted by the database (O(groups), not O(requests));
    the step's role and text come from the oldest open request at that step."""
    calendar = working_calendar()
    groups = list(
        requests_visible(user)
        .filter(status=RequestStatus.IN_PROGRESS)
        .values("service_id", "step")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(due_on__lt=today)),
            due_soon=Count("id", filter=_due_soon(today, calendar)),
            sample=Min("id"),
        )
        .order_by()
    )
    samples = ServiceRequest.objects.only("steps", "step").in_bulk([g["sample"] for g in groups])
    loads: dict[tuple[str, int], StepLoad] = {}
    for group in groups:
        step = samples[group["sample"]].current_step
        role = step["role"] if step else ""
        text = step["text"] if step else str(_awaiting_product())
        load = loads.setdefault((role, group["step"]), StepLoad(role, ROLE_NAMES.get(role, "–"), group["step"], text))
        load.count += group["count"]
        load.due_soon += group["due_soon"]
        load.overdue += group["overdue"]
    return sorted(loads.values(), key=lambda g: (-g.overdue, -g.due_soon, g.role, g.step))


def _awaiting_product() -> str:
    return gettext("Seluruh langkah internal selesai; menunggu produk layanan")


def due_for_me(user: User, today: dt.date, limit: int | None = None) -> list[RequestRow]:
    """Open requests waiting on a step of one of the user's roles that are due soon or late, the
    earliest due first; with `limit`, the first `limit` of them, reading a few more than that at a time
    (the home's panel: at a province's size hundreds are late, and each clock is worked out in Python)."""
    calendar = working_calendar()
    pressing = (
        requests_visible(user)
        .filter(
            Q(due_on__lt=today) | _due_soon(today, calendar),
            status=RequestStatus.IN_PROGRESS,
            step_role__in=role_codes(user),
        )
        .order_by("due_on", "id")
    )  # the database leaves out those on track, so this costs the late and the nearly late only
    wanted = (ClockState.DUE_SOON, ClockState.OVERDUE)
    if limit is None:
        return [row for row in with_clocks(pressing, today) if row.clock.state in wanted]
    found: list[RequestRow] = []
    start, batch = 0, 2 * limit
    while True:
        requests = list(pressing[start : start + batch])
        found += [row for row in with_clocks(requests, today) if row.clock.state in wanted]
        if len(found) >= limit or len(requests) < batch:
            return found[:limit]
        start += batch


# --- Assessments ----------------------------------------------------------------------------------


def may_see_assessments(user: User) -> bool:
    return user.has_perm(RUN_ASSESSMENT) or user.has_perm(VIEW_ASSESSMENT)


def assessments_visible(user: User) -> QuerySet[JobTargetAssessment]:
    if not may_see_assessments(user):
        return JobTargetAssessment.objects.none()
    return JobTargetAssessment.objects.select_related("request", "request__service")


def assessment_for(user: User, assessment_id: int) -> JobTargetAssessment:
    return assessments_visible(user).get(pk=assessment_id)


def participants_of(assessment: JobTargetAssessment) -> QuerySet[Participant]:
    return assessment.participants.select_related("employee", "employee__unit", "report").prefetch_related(
        "papers__document"
    )


def participant_for(user: User, participant_id: int) -> Participant:
    """Staff see every participant; an employee sees only their own participation."""
    participants = Participant.objects.select_related("assessment", "assessment__request", "employee")
    if may_see_assessments(user):
        return participants.get(pk=participant_id)
    if user.employee_id:
        return participants.get(pk=participant_id, employee_id=user.employee_id)
    raise Participant.DoesNotExist


def my_participations(user: User) -> QuerySet[Participant]:
    if not user.employee_id:
        return Participant.objects.none()
    return (
        Participant.objects.filter(employee_id=user.employee_id)
        .exclude(assessment__status=AssessmentStatus.CANCELLED)
        .select_related("assessment")
        .prefetch_related("papers__document")
    )


def reports_late(user: User, today: dt.date) -> QuerySet[Participant]:
    """Individual reports the province has not sent by their due date (four months, A4)."""
    if not may_see_assessments(user):
        return Participant.objects.none()
    return Participant.objects.filter(
        assessment__status=AssessmentStatus.RUNNING, report_received_on__isnull=True, report_due_on__lt=today
    ).select_related("employee", "assessment")


def reports_due_soon(user: User, today: dt.date) -> QuerySet[Participant]:
    if not may_see_assessments(user):
        return Participant.objects.none()
    return Participant.objects.filter(
        assessment__status=AssessmentStatus.RUNNING,
        report_received_on__isnull=True,
        report_due_on__gte=today,
        report_due_on__lte=today + dt.timedelta(days=assessment_policy().report_warn_days),
    ).select_related("employee", "assessment")


# --- Complaints -----------------------------------------------------------------------------------


def may_see_complaints(user: User) -> bool:
    return any(user.has_perm(p) for p in (HANDLE_COMPLAINTS, VIEW_COMPLAINTS, ANSWER_COMPLAINT))


def complaints_visible(user: User) -> QuerySet[Complaint]:
    """BKPSDM's complaint desk and the head see all; a unit sees what was passed to it or below it."""
    scope = flow_scope(user, sees_all_with=[HANDLE_COMPLAINTS, VIEW_COMPLAINTS], own_unit_with=ANSWER_COMPLAINT)
    return Complaint.objects.select_related("service", "unit").filter(scope)


def complaint_for(user: User, complaint_id: int) -> Complaint:
    return complaints_visible(user).get(pk=complaint_id)


def complaint_by_code(code: str) -> Complaint:
    """The public tracking page: by code only, case and spaces forgiven."""
    return Complaint.objects.select_related("service", "unit").get(code=code.strip().upper())


def complaints_late(user: User, today: dt.date) -> QuerySet[Complaint]:
    """Complaints still without an answer after their response deadline."""
    return complaints_visible(user).filter(status__in=OPEN_COMPLAINT, respond_by__lt=today)


def complaints_waiting(user: User) -> QuerySet[Complaint]:
    """What the user's desk should act on: new ones for the complaint desk, assigned ones for the unit."""
    waiting = Q(status=ComplaintStatus.ASSIGNED)
    if user.has_perm(HANDLE_COMPLAINTS):
        waiting |= Q(status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ANSWERED))
    return complaints_visible(user).filter(waiting).order_by("respond_by", "id")


# --- What waits on a person ("Tugas saya") ----------------------------------------------------------


def desk_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Service requests at a step the user does, complaints their desk or unit acts on, and a JPT
    participant's papers still to upload or refused."""
    from django.urls import reverse

    from bangkom.core.waiting import combined, dated, listed

    from .models import PaperStatus

    open_assessment = (AssessmentStatus.PREPARING, AssessmentStatus.RUNNING)
    mine = (
        requests_visible(user)
        .filter(at_my_step(user), status=RequestStatus.IN_PROGRESS, subject_type__isnull=True)
        .order_by("due_on", "id")
    )
    steps = listed(mine, limit, lambda r: Waiting(
        gettext("Langkah %(n)d: %(text)s") % {"n": r.step, "text": r.current_step["text"]}, r.title,
        reverse("desk:request", args=[r.pk]), dated(r.step_started_at), r.due_on,
    ))  # fmt: skip
    complaints = complaints_waiting(user) if may_see_complaints(user) else Complaint.objects.none()
    papers = (
        ParticipantPaper.objects.filter(
            participant__employee_id=user.employee_id,
            status__in=(PaperStatus.MISSING, PaperStatus.REJECTED),
            participant__assessment__status__in=open_assessment,
        )
        if user.employee_id
        else ParticipantPaper.objects.none()
    )
    return combined(
        steps,
        listed(complaints, limit, lambda c: Waiting(
            gettext("Pengaduan: %(status)s") % {"status": c.get_status_display()}, f"{c.code} {c.subject}",
            reverse("desk:complaint", args=[c.pk]), c.received_on, c.respond_by,
        )),
        listed(papers.select_related("participant__assessment").order_by("id"), limit, lambda p: Waiting(
            gettext("Unggah dokumen asesmen"), f"{p.get_kind_display()} ({p.participant.assessment.title})",
            reverse("desk:my-assessments"), dated(p.updated_at),
        )),
    )  # fmt: skip


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's part of the service desk: steps due or late (with their working-day clock), the
    province's assessment reports late or due, complaints past their deadline. What merely waits is
    on "Tugas saya"."""
    panel = {
        "requests_due": due_for_me(user, today, limit=10),
        "assessment_reports_late": list(reports_late(user, today)[:10]),
        "assessment_reports_soon": list(reports_due_soon(user, today)[:10]),
        "complaints_late": list(complaints_late(user, today)[:10]),
    }
    return panel if any(panel.values()) else None
