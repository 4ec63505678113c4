"""Log-in through the region's identity provider (OpenID Connect, mozilla-django-oidc): the provider
says who the person is, Bangkom finds their account by NIP. Nobody gets an account this way (an
account is opened by the agency, `accounts.services`); local passwords keep working beside it. Only
configured when OIDC_OP_AUTHORIZATION_ENDPOINT and the rest are set."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from bangkom.people.nip import NIP_LENGTH

from .models import User

logger = logging.getLogger(__name__)


def sso_configured() -> bool:
    return all(
        getattr(settings, name, "")
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
        )
    )


def nip_of(claims: dict[str, Any]) -> str:
    """The NIP the provider vouches for (the claim OIDC_NIP_CLAIM names), or "" when it names none."""
    value = str(claims.get(settings.OIDC_NIP_CLAIM) or "").strip()
    return value if value.isdigit() and len(value) == NIP_LENGTH else ""


class NipOidcBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's answer to the account of that NIP: the user whose user name is the
    NIP (a civil servant's account) or who is linked to the employee with it (staff)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.enabled = sso_configured()
        if self.enabled:
            super().__init__(*args, **kwargs)  # reads (and requires) the provider's settings
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not self.enabled:
            return None
        try:
            return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]
        except SuspiciousOperation as error:  # a token whose signature, audience or nonce is wrong
            logger.warning("SSO log-in refused: %s", error)
            return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(nip_of(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        nip = nip_of(claims)
        return User.objects.filter(Q(username=nip) | Q(employee__nip=nip), is_active=True).distinct()

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"NIP {nip_of(claims)}"

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # the registry, not the provider, keeps a person's data

    # Permissions come from CachedPermissionBackend alone: this backend only says who someone is, and
    # must not add uncached permission queries behind every refused check.
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()


class SsoCallback(OIDCAuthenticationCallbackView):
    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Masuk lewat SSO daerah gagal: NIP Anda belum punya akun Bangkom, akunnya nonaktif, atau "
                "penyedia identitas tidak menyebut NIP. Hubungi operator kepegawaian unit Anda."
            ),
        )
        return redirect("accounts:login")


def sso_start(request: HttpRequest) -> HttpResponse:
    if not sso_configured():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)  # type: ignore[no-any-return]


def sso_callback(request: HttpRequest) -> HttpResponse:
    if not sso_configured():
        raise Http404
    return SsoCallback.as_view()(request)  # type: ignore[no-any-return]
