"""Requests per minute: each client its own limit (set by the administrator), each person the default."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .permissions import client_of


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        return f"{settings.API_PERSON_RATE_PER_MINUTE}/min"

    def allow_request(self, request: Request, view: Any) -> bool:
        client = client_of(request)
        if client is not None:
            self.num_requests, self.duration = client.rate_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        client = client_of(request)
        if client is not None:
            return f"throttle:api:client:{client.pk}"
        if request.user and request.user.is_authenticated:
            return f"throttle:api:user:{request.user.pk}"
        return f"throttle:api:address:{self.get_ident(request)}"
