"""Every write on selection rounds; the rules are applied by bangkom.rules through the adapter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, EmployeeDocument
from bangkom.rules import RuleSetError, parse_ruleset, ruleset_document

from .models import (
    EDITABLE_STATUSES,
    ELEMENT_COMPONENTS,
    REQUIRED_DOCUMENTS,
    ROUND_TRANSITIONS,
    Assessment,
    CandidateSource,
    CheckStatus,
    DocumentCheck,
    RoundCandidate,
    RoundStatus,
    RoundStatusChange,
    SelectionRound,
)
from .selectors import inventory_proposal, round_results, round_ruleset


@transaction.atomic
def round_open(
    *, actor: User, name: str, level: str, ruleset_id: str, as_of: dt.date, quota: int, **schedule: Any
) -> SelectionRound:
    try:
        document, file = ruleset_document(ruleset_id)
        ruleset = parse_ruleset(document, file)
    except RuleSetError as error:
        raise ValidationError({"ruleset_id": str(error)}) from None
    if level not in ruleset.levels:
        raise ValidationError(
            {"level": _("Aturan %(rules)s tidak mengatur tingkat %(level)s.") % {"rules": ruleset_id, "level": level}}
        )
    selection_round = SelectionRound(
        name=name, level=level, ruleset_id=ruleset_id, ruleset_document=document, as_of=as_of, quota=quota,
        created_by=actor, **schedule,
    )  # fmt: skip
    selection_round.full_clean()
    selection_round.save()
    RoundStatusChange.objects.create(
        round=selection_round, to_status=RoundStatus.DRAFT, changed_by=actor, reason=_("Seleksi dibuka")
    )
    return selection_round


@transaction.atomic
def round_move(*, actor: User, selection_round: SelectionRound, to: str, reason: str = "") -> None:
    current = selection_round.status
    if to not in ROUND_TRANSITIONS[current]:
        raise ServiceError(
            _("Seleksi berstatus %(now)s tidak dapat diubah menjadi %(to)s.")
            % {"now": RoundStatus(current).label, "to": RoundStatus(to).label}
        )
    selection_round.status = to
    selection_round.save(update_fields=["status", "updated_at"])
    RoundStatusChange.objects.create(
        round=selection_round, from_status=current, to_status=to, changed_by=actor, reason=reason
    )


def _require_editable(selection_round: SelectionRound) -> None:
    if selection_round.status not in EDITABLE_STATUSES:
        raise ServiceError(
            _("Seleksi berstatus %(status)s tidak dapat diubah lagi.")
            % {"status": RoundStatus(selection_round.status).label}
        )


@transaction.atomic
def inventory_apply(*, actor: User, selection_round: SelectionRound) -> int:
    """Add the proposed inventory (penjaringan) to the round; returns how many were added."""
    _require_editable(selection_round)
    present = set(selection_round.candidates.values_list("employee_id", flat=True))
    proposal = inventory_proposal(selection_round.level, round_ruleset(selection_round))
    new = [
        RoundCandidate(round=selection_round, employee_id=employee_id, source=source)
        for employee_id, source in proposal.items()
        if employee_id not in present
    ]
    RoundCandidate.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def candidate_add(
    *, actor: User, selection_round: SelectionRound, employee: Employee, reason: str,
    source: str = CandidateSource.STAFF,
) -> RoundCandidate:  # fmt: skip
    _require_editable(selection_round)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan menambahkan calon wajib diisi.")})
    candidate = RoundCandidate(
        round=selection_round, employee=employee, source=source, reason=reason,
        proposed_by_unit=source == CandidateSource.UNIT,
    )  # fmt: skip
    candidate.full_clean()
    candidate._history_user = actor  # type: ignore[attr-defined]
    candidate.save()
    return candidate


@transaction.atomic
def candidate_exclude(*, actor: User, candidate: RoundCandidate, reason: str) -> None:
    _require_editable(candidate.round)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan mengeluarkan calon wajib diisi.")})
    candidate.included = False
    candidate.reason = reason
    candidate._history_user = actor  # type: ignore[attr-defined]
    candidate.save(update_fields=["included", "reason", "updated_at"])


@transaction.atomic
def candidate_set_facts(
    *, actor: User, candidate: RoundCandidate, proposed_by_unit: bool, baperjakat: bool,
    education_conversion: bool, education_conversion_note: str = "",
) -> None:  # fmt: skip
    """What the round records about a candidate beyond the registry."""
    _require_editable(candidate.round)
    if education_conversion and not education_conversion_note.strip():
        raise ValidationError({"education_conversion_note": _("Konversi pendidikan harus disertai dasar/alasannya.")})
    candidate.proposed_by_unit = proposed_by_unit
    candidate.baperjakat = baperjakat
    candidate.education_conversion = education_conversion
    candidate.education_conversion_note = education_conversion_note
    candidate._history_user = actor  # type: ignore[attr-defined]
    candidate.save(
        update_fields=[
            "proposed_by_unit",
            "baperjakat",
            "education_conversion",
            "education_conversion_note",
            "updated_at",
        ]
    )


@transaction.atomic
def round_screen(*, actor: User, selection_round: SelectionRound) -> int:
    """Screen the included candidates with the round's rule set; stores each verdict. Returns the number screened."""
    _require_editable(selection_round)
    candidates = {c.employee_id: c for c in selection_round.candidates.all()}
    results = round_results(selection_round, round_ruleset(selection_round))
    by_nip = {r.candidate.nip: r for r in results}
    nips = dict(Employee.objects.filter(pk__in=list(candidates)).values_list("pk", "nip"))
    for pk, candidate in candidates.items():
        result = by_nip.get(nips[pk]) if candidate.included else None
        candidate.group = result.group.value if result else ""
        candidate.category = result.category.value if result else ""
        candidate.final_score = result.final_score if result else None
        candidate.rank = result.rank if result else None
        candidate.findings = (
            [
                {"kode": f.code, "status": f.status.value, "keterangan": f.explanation, "dasar": f.source}
                for f in result.findings
            ]
            if result
            else []
        )
    RoundCandidate.objects.bulk_update(
        candidates.values(), ["group", "category", "final_score", "rank", "findings"], batch_size=1000
    )
    selection_round.screened_at = timezone.now()
    selection_round.save(update_fields=["screened_at", "updated_at"])
    return len(results)


@transaction.atomic
def assessor_assign(*, actor: User, candidate: RoundCandidate, assessor: User) -> Assessment:
    _require_editable(candidate.round)
    if not assessor.has_perm("selection.assess_candidates"):
        raise ValidationError({"assessor": _("%(user)s bukan penilai.") % {"user": assessor.get_username()}})
    if Assessment.objects.filter(candidate=candidate, assessor=assessor).exists():
        raise ValidationError({"assessor": _("Penilai ini sudah ditugaskan untuk calon ini.")})
    assessment = Assessment(candidate=candidate, assessor=assessor)
    assessment._history_user = actor  # type: ignore[attr-defined]
    assessment.save()
    return assessment


SCORE_FIELDS = tuple(field for fields in ELEMENT_COMPONENTS.values() for field in fields)


@transaction.atomic
def assessment_save(*, actor: User, assessment: Assessment, **scores: Any) -> Assessment:
    """An assessor records their own scores; they lock when the round is closed."""
    if assessment.assessor_id != actor.pk:
        raise ServiceError(_("Hanya penilai yang ditugaskan yang dapat mengisi nilai ini."))
    _require_editable(assessment.candidate.round)
    unknown = set(scores) - set(SCORE_FIELDS)
    if unknown:
        raise ValueError(f"Not score fields: {', '.join(sorted(unknown))}")
    for name, value in scores.items():
        setattr(assessment, name, value)
    assessment.full_clean()
    assessment._history_user = actor  # type: ignore[attr-defined]
    assessment.save()
    return assessment


@transaction.atomic
def checklist_refresh(*, actor: User, selection_round: SelectionRound) -> int:
    """Match every required paper of every included candidate with the newest registry document of
    that kind still valid on the as-of date. A check whose document changes goes back to "ada"
    (or "belum ada") and must be verified again. Returns how many checks changed."""
    _require_editable(selection_round)
    candidates = list(selection_round.candidates.filter(included=True))
    employee_ids = [c.employee_id for c in candidates]
    newest: dict[tuple[int, str], int] = {}
    documents = EmployeeDocument.objects.filter(employee_id__in=employee_ids, kind__in=REQUIRED_DOCUMENTS).exclude(
        valid_until__lt=selection_round.as_of
    )
    for employee_id, kind, document_id in documents.order_by("created_at", "id").values_list(
        "employee_id", "kind", "id"
    ):
        newest[(employee_id, kind)] = document_id
    existing = {(c.candidate_id, c.kind): c for c in DocumentCheck.objects.filter(candidate__in=candidates)}
    changed = 0
    for candidate in candidates:
        for kind in REQUIRED_DOCUMENTS:
            document_id = newest.get((candidate.employee_id, kind))
            check = existing.get((candidate.pk, kind)) or DocumentCheck(candidate=candidate, kind=kind)
            if check.pk and check.document_id == document_id:
                continue
            check.document_id = document_id
            check.status = CheckStatus.PRESENT if document_id else CheckStatus.MISSING
            check.verified_by, check.verified_at, check.note = None, None, ""
            check._history_user = actor  # type: ignore[attr-defined]
            check.save()
            changed += 1
    return changed


@transaction.atomic
def document_verify(*, actor: User, check: DocumentCheck, accepted: bool, note: str = "") -> None:
    _require_editable(check.candidate.round)
    if check.document_id is None:
        raise ServiceError(_("Dokumen belum ada; unggah dokumen pegawai lebih dulu."))
    if not accepted and not note.strip():
        raise ValidationError({"note": _("Alasan penolakan dokumen wajib diisi.")})
    check.status = CheckStatus.VERIFIED if accepted else CheckStatus.REJECTED
    check.note = note
    check.verified_by = actor
    check.verified_at = timezone.now()
    check._history_user = actor  # type: ignore[attr-defined]
    check.save(update_fields=["status", "note", "verified_by", "verified_at", "updated_at"])
