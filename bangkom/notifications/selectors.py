"""A person's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from bangkom.accounts.models import User

from .models import Notification


def mine(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user) if user.is_authenticated else Notification.objects.none()


def unread_count(user: User) -> int:
    """The bell's count: kept on the user by the services (no query); see `unread_counts_check`."""
    return user.unread_notifications if user.is_authenticated else 0


def notification_for(user: User, notification_id: int) -> Notification:
    found = mine(user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found
