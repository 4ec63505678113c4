"""How a request to the API says who it is: an integration client's token (`Authorization: Bearer …`),
or the session of a person signed in to the pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from bangkom.accounts.models import User

from . import selectors, services
from .models import ApiClient


class ClientTokenAuthentication(BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiClient] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.encode():
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_('Header Authorization tidak sah: tulis "Bearer <token>".'))
        client = selectors.client_by_token(words[1].decode("utf-8", "replace"))
        if client is None:
            raise AuthenticationFailed(_("Token tidak dikenal."))
        if client.revoked_at is not None:
            raise AuthenticationFailed(
                _("Token klien %(name)s sudah dicabut pada %(when)s.")
                % {"name": client.name, "when": f"{timezone.localtime(client.revoked_at):%d-%m-%Y %H:%M}"}
            )
        if client.expires_at <= timezone.now():
            raise AuthenticationFailed(
                _("Token klien %(name)s kedaluwarsa pada %(when)s; minta token baru kepada administrator.")
                % {"name": client.name, "when": f"{timezone.localtime(client.expires_at):%d-%m-%Y %H:%M}"}
            )
        services.client_used(client)
        return client.user, client

    def authenticate_header(self, request: Request) -> str:
        # A 401 (not 403) for a request without a token, naming the scheme to use.
        return 'Bearer realm="api"'


class ClientTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI schema, so that the documentation's "Authorize" asks for it."""

    target_class = "bangkom.api.authentication.ClientTokenAuthentication"
    name = "tokenKlien"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": _("Token klien API dari administrator Bangkom.")}
