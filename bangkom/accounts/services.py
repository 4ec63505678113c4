"""Writes on users and roles, and the safety of accounts: password-spraying guard, releasing a
locked log-in, an administrator's password reset."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, Unit

from .models import FailedPassword, User
from .roles import ROLES, Role, role_group_name
from .scope import require_permission


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


# --- Account safety ---------------------------------------------------------------------------------

audit_log = logging.getLogger("bangkom.audit")


def _password_digest(password: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), password.encode(), hashlib.sha256).hexdigest()


def _spray_window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def password_sprayed(password: str) -> bool:
    """Whether this password failed for at least BANGKOM_SPRAY_USERNAMES different user names within
    the lock-out period: then it is refused for everyone until the period ends."""
    names = (
        FailedPassword.objects.filter(digest=_password_digest(password), at__gte=_spray_window_start())
        .values("username")
        .distinct()
        .count()
    )
    return names >= settings.BANGKOM_SPRAY_USERNAMES


def failed_password_record(*, username: str, password: str, address: str | None) -> None:
    FailedPassword.objects.filter(at__lt=_spray_window_start()).delete()  # nothing older is needed
    FailedPassword.objects.create(digest=_password_digest(password), username=username[:150], address=address or None)


def _not_above(actor: User, user: User) -> None:
    if user.is_superuser and not actor.is_superuser:
        raise ServiceError(_("Akun superuser hanya dapat diatur oleh superuser."))


def login_unlock(*, actor: User, user: User) -> int:
    """Release a locked log-in (every address); returns how many lock records were removed."""
    require_permission(actor, "accounts.unlock_login")
    removed = axes_reset(username=user.username)
    audit_log.info("login_unlock actor=%s user=%s removed=%s", actor.username, user.username, removed)
    return removed


@transaction.atomic
def password_set_by_admin(*, actor: User, user: User, password: str) -> User:
    """An administrator sets a new password (the person forgot theirs and has no e-mail). Every session
    of that user ends: the session hash depends on the password."""
    require_permission(actor, "accounts.reset_password")
    _not_above(actor, user)
    if actor.pk == user.pk:
        raise ServiceError(_("Ubah kata sandi Anda sendiri melalui menu Ubah kata sandi."))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    axes_reset(username=user.username)
    audit_log.info("password_set_by_admin actor=%s user=%s", actor.username, user.username)
    return user


def two_factor_confirm(*, user: User, device: Any, token: str) -> Any:
    """Confirm the device being set up with the first code the app shows."""
    if device.user_id != user.pk or device.confirmed:
        raise ServiceError(_("Perangkat ini bukan perangkat yang sedang Anda pasang."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ServiceError(_("Kode %(code)r tidak cocok. Periksa jam di ponsel dan ketik kode yang sedang tampil.")
                           % {"code": token[:12]})  # fmt: skip
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log.info("two_factor_confirm user=%s", user.username)
    return device


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> int:
    """Remove a person's authenticator (a lost phone): they set up a new one at their next log-in."""
    require_permission(actor, "accounts.reset_password")
    _not_above(actor, user)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _details = TOTPDevice.objects.filter(user=user).delete()
    audit_log.info("two_factor_reset actor=%s user=%s removed=%s", actor.username, user.username, removed)
    return removed
