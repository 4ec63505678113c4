"""A person's own notifications."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from bangkom.accounts.models import User

from .models import Notification


def mine(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user) if user.is_authenticated else Notification.objects.none()


def unread_count(user: User) -> int:
    """The bell's count: kept on the user by the services (no query); see `unread_count_differences`."""
    return user.unread_notifications if user.is_authenticated else 0


@dataclass(frozen=True)
class UnreadDifference:
    user_id: int
    username: str
    kept: int
    counted: int


def unread_count_differences() -> list[UnreadDifference]:
    """Every user whose kept count (`User.unread_notifications`) differs from their unread
    notifications counted afresh, by username. Every user is walked in batches rather than those named
    by an IN list, which would pass SQLite's limit on a query's parameters at a province's size."""
    counted = dict(
        Notification.objects.filter(read_at__isnull=True).values_list("recipient").annotate(n=Count("id")).order_by()
    )
    users = User.objects.values_list("pk", "username", "unread_notifications").order_by("username")
    return [
        UnreadDifference(pk, username, kept, counted.get(pk, 0))
        for pk, username, kept in users.iterator(chunk_size=5000)
        if kept != counted.get(pk, 0)
    ]


def notification_for(user: User, notification_id: int) -> Notification:
    found = mine(user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found
