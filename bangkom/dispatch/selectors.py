"""Reads of dispatches, with the service clock in working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from bangkom.accounts.models import User
from bangkom.core.calendar import WorkingCalendar
from bangkom.core.selectors import working_calendar
from bangkom.documents.models import Document

from .models import SERVICE_DONE, SERVICE_WORKING_DAYS, Dispatch, DispatchStatus, Participant

ASSIGNMENT_KIND = "surat_perintah_tugas"
WARN_WORKING_DAYS = 5  # flagged as "almost due" when this few working days are left


@dataclass(frozen=True)
class ServiceClock:
    due_on: dt.date
    used: int  # working days since the request (up to completion, or today)
    left: int  # working days until the due date (negative when overdue)
    done: bool
    overdue: bool
    warning: bool


def service_clock(dispatch: Dispatch, today: dt.date, calendar: WorkingCalendar | None = None) -> ServiceClock:
    """`calendar`: pass one to reuse it over a list (it costs a query to build)."""
    calendar = calendar or working_calendar()
    done = dispatch.status in SERVICE_DONE
    until = dispatch.completed_on if done and dispatch.completed_on else today
    used = calendar.working_days_between(dispatch.requested_on, until)
    left = SERVICE_WORKING_DAYS - used
    overdue = until > dispatch.due_on
    return ServiceClock(
        due_on=dispatch.due_on, used=used, left=left, done=done, overdue=overdue,
        warning=not done and not overdue and left <= WARN_WORKING_DAYS,
    )  # fmt: skip


def dispatches_visible(user: User) -> QuerySet[Dispatch]:
    if not user.has_perm("dispatch.view_dispatch"):
        return Dispatch.objects.none()
    return Dispatch.objects.select_related("round")


def dispatch_for(user: User, dispatch_id: int) -> Dispatch:
    return dispatches_visible(user).select_related("created_by").get(pk=dispatch_id)


def participants(dispatch: Dispatch) -> QuerySet[Participant]:
    return dispatch.participants.select_related(
        "candidate__employee", "candidate__employee__golongan", "candidate__employee__unit"
    ).order_by("candidate__rank", "candidate__employee__name")


def overdue_dispatches(today: dt.date) -> QuerySet[Dispatch]:
    """Dispatches past their 22-working-day due date whose participants are not yet sent."""
    open_statuses = [DispatchStatus.PROPOSED, DispatchStatus.AGREED]
    return Dispatch.objects.filter(status__in=open_statuses, due_on__lt=today).select_related("round")


def assignment_documents(people: list[Participant]) -> list[Document]:
    """The SPTs of these participants, oldest first (one query for any number)."""
    if not people:
        return []
    return list(
        Document.objects.filter(
            kind=ASSIGNMENT_KIND, subject_type=ContentType.objects.get_for_model(Participant),
            subject_id__in=[p.pk for p in people],
        ).defer("docx", "pdf", "context").order_by("created_at", "id")
    )  # fmt: skip
