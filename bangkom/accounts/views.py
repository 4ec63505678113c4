"""Account pages: change one's own password, "lupa kata sandi" by e-mail, and the administrator's
list of accounts with locked log-ins released and passwords set."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from bangkom.core.errors import ServiceError
from bangkom.core.web import query_text, run_service

from . import services, two_factor
from .forms import (
    GuardedAuthenticationForm,
    OwnPasswordChangeForm,
    ResetPasswordForm,
    ResetRequestForm,
    TokenForm,
)
from .models import User

login = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=GuardedAuthenticationForm)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    form_class=OwnPasswordChangeForm,
    success_url=reverse_lazy("accounts:password-change-done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=ResetRequestForm,
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=ResetPasswordForm,
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)

MANAGE = ("accounts.unlock_login", "accounts.reset_password")
PER_PAGE = 50


def _may_manage(request: HttpRequest) -> None:
    if not any(request.user.has_perm(p) for p in MANAGE):
        raise PermissionDenied


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _may_manage(request)
    query = query_text(request.GET)
    users = User.objects.order_by("username").select_related("unit")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    page = Paginator(users, PER_PAGE).get_page(request.GET.get("page"))
    locked = set(
        AccessAttempt.objects.filter(
            username__in=[u.username for u in page], failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )
    return render(request, "accounts/user_list.html", {"page": page, "locked": locked, "q": query})


def _account_step(request: HttpRequest, user_id: int, step: Any, success: str) -> HttpResponse:
    """An administrator's step on one account (`step(actor=, user=)`), back to the account list."""
    _may_manage(request)
    user = get_object_or_404(User, pk=user_id)
    run_service(request, lambda: step(actor=request.user, user=user), success % {"name": user.username})
    return redirect("accounts:users")


@require_POST
@login_required
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_step(request, user_id, services.login_unlock, _("Kunci log-in %(name)s dibuka."))


@login_required
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """Django's own set-password form (both fields, the password validators), then the service."""
    _may_manage(request)
    user = get_object_or_404(User, pk=user_id)
    form = ResetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password1"]
        done = _("Kata sandi %(name)s diganti; sesi lamanya berakhir.") % {"name": user.username}
        step = lambda: services.password_set_by_admin(actor=request.user, user=user, password=password)  # noqa: E731
        if run_service(request, step, done):
            return redirect("accounts:users")
    return render(request, "accounts/user_password.html", {"form": form, "target": user})


# --- Two-factor log-in -------------------------------------------------------------------------------


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect("accounts:two-factor-verify")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_confirm(user=request.user, device=device, token=form.cleaned_data["token"])
        except ServiceError as error:
            form.add_error("token", str(error))
        else:
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah aktif untuk akun Anda."))
            return redirect(two_factor.safe_next(request, reverse("core:dashboard")))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr": two_factor.qr_svg_data_uri(device), "secret": two_factor.secret_text(device),
        "required": two_factor.two_factor_required(request.user), "next": request.GET.get("next", ""),
    })  # fmt: skip


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        device = match_token(request.user, token)
        if device is None:
            refusal = _("Kode tidak cocok, sudah dipakai, atau terlalu banyak percobaan; tunggu sebentar.")
            form.add_error("token", refusal)
        else:
            otp_login(request, device)
            return redirect(two_factor.safe_next(request, reverse("core:dashboard")))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
@login_required
def user_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_step(
        request, user_id, services.two_factor_reset, _("Verifikasi dua langkah %(name)s diatur ulang.")
    )
