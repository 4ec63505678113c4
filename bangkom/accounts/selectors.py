"""Reads about accounts, scoped to who asks."""

from __future__ import annotations

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import OuterRef, Q, QuerySet, Subquery, TextChoices
from django.utils.translation import gettext_lazy as _

from bangkom.people.models import Employee, Unit
from bangkom.people.selectors import EmployeeFilter, covering_paths, employee_list

from .models import Activation, ActivationStatus, User

ACCOUNT_ORDERING = ("unit__path", "name", "id")


class AccountState(TextChoices):
    NONE = "belum", _("Belum punya akun")
    WAITING = "menunggu", _("Belum diaktifkan")
    ACTIVE = "aktif", _("Aktif")
    CLOSED = "ditutup", _("Ditutup")


STATE_FILTERS = {
    AccountState.NONE: Q(user__isnull=True),
    AccountState.WAITING: Q(user__is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
    AccountState.ACTIVE: Q(user__is_active=True) & ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
    AccountState.CLOSED: Q(user__is_active=False),
}


def employee_accounts(user: User, *, q: str = "", unit: int | None = None, state: str = "") -> QuerySet[Employee]:
    """The employees the user may see with their account (if any) and the expiry of the code that
    waits for them, for the operator's account page; ordered by unit, then name."""
    waiting = Activation.objects.filter(user__employee=OuterRef("pk"), status=ActivationStatus.WAITING)
    latest = Activation.objects.filter(user__employee=OuterRef("pk")).order_by("-issued_at", "-id")
    rows = (
        employee_list(user, EmployeeFilter(q=q, unit=unit, sort="unit"))
        .select_related("user", "legal_status")
        .annotate(
            code_expires_at=Subquery(waiting.values("expires_at")[:1]),
            code_emailed_to=Subquery(waiting.values("emailed_to")[:1]),
            email_error=Subquery(latest.values("email_error")[:1]),
        )
    )
    if state in STATE_FILTERS:
        rows = rows.filter(STATE_FILTERS[AccountState(state)])
    return rows.order_by(*ACCOUNT_ORDERING)


def accounts_to_open(user: User, unit: int) -> QuerySet[Employee]:
    """Everyone of a unit and its sub-units whom the user may see and who has no account yet or has
    not activated it."""
    not_active = STATE_FILTERS[AccountState.NONE] | STATE_FILTERS[AccountState.WAITING]
    return employee_accounts(user, unit=unit).filter(not_active)


def account_state(employee: Employee) -> AccountState:
    user = getattr(employee, "user", None)
    if user is None:
        return AccountState.NONE
    if not user.is_active:
        return AccountState.CLOSED
    return AccountState.ACTIVE if user.has_usable_password() else AccountState.WAITING


def permission_holders(permission: str) -> QuerySet[User]:
    """The active users who hold `permission` through a role or on their own (superusers aside)."""
    app_label, codename = permission.split(".")
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
            | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
        )
        .distinct()
    )


def users_responsible_for(permission: str, unit: Unit) -> list[User]:
    """The active users who hold `permission` and whose unit covers `unit` (the operators of the unit
    and of the units above it); when there are none, those who hold it for every unit (BKPSDM)."""
    holders = permission_holders(permission)
    nearby = list(holders.filter(unit__path__in=covering_paths(unit)))
    return nearby or list(holders.filter(unit__isnull=True))
