"""Scoped reads of dispositions: the addressed role's holders and the sender see one; the head and
the staff (view_all_dispositions) see all."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import role_codes
from bangkom.core.waiting import Waiting, dated, listed

from .models import Disposition, DispositionStatus

VIEW_ALL = "workflow.view_all_dispositions"


def _base() -> QuerySet[Disposition]:
    return Disposition.objects.select_related("sent_by", "closed_by", "subject_type").prefetch_related("subject")


def dispositions_visible(user: User) -> QuerySet[Disposition]:
    if user.has_perm(VIEW_ALL):
        return _base()
    return _base().filter(Q(sent_by=user) | Q(to_role__in=role_codes(user)))


def disposition_for(user: User, disposition_id: int) -> Disposition:
    return dispositions_visible(user).get(pk=disposition_id)


def inbox(user: User) -> QuerySet[Disposition]:
    """Open dispositions addressed to a role the user holds, the oldest deadline first."""
    return (
        _base()
        .filter(status=DispositionStatus.OPEN, to_role__in=role_codes(user))
        .order_by(models.F("due_on").asc(nulls_last=True), "created_at")
    )


def sent(user: User) -> QuerySet[Disposition]:
    return _base().filter(sent_by=user)


def of_subject(subject: models.Model) -> QuerySet[Disposition]:
    return (
        _base()
        .filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
        .order_by("created_at", "id")
    )


def addressed_to(user: User, disposition: Disposition) -> bool:
    return disposition.status == DispositionStatus.OPEN and disposition.to_role in role_codes(user)


def dispositions_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Open dispositions to a role the user holds ("Tugas saya")."""
    rows = Disposition.objects.filter(status=DispositionStatus.OPEN, to_role__in=role_codes(user)).order_by(
        models.F("due_on").asc(nulls_last=True), "created_at"
    )
    return listed(rows, limit, lambda d: Waiting(
        _("Disposisi"), d.instruction, reverse("workflow:detail", args=[d.pk]), dated(d.created_at), d.due_on,
    ))  # fmt: skip
