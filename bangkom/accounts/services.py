"""Writes on users and roles."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from bangkom.people.models import Employee, Unit

from .models import User
from .roles import ROLES, Role, role_group_name


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create or update one group per role with exactly the permissions the role table gives."""
    wanted = {perm for role in ROLES for perm in role.permissions}
    by_name: dict[str, Permission] = {}
    for perm in Permission.objects.select_related("content_type").filter(
        content_type__app_label__in={p.split(".")[0] for p in wanted}
    ):
        by_name[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    missing = sorted(wanted - by_name.keys())
    if missing:
        raise LookupError(f"Permissions not found (run migrate first): {', '.join(missing)}")
    groups: dict[str, Group] = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        group.permissions.set([by_name[p] for p in role.permissions])
        groups[role.code] = group
    return groups


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    first_name: str = "",
    unit: Unit | None = None,
    employee: Employee | None = None,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        unit=unit,
        employee=employee,
        is_staff=role.is_staff,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=role_group_name(role)))
    return user
