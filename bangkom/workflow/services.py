"""Sending, forwarding, closing and withdrawing dispositions. Only the holders of the addressed role
act on a disposition; only its sender withdraws it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.roles import OFFICE_ROLES
from bangkom.accounts.scope import role_codes
from bangkom.core.calendar import due_after
from bangkom.core.errors import ServiceError
from bangkom.core.selectors import working_calendar
from bangkom.core.state_machine import status_move, status_start
from bangkom.notifications.services import notify

from .models import DISPOSITION_TRANSITIONS, Disposition, DispositionStatus

SEND = "workflow.send_disposition"
ROLE_NAMES = {role.code: role.name for role in OFFICE_ROLES}
# subject model -> (disposition, actor): how a flow hears of a disposition sent about its record.
SENT_HOOKS: dict[type[models.Model], Callable[[Disposition, User], None]] = {}


def on_disposition_sent(model: type[models.Model], hook: Callable[[Disposition, User], None]) -> None:
    SENT_HOOKS[model] = hook


def office_role_of(user: User) -> str:
    """The office role the user writes in: the first of the head, head of division, staff and general
    affairs that they hold."""
    held = role_codes(user)
    for role in OFFICE_ROLES:
        if role.code in held:
            return role.code
    raise ServiceError(_("Disposisi hanya dikirim oleh pimpinan, kepala bidang, petugas atau subbagian umum."))


def _due(*, due_on: dt.date | None, due_working_days: int | None) -> dt.date | None:
    today = timezone.localdate()
    if due_working_days is not None:
        if due_working_days < 0:
            raise ServiceError(_("Batas waktu tidak boleh negatif."))
        return due_after(working_calendar(), today, due_working_days, "hari_kerja")
    if due_on is not None and due_on < today:
        raise ServiceError(_("Batas waktu %(date)s sudah lewat.") % {"date": due_on.strftime("%d-%m-%Y")})
    return due_on


@transaction.atomic
def disposition_send(
    *, actor: User, subject: models.Model, to_role: str, instruction: str, note: str = "",
    due_on: dt.date | None = None, due_working_days: int | None = None, parent: Disposition | None = None,
) -> Disposition:  # fmt: skip
    if not actor.has_perm(SEND):
        raise ServiceError(_("Anda tidak berwenang mengirim disposisi."))
    if to_role not in ROLE_NAMES:
        raise ServiceError(_("Disposisi tidak dapat ditujukan kepada %(role)s.") % {"role": to_role})
    if not instruction.strip():
        raise ServiceError(_("Tuliskan perintah disposisi."))
    due = _due(due_on=due_on, due_working_days=due_working_days)
    if due is None and parent is not None:
        due = parent.due_on  # a forward keeps the original deadline unless a new one is given
    disposition = Disposition(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        parent=parent,
        sent_by=actor,
        sender_role=office_role_of(actor),
        to_role=to_role,
        instruction=instruction.strip(),
        note=note.strip(),
        due_on=due,
    )
    disposition.full_clean()
    disposition.save()
    status_start(disposition, history=disposition.status_changes, actor=actor, note=disposition.instruction)
    hook = SENT_HOOKS.get(type(subject))
    if hook is not None:
        hook(disposition, actor)
    notify(
        recipients=User.objects.filter(groups__name=to_role, is_active=True).exclude(pk=actor.pk),
        message=gettext_lazy("Disposisi dari %(sender)s: %(instruction)s"),
        params={"sender": actor.get_full_name() or actor.username, "instruction": disposition.instruction[:300]},
        link=reverse("workflow:detail", args=[disposition.pk]),
    )
    return disposition


def _locked(disposition: Disposition) -> Disposition:
    return Disposition.objects.select_for_update().get(pk=disposition.pk)


def _addressee_only(disposition: Disposition, actor: User) -> None:
    if disposition.to_role not in role_codes(actor):
        raise ServiceError(
            _("Disposisi ini ditujukan kepada %(role)s; hanya mereka yang menindaklanjutinya.")
            % {"role": disposition.get_to_role_display()}
        )


def _close(disposition: Disposition, *, actor: User, to: str, note: str) -> None:
    status_move(
        disposition,
        to=to,
        transitions=DISPOSITION_TRANSITIONS,
        history=disposition.status_changes,
        actor=actor,
        note=note,
        labels=DispositionStatus,
    )
    disposition.closed_by, disposition.closed_at, disposition.response = actor, timezone.now(), note
    disposition.save(update_fields=["status", "closed_by", "closed_at", "response", "updated_at"])


@transaction.atomic
def dispositions_carried_out(*, actor: User, subject: models.Model, to_role: str | None, note: str) -> int:
    """Close, as done, the open dispositions about `subject` addressed to `to_role` (every role when
    None): the flow they ordered has moved past their work, so they leave the inbox. Called by that
    flow inside the write its actor was authorised for; returns how many were closed."""
    open_ones = Disposition.objects.select_for_update().filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        status=DispositionStatus.OPEN,
    )
    if to_role is not None:
        open_ones = open_ones.filter(to_role=to_role)
    closed = 0
    for disposition in open_ones.order_by("id"):
        _close(disposition, actor=actor, to=DispositionStatus.DONE, note=note)
        closed += 1
    return closed


@transaction.atomic
def disposition_complete(*, actor: User, disposition: Disposition, response: str = "") -> Disposition:
    """The addressee reports the instruction carried out."""
    disposition = _locked(disposition)
    _addressee_only(disposition, actor)
    _close(disposition, actor=actor, to=DispositionStatus.DONE, note=response.strip() or _("Dilaksanakan"))
    return disposition


@transaction.atomic
def disposition_forward(
    *,
    actor: User,
    disposition: Disposition,
    to_role: str,
    instruction: str,
    note: str = "",
    due_on: dt.date | None = None,
    due_working_days: int | None = None,
) -> Disposition:
    """The addressee passes the matter on (the head to the head of division, the staff to the head
    through general affairs): this disposition is closed as forwarded and a new one opens."""
    disposition = _locked(disposition)
    _addressee_only(disposition, actor)
    subject = cast(models.Model, disposition.subject)  # a disposition is always about a record
    forward = disposition_send(
        actor=actor,
        subject=subject,
        to_role=to_role,
        instruction=instruction,
        note=note,
        due_on=due_on,
        due_working_days=due_working_days,
        parent=disposition,
    )
    _close(
        disposition,
        actor=actor,
        to=DispositionStatus.FORWARDED,
        note=_("Diteruskan kepada %(role)s: %(text)s") % {"role": forward.get_to_role_display(), "text": instruction},
    )
    return forward


@transaction.atomic
def disposition_withdraw(*, actor: User, disposition: Disposition, reason: str) -> Disposition:
    disposition = _locked(disposition)
    if disposition.sent_by_id != actor.pk:
        raise ServiceError(_("Hanya pengirim yang dapat menarik disposisi."))
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan disposisi ditarik."))
    _close(disposition, actor=actor, to=DispositionStatus.WITHDRAWN, note=reason.strip())
    return disposition
