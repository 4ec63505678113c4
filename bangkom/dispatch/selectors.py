"""Reads of dispatches, with the service clock in working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from bangkom.accounts.models import User
from bangkom.core.calendar import Clock
from bangkom.desk.selectors import with_clocks as request_clocks
from bangkom.documents.models import Document

from .models import Dispatch, DispatchStatus, Participant

ASSIGNMENT_KIND = "surat_perintah_tugas"
PROPOSAL_KIND = "usulan_pengiriman"


def with_clocks(dispatches: QuerySet[Dispatch], today: dt.date) -> list[tuple[Dispatch, Clock]]:
    """Each dispatch with the clock of its service request."""
    rows = list(dispatches)
    return [(d, row.clock) for d, row in zip(rows, request_clocks([d.request for d in rows], today), strict=True)]


def dispatches_visible(user: User) -> QuerySet[Dispatch]:
    if not user.has_perm("dispatch.view_dispatch"):
        return Dispatch.objects.none()
    return Dispatch.objects.select_related("round", "request__service")


def dispatch_for(user: User, dispatch_id: int) -> Dispatch:
    return dispatches_visible(user).select_related("created_by").get(pk=dispatch_id)


def participants(dispatch: Dispatch) -> QuerySet[Participant]:
    return dispatch.participants.select_related(
        "candidate__employee", "candidate__employee__golongan", "candidate__employee__unit"
    ).order_by("candidate__rank", "candidate__employee__name")


def overdue_dispatches(today: dt.date) -> QuerySet[Dispatch]:
    """Dispatches past their service's due date whose participants are not yet sent."""
    open_statuses = [DispatchStatus.PROPOSED, DispatchStatus.AGREED]
    return Dispatch.objects.filter(
        status__in=open_statuses, request__finished_on__isnull=True, request__due_on__lt=today
    ).select_related("request")


def assignment_documents(people: list[Participant]) -> list[Document]:
    """The SPTs of these participants, oldest first (one query for any number)."""
    if not people:
        return []
    return list(
        Document.objects.filter(
            kind=ASSIGNMENT_KIND,
            subject_type=ContentType.objects.get_for_model(Participant),
            subject_id__in=[p.pk for p in people],
        )
        .defer("context")
        .order_by("created_at", "id")
    )


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's part of dispatch: participants not sent by the service's due date."""
    if not user.has_perm("dispatch.view_dispatch"):
        return None
    late = list(overdue_dispatches(today))
    return {"overdue_dispatches": late} if late else None
