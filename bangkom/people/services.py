"""Every write on the people registry. Each function validates fully and runs in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_permission, require_unit_in_scope
from bangkom.core.services import history_by
from bangkom.core.uploads import DOCUMENT_TYPES, AllowedType, save_with_file, validate_upload

from .models import (
    NO_ESELON,
    UNIT_PATH_SEGMENT,
    EducationHistory,
    EducationLevel,
    Employee,
    EmployeeDocument,
    EnglishTest,
    Eselon,
    LegalStatus,
    PositionHistory,
    Post,
    RankHistory,
    SkpRecord,
    TrainingRecord,
    Unit,
)

HistoryModel = RankHistory | PositionHistory | EducationHistory | SkpRecord | EnglishTest | TrainingRecord
# One of those rows, the same kind in as out (history_add gives back the row it was given).
HistoryRowT = TypeVar(
    "HistoryRowT", RankHistory, PositionHistory, EducationHistory, SkpRecord, EnglishTest, TrainingRecord
)
EMPLOYEE_EDITABLE_FIELDS = (
    "front_title",
    "name",
    "back_title",
    "birth_place",
    "birth_date",
    "gender",
    "unit",
    "legal_status",
    "tmt_cpns",
    "tmt_pns",
    "email",
    "bup_override",
    "employee_type",
)


def unit_path(parent: Unit | None, pk: int) -> str:
    return f"{parent.path if parent else ''}{pk:0{UNIT_PATH_SEGMENT - 1}d}/"


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    siasn_unor_id: str = "",
) -> Unit:
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        siasn_unor_id=siasn_unor_id,
        depth=parent.depth + 1 if parent else 0,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = unit_path(parent, unit.pk)
    unit.save(update_fields=["path"])
    return unit


CURRENT_FIELDS = (
    "golongan_id",
    "golongan_tmt",
    "position_name",
    "position_kind_id",
    "eselon_id",
    "functional_position_id",
    "position_tmt",
    "education_level_id",
)


def current_from_rows(
    ranks: Iterable[RankHistory],
    positions: Iterable[PositionHistory],
    educations: Iterable[EducationHistory],
    education_rank: Mapping[str, int],
) -> dict[str, Any]:
    """The current rank, position and education of one employee: the newest row of each history.
    Newest rank and position: latest TMT; education: the highest level, then the latest year.
    Ties go to the row entered last: unsaved rows count as newer than saved ones, in list order."""

    def entered(row: Any, index: int) -> tuple[bool, int, int]:
        return (row.pk is None, row.pk or 0, index)

    def newest(rows: Iterable[Any], key: Any) -> Any:
        keyed = [(key(row), entered(row, i), row) for i, row in enumerate(rows)]
        return max(keyed, key=lambda k: (k[0], k[1]))[2] if keyed else None

    rank = newest(ranks, lambda r: r.tmt)
    position = newest(positions, lambda p: p.tmt)
    education = newest(educations, lambda e: (education_rank[e.level_id], e.graduation_year))
    return {
        "golongan_id": rank.golongan_id if rank else None,
        "golongan_tmt": rank.tmt if rank else None,
        "position_name": position.name if position else "",
        "position_kind_id": position.kind_id if position else None,
        "eselon_id": position.eselon_id if position else None,
        "functional_position_id": position.functional_position_id if position else None,
        "position_tmt": position.tmt if position else None,
        "education_level_id": education.level_id if education else None,
    }


def education_ranks() -> dict[str, int]:
    return dict(EducationLevel.objects.values_list("id", "rank"))


def apply_current(employee: Employee, current: Mapping[str, Any]) -> list[str]:
    """Set the derived fields; returns the names that changed."""
    changed = [name for name, value in current.items() if getattr(employee, name) != value]
    for name in changed:
        setattr(employee, name, current[name])
    return changed


def employee_refresh_current(*, employee: Employee, actor: User | None = None) -> None:
    current = current_from_rows(
        employee.rank_history.all(),
        employee.position_history.all(),
        employee.education_history.all(),
        education_ranks(),
    )
    changed = apply_current(employee, current)
    if changed:
        history_by(employee, actor)
        employee.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def employee_create(*, actor: User | None, **fields: Any) -> Employee:
    employee = Employee(**fields)
    if employee.unit_id is not None:
        require_unit_in_scope(actor, employee.unit)
    employee.full_clean()
    history_by(employee, actor)
    employee.save()
    return employee


@transaction.atomic
def employee_update(*, actor: User | None, employee: Employee, **fields: Any) -> Employee:
    unknown = set(fields) - set(EMPLOYEE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Fields not editable here: {', '.join(sorted(unknown))}")
    require_employees_in_scope(actor, [employee])
    if fields.get("unit") is not None:
        require_unit_in_scope(actor, fields["unit"])
    changed = [name for name, value in fields.items() if getattr(employee, name) != value]
    for name in changed:
        setattr(employee, name, fields[name])
    if not changed:
        return employee
    employee.full_clean()
    history_by(employee, actor)
    employee.save(update_fields=[*changed, "updated_at"])
    return employee


@transaction.atomic
def history_add(*, actor: User | None, row: HistoryRowT) -> HistoryRowT:
    """Append one history row (rank, position, education, SKP, English test, training)."""
    require_employees_in_scope(actor, [row.employee])
    row.full_clean()
    history_by(row, actor)
    row.save()
    if isinstance(row, RankHistory | PositionHistory | EducationHistory):
        employee_refresh_current(employee=row.employee, actor=actor)
    return row


@transaction.atomic
def training_record_withdraw(*, record: TrainingRecord, reason: str) -> TrainingRecord:
    """Take a training out of everything that counts (JP, the ledger, leadership training held)
    because its certificate was revoked; the row stays in the history, marked, with the reason.
    Called by the revocation, which has checked its actor's permission."""
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.revoked_at is None:
        record.revoked_at, record.revoke_reason = timezone.now(), reason[:500]
        record._change_reason = reason[:100]  # type: ignore[attr-defined]  # kept in its history
        record.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    return record


@transaction.atomic
def document_add(
    *,
    actor: User,
    employee: Employee,
    kind: str,
    upload: UploadedFile,
    valid_until: Any = None,
    allowed: tuple[AllowedType, ...] = DOCUMENT_TYPES,
) -> EmployeeDocument:
    require_employees_in_scope(actor, [employee])
    detected = validate_upload(upload, max_bytes=settings.DOCUMENT_MAX_BYTES, allowed=allowed)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = EmployeeDocument(
        employee=employee,
        kind=kind,
        original_name=(upload.name or "")[:255],
        extension=detected.extension,
        content_type=detected.mime,
        size=upload.size or 0,
        checksum=digest.hexdigest(),
        valid_until=valid_until,
        uploaded_by=actor,
    )
    save_with_file(document, upload, before_save=lambda: history_by(document, actor))
    return document


@transaction.atomic
def unit_update(*, unit: Unit, **fields: Any) -> Unit:
    """Change a unit; moving it under another parent rewrites the paths of its whole subtree."""
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    parent = unit.parent
    if parent is not None and (parent.pk == unit.pk or parent.path.startswith(old_path)):
        raise ValidationError({"parent": _("Unit tidak dapat dipindah ke bawah dirinya sendiri.")})
    unit.depth = parent.depth + 1 if parent else 0
    unit.path = unit_path(parent, unit.pk)
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    return unit


# The job map (peta jabatan) ------------------------------------------------------------------------


def _may_edit_posts(actor: User | None) -> None:
    # None: a command run on the server (as the employee import), whose operator is trusted.
    if actor is not None:
        require_permission(actor, "people.change_post")


@transaction.atomic
def post_save(*, actor: User | None, post: Post) -> Post:
    """Add or correct one post of the job map."""
    _may_edit_posts(actor)
    post.full_clean()  # one post per name in a unit, one post per holder (the model's constraints)
    post._history_user = actor  # type: ignore[attr-defined]
    post.save()
    return post


@transaction.atomic
def posts_from_registry(*, actor: User | None) -> int:
    """Build the job map from the registry: one post for every structural post an active official
    holds (unit, position name, eselon), with them as holder. Posts already on the map keep their
    place; a vacant one gets the official who now holds it. Returns how many posts were added."""
    _may_edit_posts(actor)
    active = Q(legal_status__isnull=True) | Q(legal_status__in=LegalStatus.objects.filter(counts_as_active=True))
    officials = (
        Employee.objects.filter(active, eselon__isnull=False)
        .exclude(eselon_id=NO_ESELON)
        .exclude(position_name="")
        .values_list("pk", "unit_id", "position_name", "eselon_id")
        .order_by("pk")
    )
    existing = {(post.unit_id, post.name): post for post in Post.objects.all()}
    held = set(Post.objects.exclude(holder=None).values_list("holder_id", flat=True))
    created: list[Post] = []
    for pk, unit_id, name, eselon_id in officials:
        if pk in held:
            continue
        post = existing.get((unit_id, name[:200]))
        if post is None:
            post = Post(unit_id=unit_id, name=name[:200], eselon_id=eselon_id, holder_id=pk)
            existing[(unit_id, post.name)] = post
            created.append(post)
        elif post.holder_id is None:
            post.holder_id = pk
            post_save(actor=actor, post=post)
        held.add(pk)
    Post.objects.bulk_create(created, batch_size=1000)
    reason = _("Disusun dari data pegawai")
    Post.history.bulk_history_create(created, default_user=actor, default_change_reason=reason)  # type: ignore[attr-defined]
    return len(created)


JOB_MAP_COLUMNS = ("kode_unit", "nama_jabatan", "eselon", "nip_pemangku")


@dataclass(frozen=True)
class JobMapRow:
    line: int
    unit: str
    name: str
    eselon: str
    nip: str


def _row_error(line: int, column: str, value: str, reason: str) -> str:
    return _("Baris %(line)d, kolom %(column)s, nilai %(value)r: %(reason)s") % {
        "line": line,
        "column": column,
        "value": value[:60],
        "reason": reason,
    }


@transaction.atomic
def posts_import(*, actor: User | None, rows: Iterable[Mapping[str, str]]) -> int:
    """The job map from a file (columns JOB_MAP_COLUMNS; `eselon` as written, "III.a", or its SIASN
    code, "31"), all or nothing: every bad row is named with its column, value and reason, and then
    nothing is saved. A post already on the map (same unit and name) is updated; a holder named in
    the file leaves the post they held before. Returns the number of rows."""
    _may_edit_posts(actor)
    units = dict(Unit.objects.values_list("code", "pk"))
    eselons = dict(Eselon.objects.exclude(pk=NO_ESELON).values_list("code", "id"))
    eselons.update({code: code for code in eselons.values()})
    parsed = [
        JobMapRow(
            line,
            (row.get("kode_unit") or "").strip(),
            " ".join((row.get("nama_jabatan") or "").split()),
            (row.get("eselon") or "").strip(),
            (row.get("nip_pemangku") or "").strip(),
        )
        for line, row in enumerate(rows, start=2)  # line 1 is the header
    ]
    holders = dict(Employee.objects.filter(nip__in=[r.nip for r in parsed if r.nip]).values_list("nip", "pk"))
    errors: list[str] = [] if parsed else [_("Berkas tidak berisi baris jabatan.")]
    first_line: dict[str, int] = {}
    for row in parsed:
        if row.unit not in units:
            errors.append(_row_error(row.line, "kode_unit", row.unit, _("unit kerja tidak dikenal")))
        if not row.name or len(row.name) > 200:
            errors.append(_row_error(row.line, "nama_jabatan", row.name, _("wajib diisi, paling panjang 200 karakter")))
        if row.eselon not in eselons:
            errors.append(_row_error(row.line, "eselon", row.eselon, _("bukan eselon jabatan struktural")))
        if row.nip and row.nip not in holders:
            errors.append(_row_error(row.line, "nip_pemangku", row.nip, _("pegawai dengan NIP ini tidak ada")))
        elif row.nip in first_line:
            reason = _("sudah memangku jabatan pada baris %(other)d") % {"other": first_line[row.nip]}
            errors.append(_row_error(row.line, "nip_pemangku", row.nip, reason))
        elif row.nip:
            first_line[row.nip] = row.line
    if errors:
        raise ValidationError(errors[:200])
    Post.objects.filter(holder__nip__in=list(first_line)).update(holder=None)
    for row in parsed:
        post = Post.objects.filter(unit_id=units[row.unit], name=row.name).first()
        post = post or Post(unit_id=units[row.unit], name=row.name)
        post.eselon_id = eselons[row.eselon]
        post.holder_id = holders.get(row.nip)
        post_save(actor=actor, post=post)
    return len(parsed)
