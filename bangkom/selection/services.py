"""Every write on selection rounds; the rules are applied by bangkom.rules through the adapter."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_permission
from bangkom.core.bulk import JsonText, bulk_insert, bulk_insert_with_history, bulk_set, statistics_refresh
from bangkom.core.errors import ServiceError
from bangkom.core.state_machine import status_move, status_start
from bangkom.documents.models import DocumentStatus
from bangkom.documents.selectors import documents_of
from bangkom.notifications.services import notify
from bangkom.people.models import Employee, EmployeeDocument, Post
from bangkom.rules import Finding, Result, RuleSetError, Status, parse_ruleset, ruleset_document

from .leadership import trainings_held
from .models import (
    EDITABLE_STATUSES,
    ELEMENT_COMPONENTS,
    ROUND_TRANSITIONS,
    Assessment,
    CandidateSource,
    CheckStatus,
    Decision,
    DocumentCheck,
    EnglishEquivalence,
    MemberRole,
    RoundCandidate,
    RoundFinding,
    RoundStatus,
    RoundTargetPost,
    SelectionRound,
    SelectionTeam,
    SessionDecision,
    TeamMember,
    TeamSession,
)
from .screening_output import finding_json
from .selectors import (
    ADVICE_KIND,
    inventory_proposal,
    latest_decisions,
    required_papers,
    round_results,
    round_ruleset,
    round_target_posts,
    target_post_choices,
)


@transaction.atomic
def english_equivalence_save(*, actor: User | None, row: EnglishEquivalence) -> EnglishEquivalence:
    """The agency fills a rule set's English equivalence table ("atau yang setara"); the next
    screening of a round of that rule set applies it."""
    require_permission(actor, "selection.change_englishequivalence" if row.pk else "selection.add_englishequivalence")
    english_equivalence_check(row)
    row.source = " ".join(row.source.split())
    row.full_clean()
    row.save()
    return row


def english_equivalence_check(row: EnglishEquivalence) -> None:
    """Refuse a rule set that does not exist, and a test the rule set itself names a score for."""
    try:
        document, _file = ruleset_document(row.ruleset_id)
    except RuleSetError as error:
        raise ServiceError(
            _("Aturan %(id)s tidak ditemukan: %(error)s") % {"id": row.ruleset_id, "error": error}
        ) from None
    named = {
        test
        for level in document.get("levels", {}).values()
        for requirement in level.get("requirements", [])
        if requirement.get("kind") == "english"
        for test in requirement.get("minimum", {})
    }
    if row.test in named:
        raise ServiceError(
            _("Aturan %(id)s sudah menetapkan skor %(test)s sendiri; tabel kesetaraan hanya untuk tes lain.")
            % {"id": row.ruleset_id, "test": row.test}
        )


@transaction.atomic
def round_open(
    *, actor: User, name: str, level: str, ruleset_id: str, as_of: dt.date, quota: int, **schedule: Any
) -> SelectionRound:
    require_permission(actor, MANAGE)
    try:
        document, file = ruleset_document(ruleset_id)
        ruleset = parse_ruleset(document, file)
    except RuleSetError as error:
        raise ValidationError({"ruleset_id": str(error)}) from None
    if ruleset.valid_from is not None and as_of < ruleset.valid_from:
        starts = ruleset.valid_from.strftime("%d-%m-%Y")
        message = _("Aturan %(rules)s berlaku mulai %(date)s; tanggal acuan tidak boleh sebelumnya.")
        raise ValidationError({"as_of": message % {"rules": ruleset.id, "date": starts}})
    if level not in ruleset.levels:
        raise ValidationError(
            {"level": _("Aturan %(rules)s tidak mengatur tingkat %(level)s.") % {"rules": ruleset_id, "level": level}}
        )
    selection_round = SelectionRound(
        name=name,
        level=level,
        ruleset_id=ruleset_id,
        ruleset_document=document,
        as_of=as_of,
        quota=quota,
        created_by=actor,
        **schedule,
    )
    selection_round.full_clean()
    selection_round._history_user = actor  # type: ignore[attr-defined]
    selection_round.save()
    status_start(selection_round, history=selection_round.status_changes, actor=actor, note=_("Seleksi dibuka"))
    return selection_round


@transaction.atomic
def round_move(*, actor: User, selection_round: SelectionRound, to: str, reason: str = "") -> None:
    require_permission(actor, MANAGE)
    status_move(
        selection_round,
        to=to,
        transitions=ROUND_TRANSITIONS,
        history=selection_round.status_changes,
        actor=actor,
        note=reason,
        labels=RoundStatus,
    )
    selection_round._history_user = actor  # type: ignore[attr-defined]
    selection_round.save(update_fields=["status", "updated_at"])


def require_editable(selection_round: SelectionRound) -> None:
    if selection_round.status not in EDITABLE_STATUSES:
        raise ServiceError(
            _("Seleksi berstatus %(status)s tidak dapat diubah lagi.")
            % {"status": RoundStatus(selection_round.status).label}
        )


MANAGE = "selection.manage_selection"
# (done, total, message): how far a long round action is, for the job page (see core.jobs).
Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, message: str) -> None:
    return None


@transaction.atomic
def inventory_apply(*, actor: User, selection_round: SelectionRound, progress: Progress = _no_progress) -> int:
    """Add the proposed inventory (penjaringan) to the round, each with its audited "created"
    history row; returns how many were added."""
    require_permission(actor, MANAGE)
    require_editable(selection_round)
    present = set(selection_round.candidates.values_list("employee_id", flat=True))
    proposal = inventory_proposal(
        selection_round.level, round_ruleset(selection_round), posts=round_target_posts(selection_round)
    )
    new = [
        RoundCandidate(round=selection_round, employee_id=employee_id, source=source)
        for employee_id, source in proposal.items()
        if employee_id not in present
    ]
    progress(0, len(new), _("Menambahkan %(n)d calon…") % {"n": len(new)})
    bulk_insert_with_history(RoundCandidate, new, user=actor, reason=_("Penjaringan"))
    if len(new) >= ANALYZE_AFTER:
        statistics_refresh(RoundCandidate)
    return len(new)


# Rows added at once past which the planner is told at once (ANALYZE): a round of 100,000 new rows
# planned as the 4,000 of before read the candidates' training records with 100,000 index probes.
ANALYZE_AFTER = 10_000


MAX_TARGET_POSTS = 1000


@transaction.atomic
def round_target_posts_set(*, actor: User, selection_round: SelectionRound, posts: Sequence[Post]) -> int:
    """Name the job map's posts the round fills (replacing the ones named before); each addition and
    removal keeps a history row with who made it. Only posts of the round's target eselon. Returns
    how many posts the round now names."""
    require_permission(actor, MANAGE)
    require_editable(selection_round)
    if len(posts) > MAX_TARGET_POSTS:
        raise ServiceError(_("Paling banyak %(max)d jabatan sasaran.") % {"max": MAX_TARGET_POSTS})
    allowed = set(
        target_post_choices(selection_round).filter(pk__in=[p.pk for p in posts]).values_list("pk", flat=True)
    )
    wrong = [post for post in posts if post.pk not in allowed]
    if wrong:
        raise ServiceError(
            _("%(post)s bukan jabatan eselon yang diisi lulusan %(level)s.")
            % {"post": wrong[0], "level": selection_round.get_level_display()}
        )
    chosen = {post.pk for post in posts}
    for row in selection_round.target_post_rows.exclude(post_id__in=chosen):
        row._history_user = actor  # type: ignore[attr-defined]
        row.delete()
    named = set(selection_round.target_post_rows.values_list("post_id", flat=True))
    for pk in sorted(chosen - named):
        row = RoundTargetPost(round=selection_round, post_id=pk, added_by=actor)
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
    return len(chosen)


@transaction.atomic
def candidate_add(
    *,
    actor: User,
    selection_round: SelectionRound,
    employee: Employee,
    reason: str,
    source: str = CandidateSource.STAFF,
) -> RoundCandidate:
    require_editable(selection_round)
    require_employees_in_scope(actor, [employee])
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan menambahkan calon wajib diisi.")})
    held = trainings_held(selection_round.level, Employee.objects.filter(pk=employee.pk)).get(employee.pk, "")
    candidate = RoundCandidate(
        round=selection_round,
        employee=employee,
        source=source,
        reason=reason,
        proposed_by_unit=source == CandidateSource.UNIT,
        trained_already=held[:300],
    )
    candidate.full_clean()
    candidate._history_user = actor  # type: ignore[attr-defined]
    candidate.save()
    return candidate


@transaction.atomic
def candidate_exclude(*, actor: User, candidate: RoundCandidate, reason: str) -> None:
    candidates_exclude(actor=actor, selection_round=candidate.round, candidates=[candidate], reason=reason)


MAX_BULK_CANDIDATES = 5000


@transaction.atomic
def candidates_exclude(
    *, actor: User, selection_round: SelectionRound, candidates: Sequence[RoundCandidate], reason: str
) -> int:
    """Take candidates out of the round with one reason on record for each (all or none); returns
    how many. Each keeps its own audited history row."""
    require_permission(actor, MANAGE)
    require_editable(selection_round)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan mengeluarkan calon wajib diisi.")})
    _require_chosen(selection_round, candidates)
    reason = " ".join(reason.split())[:500]
    for candidate in candidates:
        candidate.included = False
        candidate.reason = reason
        candidate._history_user = actor  # type: ignore[attr-defined]
        candidate.save(update_fields=["included", "reason", "updated_at"])
    return len(candidates)


@transaction.atomic
def papers_accept(*, actor: User, selection_round: SelectionRound, candidates: Sequence[RoundCandidate]) -> int:
    """Accept at once every paper found and not yet checked ("ada") of these candidates, each with
    its history row; a rejected or missing paper stays as it is. Returns how many were accepted."""
    require_permission(actor, MANAGE)
    require_editable(selection_round)
    _require_chosen(selection_round, candidates)
    checks = list(
        DocumentCheck.objects.select_for_update()
        .filter(candidate__in=[c.pk for c in candidates], status=CheckStatus.PRESENT, document__isnull=False)
        .order_by("pk")
    )
    now = timezone.now()
    for check in checks:
        check.status, check.note, check.verified_by, check.verified_at, check.updated_at = (
            CheckStatus.VERIFIED,
            "",
            actor,
            now,
            now,
        )
    bulk_update_with_history(
        checks,
        DocumentCheck,
        ["status", "note", "verified_by", "verified_at", "updated_at"],
        batch_size=500,
        default_user=actor,
        default_change_reason=_("Diterima sekaligus dari halaman seleksi"),
    )
    return len(checks)


def _require_chosen(selection_round: SelectionRound, candidates: Sequence[RoundCandidate]) -> None:
    """A bulk action names at least one and at most MAX_BULK_CANDIDATES candidates of this round."""
    if not candidates:
        raise ServiceError(_("Pilih sekurang-kurangnya satu calon."))
    if len(candidates) > MAX_BULK_CANDIDATES:
        raise ServiceError(
            _("Paling banyak %(max)d calon sekaligus (terpilih %(count)d); persempit saringannya.")
            % {"max": MAX_BULK_CANDIDATES, "count": len(candidates)}
        )
    foreign = [c for c in candidates if c.round_id != selection_round.pk]
    if foreign:
        raise ServiceError(_("%(name)s bukan calon seleksi ini.") % {"name": foreign[0].employee})


@transaction.atomic
def candidate_set_facts(
    *,
    actor: User,
    candidate: RoundCandidate,
    proposed_by_unit: bool,
    baperjakat: bool,
    education_conversion: bool,
    education_conversion_note: str = "",
    selection_passed: bool = False,
) -> None:
    """What the round records about a candidate beyond the registry."""
    require_permission(actor, MANAGE)
    require_editable(candidate.round)
    if education_conversion and not education_conversion_note.strip():
        raise ValidationError({"education_conversion_note": _("Konversi pendidikan harus disertai dasar/alasannya.")})
    candidate.proposed_by_unit = proposed_by_unit
    candidate.baperjakat = baperjakat
    candidate.selection_passed = selection_passed
    candidate.education_conversion = education_conversion
    candidate.education_conversion_note = education_conversion_note
    candidate._history_user = actor  # type: ignore[attr-defined]
    candidate.save(
        update_fields=[
            "proposed_by_unit",
            "baperjakat",
            "selection_passed",
            "education_conversion",
            "education_conversion_note",
            "updated_at",
        ]
    )


# Verdicts are written this many at a time (each chunk one COPY and one joined UPDATE on PostgreSQL).
SCREEN_CHUNK = 5000
VERDICT_FIELDS = ("group", "category", "final_score", "rank", "finding_refs", "unmet", "trained_already")
UNMET_STATUSES = (Status.NOT_MET, Status.INCOMPLETE)


def round_screen(*, actor: User, selection_round: SelectionRound, progress: Progress = _no_progress) -> int:
    """Screen the included candidates with the round's rule set and store each verdict (an excluded
    candidate's is cleared). The engine reads outside the write transaction; the verdicts are then
    written in chunks inside one transaction, so a failure leaves the previous screening whole.
    Returns the number screened."""
    require_permission(actor, MANAGE)
    require_editable(selection_round)
    progress(0, 0, _("Membaca data calon dan menilai syarat…"))
    results = round_results(selection_round, round_ruleset(selection_round))
    by_nip = {r.candidate.nip: r for r in results}
    # The history may have gained the training since the candidate was added.
    held = trainings_held(selection_round.level, Employee.objects.filter(selection_candidacies__round=selection_round))
    with transaction.atomic():
        selection_round = SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
        require_editable(selection_round)
        # The round's rows as plain tuples (no model instances for 100,000 candidates), in key order.
        candidates = list(
            RoundCandidate.objects.filter(round=selection_round)
            .order_by("pk")
            .values_list("pk", "employee_id", "employee__nip", "included")
        )
        progress(0, len(candidates), _("Menyimpan hasil penyaringan…"))
        pieces, shared = _shared_findings(results)
        RoundFinding.objects.filter(round=selection_round).delete()
        # The rows as plain dicts by column: tens of thousands of model instances cost a quarter second.
        bulk_insert(
            RoundFinding,
            [
                {"round_id": selection_round.pk, "number": number, "code": f.code, "status": f.status.value,
                 "explanation": f.explanation, "source": f.source}
                for f, number in shared.items()
            ],
            value_of=lambda field, row: row[field.attname],
        )  # fmt: skip
        for start in range(0, len(candidates), SCREEN_CHUNK):
            chunk = candidates[start : start + SCREEN_CHUNK]
            verdicts = [
                (pk, *_verdict(by_nip.get(nip) if included else None, pieces), held.get(employee_id, "")[:300])
                for pk, employee_id, nip, included in chunk
            ]
            bulk_set(RoundCandidate, VERDICT_FIELDS, verdicts, changed_only=True)
        selection_round.screened_at = timezone.now()
        selection_round._history_user = actor  # type: ignore[attr-defined]
        selection_round._change_reason = _("Penyaringan: %(n)d calon dinilai") % {"n": len(results)}  # type: ignore[attr-defined]
        selection_round.save(update_fields=["screened_at", "updated_at"])
    return len(results)


def _shared_findings(results: Sequence[Result]) -> tuple[dict[int, tuple[str, str]], dict[Finding, int]]:
    """Each finding (by its content) that more than one candidate received, numbered from 1 in order
    of first use: nearly all of them, bar a score. Returned are, by object id, what each distinct
    finding object adds to a candidate's verdict (its reference: a shared one's number, another's
    JSON; and its code when not met, else ""), and the shared ones by content (the rows to keep).
    The engine hands out one object per distinct verdict, so the content of 5 of every 6 findings is
    never hashed and each object is turned into text once; the results keep the objects alive."""
    everything = [f for result in results for f in result.findings]
    uses = Counter(map(id, everything))
    distinct = {id(f): f for f in everything}  # in order of first use
    by_content: Counter[Finding] = Counter()
    for key, finding in distinct.items():
        by_content[finding] += uses[key]
    numbers: dict[Finding, int] = {}
    pieces: dict[int, tuple[str, str]] = {}
    for key, finding in distinct.items():
        unmet = finding.code if finding.status in UNMET_STATUSES else ""
        if by_content[finding] > 1:
            pieces[key] = (str(numbers.setdefault(finding, len(numbers) + 1)), unmet)
        else:
            pieces[key] = (finding_json(finding), unmet)
    return pieces, numbers


def _verdict(
    result: Result | None, pieces: dict[int, tuple[str, str]]
) -> tuple[str, str, Decimal | None, int | None, JsonText, str]:
    """The engine's verdict as the round keeps it (VERDICT_FIELDS but the training): group, category,
    final score, rank, each finding (a shared one by its number), the codes not met; all empty for an
    excluded candidate. `pieces` is `_shared_findings`' first part."""
    if result is None:
        return "", "", None, None, JsonText("[]"), ""
    own = [pieces[id(f)] for f in result.findings]
    unmet = [code for _ref, code in own if code]
    return (
        result.group.value,
        result.category.value,
        result.final_score,
        result.rank,
        JsonText(f"[{', '.join([ref for ref, _code in own])}]"),
        f" {' '.join(unmet)} "[:300] if unmet else "",
    )


@transaction.atomic
def assessor_assign(*, actor: User, candidate: RoundCandidate, assessor: User) -> Assessment:
    require_editable(candidate.round)
    if not assessor.has_perm("selection.assess_candidates"):
        raise ValidationError({"assessor": _("%(user)s bukan penilai.") % {"user": assessor.get_username()}})
    if Assessment.objects.filter(candidate=candidate, assessor=assessor).exists():
        raise ValidationError({"assessor": _("Penilai ini sudah ditugaskan untuk calon ini.")})
    assessment = Assessment(candidate=candidate, assessor=assessor)
    assessment._history_user = actor  # type: ignore[attr-defined]
    assessment.save()
    notify(
        recipients=[assessor],
        message=gettext_lazy("Anda ditugaskan menilai %(name)s pada %(round)s."),
        params={"name": candidate.employee.full_name, "round": candidate.round.name},
        link=reverse("selection:assessments"),
    )
    return assessment


SCORE_FIELDS = tuple(field for fields in ELEMENT_COMPONENTS.values() for field in fields)


@transaction.atomic
def assessment_save(*, actor: User, assessment: Assessment, **scores: Any) -> Assessment:
    """An assessor records their own scores; they lock when the round is closed."""
    if assessment.assessor_id != actor.pk:
        raise ServiceError(_("Hanya penilai yang ditugaskan yang dapat mengisi nilai ini."))
    require_editable(assessment.candidate.round)
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
def checklist_refresh(*, actor: User, selection_round: SelectionRound, progress: Progress = _no_progress) -> int:
    """Match every required paper of every included candidate with the newest registry document of
    that kind still valid on the as-of date. A check whose document changes goes back to "ada"
    (or "belum ada") and must be verified again; each new or changed check keeps a history row.
    Returns how many checks changed."""
    require_permission(actor, MANAGE)
    require_editable(selection_round)
    candidates = list(  # not the related manager: it would read each deferred round_id back
        RoundCandidate.objects.filter(round=selection_round, included=True).only("pk", "employee_id").order_by("pk")
    )
    progress(0, len(candidates), _("Mencocokkan dokumen %(n)d calon…") % {"n": len(candidates)})
    employee_ids = [c.employee_id for c in candidates]
    newest: dict[tuple[int, str], int] = {}
    papers = required_papers(selection_round)
    documents = EmployeeDocument.objects.filter(employee_id__in=employee_ids, kind__in=papers).exclude(
        valid_until__lt=selection_round.as_of
    )
    for employee_id, kind, newer_id in documents.order_by("created_at", "id").values_list("employee_id", "kind", "id"):
        newest[(employee_id, kind)] = newer_id
    # The round's checks as (key, document) pairs: 600,000 model rows would hold 700 MB to find the
    # few that changed; only those are then read in full.
    existing = {
        (candidate_id, kind): (pk, document_id)
        for pk, candidate_id, kind, document_id in DocumentCheck.objects.filter(
            candidate__round=selection_round, candidate__included=True
        ).values_list("pk", "candidate_id", "kind", "document_id")
    }
    created: list[DocumentCheck] = []
    moved: dict[int, int | None] = {}  # check → its new document
    for candidate in candidates:
        for kind in papers:
            document_id = newest.get((candidate.employee_id, kind))
            known = existing.get((candidate.pk, kind))
            if known is None:
                check = DocumentCheck(candidate_id=candidate.pk, kind=kind, document_id=document_id)
                check.verification_clear(CheckStatus.PRESENT if document_id else CheckStatus.MISSING)
                created.append(check)
            elif known[1] != document_id:
                moved[known[0]] = document_id
    changed = list(DocumentCheck.objects.in_bulk(list(moved)).values()) if moved else []
    for check in changed:
        check.document_id = moved[check.pk]
        check.verification_clear(CheckStatus.PRESENT if check.document_id else CheckStatus.MISSING)
    reason = _("Pemeriksaan dokumen seleksi")
    bulk_insert_with_history(DocumentCheck, created, user=actor, reason=reason)
    if len(created) >= ANALYZE_AFTER:
        statistics_refresh(RoundCandidate, DocumentCheck)
    if changed:
        for check in changed:
            check.updated_at = timezone.now()
        bulk_update_with_history(
            changed,
            DocumentCheck,
            ["document", "status", "note", "verified_by", "verified_at", "updated_at"],
            batch_size=500,
            default_user=actor,
            default_change_reason=reason,
        )
    return len(created) + len(changed)


@transaction.atomic
def document_verify(*, actor: User, check: DocumentCheck, accepted: bool, note: str = "") -> None:
    require_permission(actor, MANAGE)
    require_editable(check.candidate.round)
    if check.document_id is None:
        raise ServiceError(_("Dokumen belum ada; unggah dokumen pegawai lebih dulu."))
    if not accepted and not note.strip():
        raise ValidationError({"note": _("Alasan penolakan dokumen wajib diisi.")})
    check._history_user = actor  # type: ignore[attr-defined]
    check.verification_record(actor=actor, status=CheckStatus.VERIFIED if accepted else CheckStatus.REJECTED, note=note)


# The selection team (TSPDI, S5) ------------------------------------------------------------------


@transaction.atomic
def team_create(
    *, actor: User, name: str, period_start: dt.date, period_end: dt.date, decree_reference: str = ""
) -> SelectionTeam:
    require_permission(actor, MANAGE)
    team = SelectionTeam(
        name=name,
        period_start=period_start,
        period_end=period_end,
        decree_reference=decree_reference,
        created_by=actor,
    )
    if period_end < period_start:
        raise ValidationError({"period_end": _("Masa tugas selesai tidak boleh sebelum masa tugas mulai.")})
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def member_add(*, actor: User, team: SelectionTeam, employee: Employee, position: str, role: str) -> TeamMember:
    require_permission(actor, MANAGE)
    require_employees_in_scope(actor, [employee])
    if team.members.filter(employee=employee).exists():
        raise ServiceError(_("%(name)s sudah menjadi anggota tim ini.") % {"name": employee.full_name})
    if role == MemberRole.CHAIR and team.members.filter(role=MemberRole.CHAIR).exists():
        raise ServiceError(_("Tim ini sudah mempunyai ketua."))
    member = TeamMember(team=team, employee=employee, position=position, role=role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def session_record(
    *, actor: User, team: SelectionTeam, selection_round: SelectionRound, held_on: dt.date, agenda: str,
    attendees: list[TeamMember], minutes: str = "", test_schedule: str = "",
) -> TeamSession:  # fmt: skip
    """A sidang of the team on a round, with the members present (at least the chair or vice chair,
    who leads it)."""
    require_permission(actor, MANAGE)
    if selection_round.status == RoundStatus.CANCELLED:
        raise ServiceError(_("Seleksi ini dibatalkan; sidang tidak dapat dicatat."))
    strangers = [m for m in attendees if m.team_id != team.pk]
    if strangers:
        raise ServiceError(
            _("Bukan anggota %(team)s: %(names)s.")
            % {"team": team.name, "names": ", ".join(m.employee.full_name for m in strangers)}
        )
    if not any(m.role in (MemberRole.CHAIR, MemberRole.VICE_CHAIR) for m in attendees):
        raise ServiceError(_("Sidang dipimpin ketua atau wakil ketua: salah satunya harus hadir."))
    if not team.period_start <= held_on <= team.period_end:
        raise ValidationError(
            {
                "held_on": _("Tanggal sidang di luar masa tugas tim (%(start)s s.d. %(end)s).")
                % {"start": team.period_start.strftime("%d-%m-%Y"), "end": team.period_end.strftime("%d-%m-%Y")}
            }
        )
    session = TeamSession(
        team=team,
        round=selection_round,
        held_on=held_on,
        agenda=agenda,
        minutes=minutes,
        test_schedule=test_schedule,
        created_by=actor,
    )
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    return session


@transaction.atomic
def session_update(*, actor: User, session: TeamSession, minutes: str, test_schedule: str) -> TeamSession:
    """The written conclusions (berita acara) and the test schedule, until the advice is signed."""
    require_permission(actor, MANAGE)
    if documents_of(session).filter(kind=ADVICE_KIND, status=DocumentStatus.SIGNED).exists():
        raise ServiceError(_("Saran ketua sudah ditandatangani; kesimpulan sidang tidak dapat diubah lagi."))
    session.minutes, session.test_schedule = minutes, test_schedule
    session.full_clean()
    session.save(update_fields=["minutes", "test_schedule", "updated_at"])
    return session


# Only candidates the engine found eligible may be made participants (BIMA Pasal 39; Kategori C
# tidak memenuhi syarat).
ELIGIBLE_CATEGORIES = {"A", "B"}


@transaction.atomic
def decision_record(
    *, actor: User, session: TeamSession, candidate: RoundCandidate, decision: str, note: str = ""
) -> SessionDecision:
    decisions_record(actor=actor, session=session, rows=[(candidate, decision, note)])
    return SessionDecision.objects.get(session=session, candidate=candidate)


def _decision_refusal(session: TeamSession, candidate: RoundCandidate, decision: str) -> str:
    """Why this decision cannot be recorded for this candidate ("" when it can), quota aside."""
    if candidate.round_id != session.round_id or not candidate.included:
        return _("%(name)s bukan calon yang diikutkan pada seleksi ini.") % {"name": candidate.employee}
    if decision not in Decision.values:
        return _("%(name)s: keputusan %(value)r tidak dikenal.") % {
            "name": candidate.employee.full_name,
            "value": decision,
        }
    if decision == Decision.PARTICIPANT and candidate.category not in ELIGIBLE_CATEGORIES:
        return _(
            "%(name)s berkategori %(category)s: hanya kategori A atau B yang dapat ditetapkan sebagai peserta."
        ) % {"name": candidate.employee.full_name, "category": candidate.category or _("belum disaring")}
    return ""


@transaction.atomic
def decisions_record(*, actor: User, session: TeamSession, rows: list[tuple[RoundCandidate, str, str]]) -> int:
    """Decisions of one session, all or none: every refusal is named, and then nothing is saved.
    Checked once for the whole set (the quota against the participants it leaves), then written in
    bulk, so a decision for two thousand candidates is one request of a few queries."""
    require_permission(actor, MANAGE)
    if not rows:
        raise ServiceError(_("Pilih keputusan untuk sekurang-kurangnya satu calon."))
    errors = [
        refusal for candidate, decision, _note in rows if (refusal := _decision_refusal(session, candidate, decision))
    ]
    deciding = {candidate.pk for candidate, _decision, _note in rows}
    named = {candidate.pk for candidate, decision, _note in rows if decision == Decision.PARTICIPANT}
    if named:  # the participants these rows leave, with those decided before, within the quota
        before = latest_decisions(session.round).filter(decision=Decision.PARTICIPANT)
        if len((set(before.values_list("candidate_id", flat=True)) - deciding) | named) > session.round.quota:
            errors.append(_("Kuota %(quota)d peserta sudah terisi.") % {"quota": session.round.quota})
    if errors:
        if len(rows) == 1:
            raise ServiceError(errors[0])
        raise ServiceError(_("Tidak ada keputusan yang disimpan: %(errors)s") % {"errors": " ".join(errors)})
    existing = {d.candidate_id: d for d in SessionDecision.objects.filter(session=session, candidate_id__in=deciding)}
    now = timezone.now()
    created, changed = [], []
    for candidate, decision, note in rows:
        row = existing.get(candidate.pk)
        if row is None:
            created.append(SessionDecision(session=session, candidate=candidate, decision=decision, note=note))
        else:
            row.decision, row.note, row.updated_at = decision, note, now
            changed.append(row)
    reason = _("Keputusan sidang %(date)s") % {"date": session.held_on.strftime("%d-%m-%Y")}
    bulk_create_with_history(created, SessionDecision, batch_size=500, default_user=actor, default_change_reason=reason)
    bulk_update_with_history(
        changed,
        SessionDecision,
        ["decision", "note", "updated_at"],
        batch_size=500,
        default_user=actor,
        default_change_reason=reason,
    )
    return len(rows)
