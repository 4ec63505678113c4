"""Who may see which employees and units: every selector that returns people applies this."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, Unit

from .access import access_of
from .models import User

NOTHING = Q(pk__in=[])


def _units_path(user: User) -> str | None:
    """The one rule of who sees whose people: "" for everyone, a unit's path for that unit and its
    sub-units, None when the user sees whole units of nobody (one's own record, or nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or user.has_perm("people.view_all_employees"):
        return ""
    if user.has_perm("people.view_unit_employees") and user.unit is not None:
        return user.unit.path
    return None


def _own_record(user: User) -> int | None:
    return user.employee_id if user.is_authenticated and user.is_active else None


def employee_scope(user: User, *, prefix: str = "") -> Q:
    """A filter on Employee (or on a model reaching it through `prefix`) limited to the user's scope."""
    path = _units_path(user)
    if path is not None:
        return Q(**{f"{prefix}unit__path__startswith": path}) if path else Q()
    own = _own_record(user)
    return Q(**{f"{prefix}pk": own}) if own else NOTHING


def unit_scope(user: User) -> Q:
    """A filter on Unit: the units whose people the user may see."""
    whole = whole_units_scope(user)
    if whole is not None:
        return whole
    own = _own_record(user)
    return Q(employees__pk=own) if own else NOTHING


def whole_units_path(user: User) -> str | None:
    """What the path of every unit the user sees whole starts with ("" for every unit); None when the
    scope is narrower (one's own record) or empty. For lists of units read from the cached table."""
    return _units_path(user)


def whole_units_scope(user: User) -> Q | None:
    """A filter on Unit when the user sees whole units (their per-unit figures stand for the people
    the user may see); None when the scope is narrower (one's own record) or empty."""
    path = whole_units_path(user)
    if path is None:
        return None
    return Q(path__startswith=path) if path else Q()


def sees_all(user: User, *permissions: str) -> bool:
    """A superuser, or whoever holds one of `permissions`, sees every unit's rows of a flow."""
    return user.is_superuser or any(user.has_perm(p) for p in permissions)


def flow_scope(user: User, *, sees_all_with: Iterable[str], own_unit_with: str | None, prefix: str = "") -> Q:
    """The one shape of a flow's scope (programs, plans, study papers, complaints): everything for whom
    `sees_all` says, the rows of their unit and the units below it for whoever holds `own_unit_with`
    (None: anyone) and belongs to a unit, nothing otherwise. `prefix` reaches the row's unit."""
    return Q() if sees_all(user, *sees_all_with) else own_units(user, with_permission=own_unit_with, prefix=prefix)


def own_units(user: User, *, with_permission: str | None, prefix: str = "") -> Q:
    """The rows of the user's unit and the units below it, for whoever holds `with_permission` (None:
    anyone) and belongs to a unit; nothing otherwise. What waits on a unit's operators, not on
    everyone who may see it, is found with this alone."""
    if (with_permission is None or user.has_perm(with_permission)) and user.unit is not None:
        return Q(**{f"{prefix}unit__path__startswith": user.unit.path})
    return NOTHING


def role_codes(user: User) -> frozenset[str]:
    """The codes of the roles (groups) the user holds."""
    if not user.is_authenticated:
        return frozenset()
    return access_of(user).roles


# --- Checks every write service makes itself (a view's own filtering is not enough) ----------------


def require_permission(actor: User | None, permission: str) -> None:
    """Refuse an actor without the permission; `None` is the installation itself (a command)."""
    if actor is not None and not actor.has_perm(permission):
        raise ServiceError(_("Anda tidak berwenang melakukan langkah ini."))


def require_employees_in_scope(actor: User | None, employees: Iterable[Employee]) -> None:
    """Refuse when any of the employees is outside the actor's scope, naming each one."""
    employees = list(employees)
    if actor is None or not employees:
        return
    allowed = set(
        Employee.objects.filter(employee_scope(actor), pk__in=[e.pk for e in employees]).values_list("pk", flat=True)
    )
    outside = [e for e in employees if e.pk not in allowed]
    if outside:
        names = ", ".join(f"{e.full_name} ({e.nip}, {e.unit.name})" for e in outside[:20])
        more = len(outside) - 20
        raise ServiceError(
            _("Di luar unit kerja Anda, tidak dapat diproses: %(names)s%(more)s.")
            % {"names": names, "more": _(" dan %(n)d lainnya") % {"n": more} if more > 0 else ""}
        )


def require_unit_in_scope(actor: User | None, unit: Unit) -> None:
    """Refuse a write into a unit the actor does not cover."""
    if actor is not None and not Unit.objects.filter(unit_scope(actor), pk=unit.pk).exists():
        raise ServiceError(_("%(unit)s di luar unit kerja Anda.") % {"unit": unit.name})
