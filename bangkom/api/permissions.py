"""Who may call which endpoint: a client only what its access lists, a person what the pages allow."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import ApiClient


def client_of(request: Request) -> ApiClient | None:
    return request.auth if isinstance(request.auth, ApiClient) else None


class AccessListed(BasePermission):
    """A view names the `access` it serves and, for people, what the matching page asks: a
    `person_permission`, or `person_may(user)` where the page asks more than one permission (neither:
    any signed-in person, whose scope narrows what they see). A client must hold the access."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        client = client_of(request)
        if client is not None:
            return client.may(view.access)
        if getattr(view, "clients_only", False):
            return False
        needed = getattr(view, "person_permission", None)
        may = getattr(view, "person_may", None)
        return (needed is None or user.has_perm(needed)) and (may is None or may(user))
