"""Writes of the integration layer: creating and revoking clients, and the training records a client
reports. Each checks its actor itself and leaves an audit row (the client's user is the actor of what
the client writes), so nothing reaches the registry around the rules the pages keep."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.roles import READ_EMPLOYEES
from bangkom.accounts.scope import require_permission, require_unit_in_scope
from bangkom.core.errors import ServiceError
from bangkom.core.services import history_by
from bangkom.people.models import Employee, TrainingRecord, Unit
from bangkom.people.services import history_add

from .models import ApiAccess, ApiClient, ClientRecord

MANAGE = "api.manage_apiclients"
TOKEN_START = "bkm_"  # noqa: S105  # the visible start of every token, not a secret
# The longest a token lives: a client that keeps working renews before then (issue 24: tokens expire).
LONGEST_VALIDITY = dt.timedelta(days=2 * 366)
RATE_LIMITS = (1, 6000)  # requests per minute an administrator may give a client

# What each kind of access lets the client's user do: the very permissions the pages ask of a person.
ACCESS_PERMISSIONS: dict[str, tuple[str, ...]] = {
    ApiAccess.EMPLOYEES_READ: READ_EMPLOYEES,
    ApiAccess.LEDGER_READ: ("planning.view_jp_report",),
    ApiAccess.PROGRAMS_READ: (),
    ApiAccess.CERTIFICATES_READ: (),
    ApiAccess.SELECTION_READ: (),
    ApiAccess.TRAINING_WRITE: ("people.view_employee", "people.add_trainingrecord"),
}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class IssuedClient:
    client: ApiClient
    token: str  # shown once, never stored


@transaction.atomic
def client_create(
    *,
    actor: User | None,
    name: str,
    access: list[str],
    unit: Unit | None,
    valid_until: dt.date,
    rate_per_minute: int,
) -> IssuedClient:
    """A new integration client with its own user (the actor of its writes), its permissions and a
    token shown once. `unit` None: the whole agency, which only an actor who sees every unit may give."""
    require_permission(actor, MANAGE)
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Isi nama klien."))
    if ApiClient.objects.filter(name__iexact=name).exists():
        raise ServiceError(_("Klien bernama %(name)s sudah ada.") % {"name": name})
    unknown = sorted(set(access) - set(ApiAccess.values))
    if unknown or not access:
        message = _("Pilih akses klien dari daftar (tidak dikenal: %(codes)s).")
        raise ServiceError(message % {"codes": ", ".join(unknown) or "-"})
    today = timezone.localdate()
    if not today < valid_until <= today + LONGEST_VALIDITY:
        raise ServiceError(
            _("Masa berlaku %(date)s tidak sah: isi tanggal setelah hari ini, paling lama sampai %(last)s.")
            % {"date": f"{valid_until:%d-%m-%Y}", "last": f"{today + LONGEST_VALIDITY:%d-%m-%Y}"}
        )
    if not RATE_LIMITS[0] <= rate_per_minute <= RATE_LIMITS[1]:
        raise ServiceError(
            _("Batas %(rate)d permintaan per menit tidak sah: isi %(low)d sampai %(high)d.")
            % {"rate": rate_per_minute, "low": RATE_LIMITS[0], "high": RATE_LIMITS[1]}
        )
    if unit is not None:
        require_unit_in_scope(actor, unit)
    elif actor is not None and not (actor.is_superuser or actor.has_perm("people.view_all_employees")):
        raise ServiceError(_("Hanya yang melihat semua unit dapat memberi klien akses ke semua unit."))

    user = User(username=f"api-{slugify(name)[:40]}-{secrets.token_hex(4)}", first_name=name[:150], unit=unit)
    user.set_unusable_password()  # a client never logs in to the pages: it has its token only
    user.save()
    user.user_permissions.set(_permissions(access, whole_agency=unit is None))

    token = TOKEN_START + secrets.token_urlsafe(32)
    client = ApiClient(
        name=name,
        user=user,
        token_prefix=token[: len(TOKEN_START) + 8],
        token_digest=token_digest(token),
        access=sorted(set(access)),
        # Valid through the whole last day, Jakarta time.
        expires_at=timezone.make_aware(dt.datetime.combine(valid_until + dt.timedelta(days=1), dt.time())),
        rate_per_minute=rate_per_minute,
        created_by=actor,
    )
    history_by(client, actor)
    client.save()
    return IssuedClient(client, token)


def _permissions(access: list[str], *, whole_agency: bool) -> list[Permission]:
    wanted = {p for code in access for p in ACCESS_PERMISSIONS[code]}
    if wanted:
        wanted.add("people.view_all_employees" if whole_agency else "people.view_unit_employees")
    codenames = {name.split(".")[1] for name in wanted}
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(codename__in=codenames)
    }
    return [found[p] for p in sorted(wanted) if p in found]


@transaction.atomic
def client_revoke(*, actor: User | None, client: ApiClient) -> ApiClient:
    """Stop a token at once: its next request is refused; the client and what it wrote stay."""
    require_permission(actor, MANAGE)
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        history_by(client, actor, _("Token dicabut"))
        client.save(update_fields=["revoked_at", "updated_at"])
        User.objects.filter(pk=client.user_id).update(is_active=False)
    return client


def client_used(client: ApiClient) -> None:
    """Note when a client was last seen, at most once a minute (not a write on every request)."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > dt.timedelta(minutes=1):
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


# --- Training records reported by a client (an LMS reporting completions) --------------------------


@dataclass(frozen=True)
class Reported:
    record: TrainingRecord
    created: bool  # False: the same report came before (a retry), and this is what it made


def _fingerprint(employee: Employee, fields: dict[str, Any]) -> str:
    canonical = json.dumps({"nip": employee.nip, **fields}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def training_record_report(
    *, client: ApiClient, client_record_id: str, employee: Employee, fields: dict[str, Any]
) -> Reported:
    """Record a training the client reports, validated and audited as if its user had typed it into
    the page's form (`people.services.history_add`). Idempotent by the client's own id: the same
    report again returns the record it made; a different report under that id is refused."""
    actor = client.user
    if not client.may(ApiAccess.TRAINING_WRITE):
        raise ServiceError(_("Klien %(name)s tidak berhak mencatat riwayat diklat.") % {"name": client.name})
    require_permission(actor, "people.add_trainingrecord")
    client_record_id = client_record_id.strip()
    if not client_record_id:
        raise ServiceError(_("Isi client_record_id: id catatan ini di sistem Anda."))
    fingerprint = _fingerprint(employee, fields)
    earlier = _earlier_report(client, client_record_id, fingerprint)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            record = history_add(actor=actor, row=TrainingRecord(employee=employee, **fields))
            ClientRecord.objects.create(
                client=client, client_record_id=client_record_id, training_record=record, fingerprint=fingerprint
            )
    except IntegrityError:
        # The same id arrived twice at once: the other request made the record.
        earlier = _earlier_report(client, client_record_id, fingerprint)
        if earlier is None:
            raise
        return earlier
    return Reported(record, created=True)


def _earlier_report(client: ApiClient, client_record_id: str, fingerprint: str) -> Reported | None:
    earlier = (
        ClientRecord.objects.select_related("training_record")
        .filter(client=client, client_record_id=client_record_id)
        .first()
    )
    if earlier is None:
        return None
    if earlier.fingerprint != fingerprint:
        raise ConflictingReport(
            _(
                "client_record_id %(id)s sudah dipakai untuk catatan lain (riwayat diklat nomor %(record)d) "
                "dengan isi berbeda; kirim id baru untuk catatan baru."
            )
            % {"id": client_record_id, "record": earlier.training_record_id}
        )
    return Reported(earlier.training_record, created=False)


class ConflictingReport(ServiceError):
    """The client's id names a record it reported before with other contents."""
