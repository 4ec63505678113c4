"""Writes on users and roles, and the safety of accounts: password-spraying guard, releasing a
locked log-in, an administrator's password reset."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from bangkom.core.codes import readable_code, readable_normalised
from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, Unit

from .access import access_changed
from .models import Activation, ActivationStatus, FailedPassword, User
from .roles import EMPLOYEE, ROLES, Role, role_group_name
from .scope import require_employees_in_scope, require_permission


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
        raise ServiceError(
            _("Kode %(code)r tidak cocok. Periksa jam di ponsel dan ketik kode yang sedang tampil.")
            % {"code": token[:12]}
        )
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


# --- An account for every civil servant ------------------------------------------------------------

OPEN_ACCOUNTS = "accounts.open_employee_accounts"
ACTIVATION_CODE_LENGTH = 10  # 50 random bits; a code is blocked after ACTIVATION_MAX_FAILURES wrong tries


@dataclass(frozen=True)
class IssuedCode:
    """A code to hand to its owner now: it is shown once and only its digest is kept."""

    employee: Employee
    user: User
    code: str
    expires_at: dt.datetime
    new_account: bool


@dataclass
class AccountsOpened:
    issued: list[IssuedCode] = field(default_factory=list)  # to print and hand over
    emailed: list[tuple[Employee, str]] = field(default_factory=list)  # the code goes to this address
    skipped: list[tuple[Employee, str]] = field(default_factory=list)


def _activation_digest(user_id: int, code: str) -> str:
    message = f"activation:{user_id}:{readable_normalised(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _account_is_active(user: User) -> bool:
    return user.is_active and user.has_usable_password()


def _departed(employee: Employee) -> bool:
    return employee.legal_status is not None and employee.legal_status.ends_service


@transaction.atomic
def employee_accounts_open(*, actor: User | None, employees: Iterable[Employee]) -> AccountsOpened:
    """Open an account (user name = NIP, role Pegawai) for each civil servant who has none, and give
    each account that was never activated a new one-time code (the old code stops working). Those
    who left the service, whose account is already in use, or whose NIP is taken by another account
    are skipped with the reason. A constant number of queries for any number of employees."""
    require_permission(actor, OPEN_ACCOUNTS)
    employees = list(Employee.objects.filter(pk__in=[e.pk for e in employees]).select_related("legal_status", "unit"))
    require_employees_in_scope(actor, employees)
    result = AccountsOpened()
    linked = {u.employee_id: u for u in User.objects.filter(employee__in=employees)}
    taken = set(
        User.objects.filter(username__in=[e.nip for e in employees])
        .exclude(employee__in=employees)
        .values_list("username", flat=True)
    )
    to_create: list[tuple[Employee, User]] = []
    to_code: list[tuple[Employee, User, bool]] = []
    for employee in sorted(employees, key=lambda e: (e.unit.name, e.name, e.nip)):
        user = linked.get(employee.pk)
        if _departed(employee):
            reason = _("berhenti sebagai PNS (%(status)s)") % {"status": employee.legal_status}
            result.skipped.append((employee, reason))
        elif user is not None and _account_is_active(user):
            reason = _("akun %(username)s sudah aktif; beri kode baru hanya bila kata sandinya lupa")
            result.skipped.append((employee, reason % {"username": user.username}))
        elif user is None and employee.nip in taken:
            reason = _("nama pengguna %(nip)s sudah dipakai akun lain; periksa di daftar akun") % {"nip": employee.nip}
            result.skipped.append((employee, reason))
        elif user is None:
            user = User(
                username=employee.nip,
                employee=employee,
                first_name=employee.full_name[:150],
                email=employee.email,
                password=make_password(None),
            )
            to_create.append((employee, user))
            to_code.append((employee, user, True))
        else:
            to_code.append((employee, user, False))
    if to_create:
        User.objects.bulk_create([user for _employee, user in to_create])
        created = {u.employee_id: u for u in User.objects.filter(employee__in=[e for e, _u in to_create])}
        group = Group.objects.get(name=role_group_name(EMPLOYEE))
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group.pk) for user in created.values()]
        )
        access_changed(user.pk for user in created.values())  # a bulk insert sends no m2m signal
        to_code = [(e, created[e.pk] if new else u, new) for e, u, new in to_code]
    by_email = [(e, u) for e, u, _new in to_code if e.email]
    result.issued = _codes_issue(actor, [(e, u, new) for e, u, new in to_code if not e.email])
    result.emailed = [(e, e.email) for e, _u in by_email]
    if by_email:
        # The worker makes each code and mails it at once, so no code ever waits in the queue.
        Activation.objects.filter(user__in=[u for _e, u in by_email], status=ActivationStatus.WAITING).update(
            status=ActivationStatus.REPLACED
        )
        actor_id, user_ids = getattr(actor, "pk", None), [u.pk for _e, u in by_email]
        transaction.on_commit(lambda: activation_emails_task.enqueue(user_ids, actor_id))
    audit_log.info(
        "employee_accounts_open actor=%s opened=%s codes=%s emailed=%s skipped=%s",
        getattr(actor, "username", "-"),
        len(to_create),
        len(result.issued),
        len(by_email),
        len(result.skipped),
    )
    return result


def _codes_issue(
    actor: User | None, wanted: list[tuple[Employee, User, bool]], *, emailed: bool = False
) -> list[IssuedCode]:
    if not wanted:
        return []
    expires_at = timezone.now() + dt.timedelta(days=settings.ACTIVATION_DAYS)
    users = [user for _employee, user, _new in wanted]
    Activation.objects.filter(user__in=users, status=ActivationStatus.WAITING).update(status=ActivationStatus.REPLACED)
    issued, rows = [], []
    for employee, user, new in wanted:
        code = readable_code(ACTIVATION_CODE_LENGTH, group=5)
        rows.append(Activation(user=user, digest=_activation_digest(user.pk, code), issued_by=actor,
                               expires_at=expires_at, emailed_to=employee.email if emailed else ""))  # fmt: skip
        issued.append(IssuedCode(employee, user, code, expires_at, new))
    Activation.objects.bulk_create(rows)
    return issued


def activation_emails_send(*, actor: User | None, user_ids: Iterable[int]) -> int:
    """Make a code for each account and mail it to the employee's address in the registry (run by the
    background worker, as the operator who asked: their right and scope are checked again). A mail
    the server refuses leaves its code unusable and the reason on it, for the operator to see and
    print a code instead. Returns how many were sent."""
    require_permission(actor, OPEN_ACCOUNTS)
    users = list(User.objects.filter(pk__in=list(user_ids), employee__isnull=False).select_related("employee"))
    require_employees_in_scope(actor, [u.employee for u in users if u.employee is not None])
    sent = 0
    base = settings.BANGKOM_PUBLIC_URL.rstrip("/")
    with get_connection() as connection:
        for user in users:
            employee = user.employee
            if employee is None or not employee.email or _departed(employee):
                continue
            (issued,) = _codes_issue(actor, [(employee, user, False)], emailed=True)
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Kode aktivasi akun Bangkom Anda")
                body = _(
                    "Yth. %(name)s,\n\nakun Bangkom Anda (nama pengguna: NIP %(nip)s) sudah dibuat. Kode aktivasi "
                    "Anda: %(code)s\n\nBuka %(url)s, isi NIP dan kode ini, lalu buat kata sandi Anda sendiri. Kode "
                    "berlaku sekali sampai %(until)s.\n\nBila Anda tidak merasa meminta akun ini, abaikan pesan ini."
                ) % {
                    "name": employee.full_name,
                    "nip": employee.nip,
                    "code": issued.code,
                    "url": base + reverse("accounts:activate"),
                    "until": f"{timezone.localtime(issued.expires_at):%d-%m-%Y %H:%M}",
                }
            try:
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [employee.email], connection=connection).send()
            except (smtplib.SMTPException, OSError) as error:
                Activation.objects.filter(user=user, status=ActivationStatus.WAITING).update(
                    status=ActivationStatus.REPLACED, email_error=str(error)[:300]
                )
                audit_log.warning("activation_email_failed user=%s error=%s", user.username, error)
            else:
                sent += 1
    audit_log.info("activation_emails_send actor=%s sent=%s", getattr(actor, "username", "-"), sent)
    return sent


@task()
def activation_emails_task(user_ids: list[int], actor_id: int | None) -> None:
    actor = User.objects.get(pk=actor_id) if actor_id is not None else None
    activation_emails_send(actor=actor, user_ids=user_ids)


@transaction.atomic
def account_code_renew(*, actor: User | None, user: User) -> IssuedCode:
    """A new one-time code for a civil servant's account (a forgotten password): the password they
    had keeps working until the code is used; the code replaces it."""
    require_permission(actor, OPEN_ACCOUNTS)
    employee = user.employee
    if employee is None:
        raise ServiceError(_("Akun %(username)s tidak terhubung dengan data pegawai.") % {"username": user.username})
    require_employees_in_scope(actor, [employee])
    if actor is not None:
        _not_above(actor, user)
    if _departed(employee):
        raise ServiceError(
            _("%(name)s sudah berhenti sebagai PNS (%(status)s); akunnya ditutup.")
            % {"name": employee.full_name, "status": employee.legal_status}
        )
    (issued,) = _codes_issue(actor, [(employee, user, False)])
    audit_log.info("account_code_renew actor=%s user=%s", getattr(actor, "username", "-"), user.username)
    return issued


def _activation_refused() -> ServiceError:
    return ServiceError(
        _(
            "NIP atau kode aktivasi tidak cocok, atau kodenya sudah tidak berlaku. Periksa ketikan Anda; setelah "
            "%(n)d kali salah kode diblokir dan Anda perlu meminta kode baru kepada operator unit kerja."
        )
        % {"n": settings.ACTIVATION_MAX_FAILURES}
    )


def account_activate(*, nip: str, code: str, password: str) -> User:
    """The civil servant sets their password with the one-time code. A wrong code counts against
    the code (kept even though the attempt is refused); a weak password is refused without using
    the code up."""
    nip = "".join(nip.split())
    user = User.objects.filter(username=nip, employee__isnull=False).select_related("employee__legal_status").first()
    activation = (
        Activation.objects.filter(user=user, status=ActivationStatus.WAITING).first() if user is not None else None
    )
    employee = user.employee if user is not None else None
    if user is None or employee is None or activation is None or activation.expires_at <= timezone.now():
        raise _activation_refused()
    if _departed(employee):  # retired, dismissed or dead since the code was given
        raise _activation_refused()
    if not hmac.compare_digest(activation.digest, _activation_digest(user.pk, code)):
        failures = activation.failures + 1
        blocked = failures >= settings.ACTIVATION_MAX_FAILURES
        Activation.objects.filter(pk=activation.pk, status=ActivationStatus.WAITING).update(
            failures=F("failures") + 1, **({"status": ActivationStatus.BLOCKED} if blocked else {})
        )
        audit_log.info("account_activate_refused user=%s failures=%s", user.username, failures)
        raise _activation_refused()
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    with transaction.atomic():
        used = Activation.objects.filter(pk=activation.pk, status=ActivationStatus.WAITING).update(
            status=ActivationStatus.USED, used_at=timezone.now()
        )
        if not used:  # the same code used twice at once: one wins
            raise _activation_refused()
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    axes_reset(username=user.username)
    audit_log.info("account_activate user=%s", user.username)
    return user


def accounts_close_departed(*, employee_ids: Iterable[int] | None = None) -> int:
    """Close the accounts of those who left the service (retired, dismissed, deceased, NIP annulled:
    `LegalStatus.ends_service`), of the given employees or of everyone; their sessions end with it
    (an inactive user is no longer authenticated). The installation's superusers are left alone."""
    closing = User.objects.filter(is_active=True, is_superuser=False, employee__legal_status__ends_service=True)
    if employee_ids is not None:
        closing = closing.filter(employee__in=list(employee_ids))
    with transaction.atomic():
        ids = list(closing.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        User.objects.filter(pk__in=ids).update(is_active=False)
        Activation.objects.filter(user__in=ids, status=ActivationStatus.WAITING).update(
            status=ActivationStatus.REPLACED
        )
    audit_log.info("accounts_close_departed users=%s", ",".join(str(pk) for pk in ids))
    return len(ids)
