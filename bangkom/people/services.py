"""Every write on the people registry. Each function validates fully and runs in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_unit_in_scope
from bangkom.core.uploads import DOCUMENT_TYPES, AllowedType, save_with_file, validate_upload

from .models import (
    UNIT_PATH_SEGMENT,
    EducationHistory,
    EducationLevel,
    Employee,
    EmployeeDocument,
    EnglishTest,
    PositionHistory,
    RankHistory,
    SkpRecord,
    TrainingRecord,
    Unit,
)

HistoryModel = RankHistory | PositionHistory | EducationHistory | SkpRecord | EnglishTest | TrainingRecord
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


def _attribute_history(instance: Any, actor: User | None, reason: str = "") -> None:
    # simple-history reads these when it writes the audit row for this save.
    instance._history_user = actor
    if reason:
        instance._change_reason = reason


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
        _attribute_history(employee, actor)
        employee.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def employee_create(*, actor: User | None, **fields: Any) -> Employee:
    employee = Employee(**fields)
    if employee.unit_id is not None:
        require_unit_in_scope(actor, employee.unit)
    employee.full_clean()
    _attribute_history(employee, actor)
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
    _attribute_history(employee, actor)
    employee.save(update_fields=[*changed, "updated_at"])
    return employee


@transaction.atomic
def history_add(*, actor: User | None, row: HistoryModel) -> HistoryModel:
    """Append one history row (rank, position, education, SKP, English test, training)."""
    require_employees_in_scope(actor, [row.employee])
    row.full_clean()
    _attribute_history(row, actor)
    row.save()
    if isinstance(row, RankHistory | PositionHistory | EducationHistory):
        employee_refresh_current(employee=row.employee, actor=actor)
    return row


@transaction.atomic
def document_add(
    *, actor: User, employee: Employee, kind: str, upload: UploadedFile, valid_until: Any = None,
    allowed: tuple[AllowedType, ...] = DOCUMENT_TYPES,
) -> EmployeeDocument:  # fmt: skip
    require_employees_in_scope(actor, [employee])
    detected = validate_upload(upload, max_bytes=settings.DOCUMENT_MAX_BYTES, allowed=allowed)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = EmployeeDocument(
        employee=employee,
        kind=kind,
        original_name=upload.name[:255],
        extension=detected.extension,
        content_type=detected.mime,
        size=upload.size or 0,
        checksum=digest.hexdigest(),
        valid_until=valid_until,
        uploaded_by=actor,
    )
    save_with_file(document, upload, before_save=lambda: _attribute_history(document, actor))
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
