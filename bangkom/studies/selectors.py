"""Scoped reads: BKPSDM and the leadership see every unit's study applications and overseas requests,
an operator those of their own unit and its sub-units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope, flow_scope, own_units, sees_all
from bangkom.core.waiting import Waiting
from bangkom.people.models import Employee

from .models import (
    MANAGE,
    PROPOSE,
    AnnouncementStatus,
    ApplicationStatus,
    AssignmentStatus,
    OverseasRequest,
    OverseasStatus,
    StudyAnnouncement,
    StudyApplication,
    StudyAssignment,
)
from .policy import overseas_policy

VIEW = "studies.view_studies"


def may_open(user: User) -> bool:
    return user.has_perm(MANAGE) or user.has_perm(PROPOSE) or user.has_perm(VIEW)


def sees_all_studies(user: User) -> bool:
    return sees_all(user, MANAGE, VIEW)


def _unit_filter(user: User, prefix: str = "") -> Q:
    return flow_scope(user, sees_all_with=[MANAGE, VIEW], own_unit_with=PROPOSE, prefix=prefix)


def announcements_visible(user: User) -> QuerySet[StudyAnnouncement]:
    announcements = StudyAnnouncement.objects.all()
    if not user.has_perm(MANAGE):
        announcements = announcements.exclude(status=AnnouncementStatus.DRAFT)
    return announcements.annotate(
        application_total=Count("applications", filter=Q(applications__in=applications_visible(user)), distinct=True)
    ).prefetch_related("quotas")


def announcement_for(user: User, announcement_id: int) -> StudyAnnouncement:
    return announcements_visible(user).get(pk=announcement_id)


# A civil servant's own application stays theirs until they send it, and reaches BKPSDM only through
# their unit.
UNSENT = Q(self_applied=True, status__in=[ApplicationStatus.DRAFT, ApplicationStatus.RETURNED_BY_UNIT])
NOT_ENDORSED = Q(self_applied=True, submitted_at__isnull=True)


def applications_visible(user: User) -> QuerySet[StudyApplication]:
    unit_filter = _unit_filter(user)
    hidden = NOT_ENDORSED if sees_all_studies(user) and not user.has_perm(PROPOSE) else UNSENT
    return (
        StudyApplication.objects.filter(unit_filter).exclude(hidden).select_related("employee", "unit", "announcement")
    )


def applications_waiting_for_unit(user: User) -> QuerySet[StudyApplication]:
    """Civil servants' own applications waiting for this operator's endorsement, oldest first."""
    if not user.has_perm(PROPOSE):
        return StudyApplication.objects.none()
    waiting = applications_visible(user).filter(status=ApplicationStatus.AWAITING_UNIT)
    if user.employee_id is not None:  # nobody endorses their own
        waiting = waiting.exclude(employee_id=user.employee_id)
    return waiting.order_by("updated_at", "id")


def application_for(user: User, application_id: int) -> StudyApplication:
    return applications_visible(user).get(pk=application_id)


def applications_of(user: User, announcement: StudyAnnouncement) -> QuerySet[StudyApplication]:
    return (
        applications_visible(user).filter(announcement=announcement).order_by("level", "rank", "employee__name", "id")
    )


def employees_for(user: User) -> QuerySet[Employee]:
    """Whom the user may propose: their scope's employees."""
    return Employee.objects.filter(employee_scope(user))


def assignments_visible(user: User) -> QuerySet[StudyAssignment]:
    return StudyAssignment.objects.filter(_unit_filter(user, "employee__")).select_related("employee", "employee__unit")


def assignment_for(user: User, assignment_id: int) -> StudyAssignment:
    return assignments_visible(user).select_related("application__announcement").get(pk=assignment_id)


def assignments_overdue(user: User, today: dt.date) -> QuerySet[StudyAssignment]:
    """Still studying after the (extended) end date: BKPSDM must extend, complete or stop them."""
    return assignments_visible(user).filter(status=AssignmentStatus.RUNNING, ends_on__lt=today)


@dataclass(frozen=True)
class StudyStanding:
    """Where an employee stands on study assignment as of a day: on one (only from its start date),
    and chosen for one that has not started yet (shown with its start date)."""

    current: StudyAssignment | None
    upcoming: StudyAssignment | None


def study_standing(employee: Employee, on: dt.date | None = None) -> StudyStanding:
    """The employee's running assignments, read once: the latest started by `on` (today) and the
    latest chosen to start after it."""
    on = on or timezone.localdate()
    running = list(employee.study_assignments.filter(status=AssignmentStatus.RUNNING).order_by("-starts_on", "pk"))
    return StudyStanding(
        current=next((a for a in running if a.starts_on <= on), None),
        upcoming=next((a for a in running if a.starts_on > on), None),
    )


def overseas_visible(user: User) -> QuerySet[OverseasRequest]:
    return OverseasRequest.objects.filter(_unit_filter(user)).select_related("employee", "unit")


def overseas_for(user: User, request_id: int) -> OverseasRequest:
    return overseas_visible(user).get(pk=request_id)


def reports_overdue(user: User, today: dt.date) -> QuerySet[OverseasRequest]:
    """Approved activities over for longer than the reporting period without a report."""
    last_end = today - dt.timedelta(days=overseas_policy().report_due_days)
    return overseas_visible(user).filter(status=OverseasStatus.APPROVED, ends_on__lt=last_end)


def report_due_on(request: OverseasRequest) -> dt.date:
    return request.ends_on + dt.timedelta(days=overseas_policy().report_due_days)


def studies_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """For a unit's proposers: civil servants' own applications to endorse, applications and requests
    abroad BKPSDM returned, reports abroad due. For BKPSDM: requests abroad and their reports to check."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from bangkom.core.waiting import combined, dated, listed

    manages = user.has_perm(MANAGE)
    proposers_units = own_units(user, with_permission=PROPOSE)
    abroad = overseas_visible(user).order_by("updated_at", "id")

    def application(what: str) -> Any:
        return lambda a: Waiting(
            what,
            f"{a.employee.full_name}: {a.announcement.title}",
            reverse("studies:application", args=[a.pk]),
            dated(a.updated_at),
            a.announcement.closes_on,
        )

    def overseas(what: str, due: Any = None) -> Any:
        return lambda r: Waiting(
            what,
            f"{r.employee.full_name}: {r.title}",
            reverse("studies:overseas", args=[r.pk]),
            dated(r.updated_at),
            due(r) if due else None,
        )

    return combined(
        listed(applications_waiting_for_unit(user).filter(proposers_units), limit,
               application(_("Setujui pendaftaran tugas belajar pegawai"))),
        listed(applications_visible(user).filter(proposers_units, status=ApplicationStatus.RETURNED), limit,
               application(_("Lengkapi usulan tugas belajar yang dikembalikan"))),
        listed(abroad.filter(proposers_units, status=OverseasStatus.RETURNED), limit,
               overseas(_("Lengkapi permohonan ke luar negeri yang dikembalikan"))),
        listed(abroad.filter(proposers_units, status=OverseasStatus.APPROVED, ends_on__lt=today), limit,
               overseas(_("Sampaikan laporan kegiatan luar negeri"), report_due_on)),
        listed(abroad.filter(status=OverseasStatus.SUBMITTED) if manages else abroad.none(), limit,
               overseas(_("Periksa permohonan ke luar negeri"))),
        listed(abroad.filter(status=OverseasStatus.REPORTED) if manages else abroad.none(), limit,
               overseas(_("Periksa laporan kegiatan luar negeri"))),
    )  # fmt: skip


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's part of studies: overseas reports not handed in and study terms that ended."""
    if not may_open(user):
        return None
    reports = list(reports_overdue(user, today)[:10])
    studies = list(assignments_overdue(user, today)[:10])
    return {"reports_overdue": reports, "studies_overdue": studies} if reports or studies else None
