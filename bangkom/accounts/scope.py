"""Who may see which employees and units: every selector that returns people applies this."""

from __future__ import annotations

from django.db.models import Q

from .models import User

NOTHING = Q(pk__in=[])


def employee_scope(user: User, *, prefix: str = "") -> Q:
    """A filter on Employee (or on a model reaching it through `prefix`) limited to the user's scope."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.has_perm("people.view_all_employees"):
        return Q()
    if user.has_perm("people.view_unit_employees") and user.unit_id:
        return Q(**{f"{prefix}unit__path__startswith": user.unit.path})
    if user.employee_id:
        return Q(**{f"{prefix}pk": user.employee_id})
    return NOTHING


def unit_scope(user: User) -> Q:
    """A filter on Unit: the units whose people the user may see."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.has_perm("people.view_all_employees"):
        return Q()
    if user.has_perm("people.view_unit_employees") and user.unit_id:
        return Q(path__startswith=user.unit.path)
    if user.employee_id:
        return Q(employees__pk=user.employee_id)
    return NOTHING


def role_codes(user: User) -> frozenset[str]:
    """The codes of the roles (groups) the user holds; cached on the user for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_codes", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_codes = cached  # type: ignore[attr-defined]
    return cached
