"""What a user may do (their permissions), which roles they hold and whether they have a second
factor, read from the database once per change instead of four queries on every page.

Django's ModelBackend reads a user's own and their groups' permissions anew on every request (two
queries, one of them a five-table join); the menu and the scope rules read the groups again, and the
two-factor check looks for a device. Here all of it comes from the cache under a key that holds the
user's `access_version`: every change of their roles, of a role's permissions or of their
authenticator raises that number in the user's row (signals below; the bulk paths call
`access_changed` themselves). The row is read on every request anyway, so a web worker never serves a
revoked permission, whatever cache it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

ACCESS_SECONDS = 3600


@dataclass(frozen=True)
class Access:
    permissions: frozenset[str]  # "app_label.codename"
    roles: frozenset[str]  # the names of the user's groups
    has_device: bool  # a confirmed second factor (the two-factor middleware asks on every page)


def access_of(user: User) -> Access:
    """The user's access; the same object for the rest of the request."""
    known: Access | None = getattr(user, "_access", None)
    if known is not None:
        return known
    key = f"access:{user.pk}:{user.access_version}:{int(user.is_superuser)}"
    found: Access | None = cache.get(key)
    if found is None:
        found = _read(user)
        cache.set(key, found, ACCESS_SECONDS)
    user._access = found  # type: ignore[attr-defined]
    return found


def _read(user: User) -> Access:
    holders = (
        Permission.objects.all() if user.is_superuser else Permission.objects.filter(Q(user=user) | Q(group__user=user))
    )
    pairs = holders.values_list("content_type__app_label", "codename").distinct()
    return Access(
        permissions=frozenset(f"{app}.{code}" for app, code in pairs),
        roles=frozenset(user.groups.values_list("name", flat=True)),
        has_device=user_has_device(user, confirmed=True),
    )


def access_changed(user_ids: Iterable[int]) -> None:
    """These users' roles or permissions changed: their next request reads them again."""
    ids = list(user_ids)
    if ids:
        User.objects.filter(pk__in=ids).update(access_version=F("access_version") + 1)


class CachedPermissionBackend(ModelBackend):
    """ModelBackend (log-in, active users only, no object permissions) with the permissions read
    through `access_of`."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(access_of(user_obj).permissions)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return False
        return perm in access_of(user_obj).permissions


# --- What raises the number ---------------------------------------------------------------------------


def _members(groups: Iterable[int]) -> list[int]:
    return list(User.objects.filter(groups__in=list(groups)).values_list("pk", flat=True).distinct())


def _holders(permissions: Iterable[int]) -> list[int]:
    permissions = list(permissions)
    direct = Q(user_permissions__in=permissions)
    through_role = Q(groups__permissions__in=permissions)
    return list(User.objects.filter(direct | through_role).values_list("pk", flat=True).distinct())


# A version is raised after the change (a request in between must not cache the old access under the
# new number); what a clear or a delete takes away is looked up before it and raised after it.
AFTER = ("post_add", "post_remove", "post_clear")


def _on_change(instance: Any, action: str, pk_set: set[int] | None, affected: Any) -> None:
    """`affected(instance, pk_set)`: the users whose access the change touches."""
    if action == "pre_clear":
        instance._access_affected = affected(instance, None)
    elif action == "post_clear":
        access_changed(getattr(instance, "_access_affected", ()))
    elif action in AFTER:
        access_changed(affected(instance, pk_set))
    if action in AFTER and isinstance(instance, User):
        # The user changed in hand (user.groups.add(...)) answers from its new access, as a user
        # loaded afresh would.
        instance.access_version = User.objects.values_list("access_version", flat=True).get(pk=instance.pk)
        instance.__dict__.pop("_access", None)


def _user_groups_changed(instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any) -> None:
    """user.groups (instance: a user) or group.user_set (reverse; instance: a group, pk_set: users)."""
    _on_change(
        instance, action, pk_set, lambda i, ids: [i.pk] if not reverse else ids if ids is not None else _members([i.pk])
    )


def _user_permissions_changed(instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any) -> None:
    _on_change(
        instance, action, pk_set, lambda i, ids: [i.pk] if not reverse else ids if ids is not None else _holders([i.pk])
    )


def _group_permissions_changed(instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any) -> None:
    """group.permissions (instance: a group) or permission.group_set (reverse; pk_set: groups)."""
    _on_change(
        instance,
        action,
        pk_set,
        lambda i, ids: _members([i.pk]) if not reverse else _members(ids) if ids is not None else _holders([i.pk]),
    )


def _before_delete(instance: Any, **_: Any) -> None:
    instance._access_affected = _members([instance.pk]) if isinstance(instance, Group) else _holders([instance.pk])


def _after_delete(instance: Any, **_: Any) -> None:
    access_changed(getattr(instance, "_access_affected", ()))


def _device_changed(instance: TOTPDevice, **_: Any) -> None:
    access_changed([instance.user_id])


def connect() -> None:
    """Called from AccountsConfig.ready()."""
    m2m_changed.connect(_user_groups_changed, sender=User.groups.through, dispatch_uid="access-user-groups")
    m2m_changed.connect(
        _user_permissions_changed, sender=User.user_permissions.through, dispatch_uid="access-user-permissions"
    )
    m2m_changed.connect(
        _group_permissions_changed, sender=Group.permissions.through, dispatch_uid="access-group-permissions"
    )
    post_save.connect(_device_changed, sender=TOTPDevice, dispatch_uid="access-device-saved")
    post_delete.connect(_device_changed, sender=TOTPDevice, dispatch_uid="access-device-deleted")
    for model in (Group, Permission):
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"access-before-delete-{model.__name__}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"access-after-delete-{model.__name__}")
