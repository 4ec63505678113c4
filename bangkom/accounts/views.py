"""Account pages: change one's own password, "lupa kata sandi" by e-mail, and the administrator's
list of accounts with locked log-ins released and passwords set."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
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
from bangkom.core.keyset import page_for_request
from bangkom.core.web import AuthenticatedRequest, posted_ids, query_text, run_on_form, run_service
from bangkom.people.models import Employee
from bangkom.people.selectors import units_visible

from . import selectors, services, two_factor
from .forms import (
    AccountFilterForm,
    ActivationForm,
    GuardedAuthenticationForm,
    OwnPasswordChangeForm,
    ResetPasswordForm,
    ResetRequestForm,
    TokenForm,
)
from .models import User
from .oidc import sso_configured


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = GuardedAuthenticationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The button to the region's identity provider, when one is configured.
        return {
            **super().get_context_data(**kwargs),
            "sso_name": settings.OIDC_PROVIDER_NAME if sso_configured() else "",
        }


login = LoginView.as_view()
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


def _may_manage(request: AuthenticatedRequest) -> None:
    if not any(request.user.has_perm(p) for p in MANAGE):
        raise PermissionDenied


@login_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
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


def _account_step(request: AuthenticatedRequest, user_id: int, step: Any, success: str) -> HttpResponse:
    """An administrator's step on one account (`step(actor=, user=)`), back to the account list."""
    _may_manage(request)
    user = get_object_or_404(User, pk=user_id)
    run_service(request, lambda: step(actor=request.user, user=user), success % {"name": user.username})
    return redirect("accounts:users")


@require_POST
@login_required
def user_unlock(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    return _account_step(request, user_id, services.login_unlock, _("Kunci log-in %(name)s dibuka."))


@login_required
def user_password(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
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
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
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
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
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
def user_two_factor_reset(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    return _account_step(
        request, user_id, services.two_factor_reset, _("Verifikasi dua langkah %(name)s diatur ulang.")
    )


# --- Accounts for every civil servant -------------------------------------------------------------

ACCOUNTS_PAGE_SIZE = 50


@login_required
@permission_required(services.OPEN_ACCOUNTS, raise_exception=True)
def employee_accounts(request: AuthenticatedRequest) -> HttpResponse:
    units = [(u.pk, "\u2003" * u.depth + u.name) for u in units_visible(request.user).only("id", "name", "depth")]
    form = AccountFilterForm(request.GET or None, units=units, states=selectors.AccountState.choices)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.employee_accounts(
        request.user, q=filters.get("q", ""), unit=filters.get("unit"), state=filters.get("state", "")
    )
    page, query = page_for_request(request, rows, selectors.ACCOUNT_ORDERING, size=ACCOUNTS_PAGE_SIZE)
    return render(request, "accounts/employee_accounts.html", {
        "form": form, "page": page, "query": query, "unit": filters.get("unit"),
        "rows": [(e, selectors.account_state(e)) for e in page], "states": selectors.AccountState,
    })  # fmt: skip


def _codes_page(request: HttpRequest, opened: services.AccountsOpened) -> HttpResponse:
    response = render(request, "accounts/activation_codes.html", {"opened": opened})
    response["Cache-Control"] = "no-store"  # the codes are shown once and must not stay in a cache
    return response


@require_POST
@login_required
@permission_required(services.OPEN_ACCOUNTS, raise_exception=True)
def employee_accounts_open(request: AuthenticatedRequest) -> HttpResponse:
    """Accounts and codes for the employees ticked on the page, or for everyone of a unit (and its
    sub-units) who has no account yet or has not activated it."""
    if request.POST.get("unit"):
        unit = next(iter(posted_ids(request, "unit", 1)), None)
        employees: Any = selectors.accounts_to_open(request.user, unit) if unit else Employee.objects.none()
    else:
        ids = posted_ids(request, "employee", ACCOUNTS_PAGE_SIZE)
        employees = selectors.employee_accounts(request.user).filter(pk__in=ids)
    employees = list(employees)
    if not employees:
        messages.error(request, _("Pilih dahulu pegawai (centang di daftar) atau unit kerjanya."))
        return redirect("accounts:employee-accounts")
    try:
        opened = services.employee_accounts_open(actor=request.user, employees=employees)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("accounts:employee-accounts")
    return _codes_page(request, opened)


@require_POST
@login_required
@permission_required(services.OPEN_ACCOUNTS, raise_exception=True)
def employee_account_renew(request: AuthenticatedRequest, employee_id: int) -> HttpResponse:
    employee = get_object_or_404(selectors.employee_accounts(request.user).filter(user__isnull=False), pk=employee_id)
    try:
        issued = services.account_code_renew(actor=request.user, user=employee.user)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("accounts:employee-accounts")
    return _codes_page(request, services.AccountsOpened(issued=[issued]))


LOG_IN_BACKEND = "bangkom.accounts.access.CachedPermissionBackend"


def activate(request: HttpRequest) -> HttpResponse:
    """Public: a civil servant turns the code from their operator into a password, and is logged in."""
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = ActivationForm(request.POST or None)
    done, user = run_on_form(
        request,
        form,
        lambda data: services.account_activate(nip=data["nip"], code=data["code"], password=data["password"]),
    )
    if done:
        # The code stood in for the password (axes' backend has nothing to check here).
        auth_login(request, user, backend=LOG_IN_BACKEND)
        messages.success(request, _("Akun Anda aktif. Selamat datang di Bangkom."))
        return redirect("core:dashboard")
    return render(request, "accounts/activate.html", {"form": form})
