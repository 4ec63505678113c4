"""Two-factor log-in with a time-based code (TOTP, django-otp): any authenticator app on a phone.

Required for the administrator and for everyone who signs (their posts sign letters, decrees and
certificates) when BANGKOM_TWO_FACTOR_REQUIRED is on; optional for the rest, who turn it on from
their account menu. Once a person has a confirmed device, every session of theirs must pass the
code before any page other than the set-up, the code and log-out."""

from __future__ import annotations

import base64
from collections.abc import Callable

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import access_of
from .models import User

# Permissions whose holders sign documents: a stolen password must not be enough to sign.
SIGNING_PERMISSIONS = ("documents.sign_document", "training.issue_certificate")


def two_factor_required(user: User) -> bool:
    if not settings.BANGKOM_TWO_FACTOR_REQUIRED:
        return False
    return user.is_superuser or user.is_staff or any(user.has_perm(p) for p in SIGNING_PERMISSIONS)


def pending_device(user: User) -> TOTPDevice:
    """The device being set up (unconfirmed), made once so a reload shows the same code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing it into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class TwoFactorMiddleware:
    """Sends a signed-in person who has not passed their code (or must still set one up) to that page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            target = self._target(request, user)
            if target is not None and request.headers.get("HX-Request"):
                # A fragment a page asks for (the menu's count) must not become the code page pasted
                # into the page itself: nothing is sent until the person has passed their code.
                return HttpResponse(status=204)
            if target is not None:
                return redirect(f"{target}?next={request.get_full_path()}" if request.method == "GET" else target)
        return self.get_response(request)

    def _target(self, request: HttpRequest, user: User) -> str | None:
        # Whether a code is owed at all first: most people have no device and need none, and the
        # addresses that stay open cost four reverse() calls a request (issue 20).
        if access_of(user).has_device:
            target = reverse("accounts:two-factor-verify")
        elif two_factor_required(user):
            target = reverse("accounts:two-factor-setup")
        else:
            return None
        names = ("accounts:two-factor-setup", "accounts:two-factor-verify", "accounts:logout", "set_language")
        static = "/" + settings.STATIC_URL.lstrip("/")
        if request.path in {reverse(name) for name in names} or request.path.startswith(static):
            return None
        return target
