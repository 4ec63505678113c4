"""Telling people: one call for every app (`notify`), e-mail through the background worker."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from bangkom.accounts.models import User
from bangkom.accounts.selectors import users_responsible_for
from bangkom.core.errors import ServiceError
from bangkom.core.waiting import forget

from .models import EmailStatus, Notification
from .selectors import unread_count_differences

logger = logging.getLogger(__name__)
TEXT_MAX = 500


def notify(
    *, recipients: Iterable[User], message: Any, params: Mapping[str, Any] | None = None, link: str = ""
) -> list[Notification]:
    """Tell each active recipient once. The text is written in the installation's language (the
    sender's page may be in another) and e-mailed after the commit to those with an address."""
    with translation.override(settings.LANGUAGE_CODE):
        text = (str(message) % dict(params)) if params else str(message)
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    rows = [
        Notification(
            recipient=user,
            text=text[:TEXT_MAX],
            link=link[:300],
            email_status=EmailStatus.WAITING if user.email else EmailStatus.NONE,
        )
        for user in unique.values()
    ]
    Notification.objects.bulk_create(rows)
    User.objects.filter(pk__in=unique).update(unread_notifications=F("unread_notifications") + 1)
    for user in unique.values():  # the users in hand answer as they would read afresh
        user.unread_notifications += 1
    forget(unique)  # something may now wait on them: their "Tugas saya" count is computed afresh
    if any(row.email_status == EmailStatus.WAITING for row in rows):
        transaction.on_commit(lambda: notifications_email_task.enqueue())
    return rows


def notify_responsible(
    permission: str,
    unit: Any,
    *,
    actor: User | None,
    message: Any,
    params: Mapping[str, Any] | None = None,
    link: str = "",
) -> list[Notification]:
    """Tell those who act on `unit`'s work with `permission` (its operators, or BKPSDM when the unit
    has none) that something waits on them; the one who moved it is not told of their own step."""
    recipients = [user for user in users_responsible_for(permission, unit) if actor is None or user.pk != actor.pk]
    return notify(recipients=recipients, message=message, params=params, link=link)


def notification_open(*, actor: User, notification: Notification) -> Notification:
    """The recipient opens a notification: it is read from then on."""
    if notification.recipient_id != actor.pk:
        raise ServiceError(_("Notifikasi ini bukan untuk Anda."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # Only the request that marks it read lowers the count (two tabs opening it at once).
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at):
            _unread_lower(actor, 1)
    return notification


def notifications_read_all(*, actor: User) -> int:
    read = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    if read:
        _unread_lower(actor, read)
    return read


def _unread_lower(user: User, by: int) -> None:
    User.objects.filter(pk=user.pk).update(unread_notifications=Greatest(F("unread_notifications") - by, 0))
    user.unread_notifications = max(user.unread_notifications - by, 0)


def unread_counts_rebuild() -> int:
    """Set every kept count that differs from the user's unread notifications to that number (one
    UPDATE each); returns how many were wrong. Derived data, like the ledger's `figures_rebuild`."""
    wrong = unread_count_differences()
    for difference in wrong:
        User.objects.filter(pk=difference.user_id).update(unread_notifications=difference.counted)
    return len(wrong)


EMAIL_BATCH = 200


def notifications_email() -> int:
    """Send the notifications waiting for e-mail over one SMTP connection; each is marked sent or
    failed (with the server's answer), so a bad address never blocks the others. Returns how many
    were sent."""
    waiting = list(
        Notification.objects.filter(email_status=EmailStatus.WAITING).select_related("recipient")[:EMAIL_BATCH]
    )
    if not waiting:
        return 0
    base = settings.BANGKOM_PUBLIC_URL.rstrip("/")
    sent = 0
    with get_connection() as connection:
        for row in waiting:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Bangkom: %(text)s") % {"text": row.text[:80]}
                body = row.text + (f"\n\n{base}{row.link}" if row.link else "")
                body += "\n\n" + _("Pesan ini dikirim otomatis oleh Bangkom; jangan dibalas.")
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [row.recipient.email], connection=connection
            )
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("E-mail of notification %s to %s failed: %s", row.pk, row.recipient.email, error)
                row.email_status, row.email_error = EmailStatus.FAILED, str(error)[:300]
            else:
                row.email_status, row.emailed_at, sent = EmailStatus.SENT, timezone.now(), sent + 1
            row.save(update_fields=["email_status", "email_error", "emailed_at"])
    if len(waiting) == EMAIL_BATCH:  # more wait: the next run takes them
        transaction.on_commit(lambda: notifications_email_task.enqueue())
    return sent


@task()
def notifications_email_task() -> None:
    notifications_email()
