"""Reads of the heavy pages from a PostgreSQL replica (DATABASE_REPLICA_URL), writes always to the primary.

Only views marked `@reads_from_replica` read there, and only on GET: a list, the JP ledger, a report
may be a moment behind the primary, but the person, their session and their rights are always read
from the primary (a log-in that has not reached the replica yet must not log anyone out), and so is
everything a form or a step writes and then reads back.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Who one is and what one may do is never read from a copy that may lag.
PRIMARY_ONLY_APPS = frozenset({"accounts", "auth", "sessions", "contenttypes", "otp_totp", "otp_static", "axes"})
_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reading_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _reading_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a read-only page read the registry from the replica, when one is configured."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.DATABASE_REPLICA_READS or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        token = _reading_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_replica.reset(token)

    return wrapper
