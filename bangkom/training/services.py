"""Every write of a training program under the one-door policy: the unit's proposal, BKPSDM's review
and recommendation letter, the program decree, participants, attendance, results (which become
training records), quarterly supervision, the unit's activity report, and the certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope, require_employees_in_scope, require_permission, require_unit_in_scope
from bangkom.core.errors import ServiceError
from bangkom.core.services import correction_reason, history_by, keep_first_version, record_cancel, record_correct
from bangkom.core.state_machine import status_move, status_start
from bangkom.core.uploads import DOCUMENT_TYPES, DOCX, PPTX, save_with_file, validate_upload
from bangkom.documents.models import Document, DocumentStatus
from bangkom.documents.services import (
    NUMBERS_USED,
    current_template,
    document_generate,
    kind_for,
    number_take,
    verification_code,
)
from bangkom.notifications.services import notify_responsible
from bangkom.people.models import TrainingRecord
from bangkom.people.selectors import employees_from_nip_lines
from bangkom.people.services import history_add, training_record_withdraw
from bangkom.selection.models import Decision, SelectionRound
from bangkom.selection.selectors import latest_decisions

from . import analysis
from .models import (
    PROGRAM_TRANSITIONS,
    ActivityReport,
    Attendance,
    BudgetLine,
    Certificate,
    CertificateKind,
    CriterionReview,
    Discussion,
    Instructor,
    Material,
    Organiser,
    Participant,
    ParticipantSource,
    Presence,
    Program,
    ProgramStatus,
    Result,
    Session,
    Supervision,
)
from .policy import policy
from .selectors import ISSUE, PROPOSE, REVIEW

RECOMMENDATION_DOCUMENT = "rekomendasi_program_pelatihan"
DECREE_DOCUMENT = "keputusan_program_pelatihan"
CERTIFICATE_DOCUMENTS = {kind.value: f"sertifikat_{kind.value}" for kind in CertificateKind}
MATERIAL_TYPES = (DOCUMENT_TYPES[0], DOCX, PPTX)
PROGRAM_FIELDS = (
    "unit", "title", "kind", "target_participants", "participant_count", "jp", "start_date", "end_date", "venue",
    "facilities",
)  # fmt: skip


# Who waits on a program after a move, keyed (from, to) with None for any origin: the permission of
# those told (the unit's proposers or BKPSDM's reviewers) and what they are told.
PROGRAM_NOTICES: dict[tuple[str | None, str], tuple[str, Any]] = {
    (None, ProgramStatus.SUBMITTED): (REVIEW, gettext_lazy("Usulan program %(title)s dari %(unit)s menunggu telaah.")),
    (None, ProgramStatus.RETURNED): (
        PROPOSE,
        gettext_lazy("Usulan program %(title)s dikembalikan untuk dilengkapi: %(note)s"),
    ),
    (None, ProgramStatus.RECOMMENDED): (PROPOSE, gettext_lazy("Program %(title)s direkomendasikan.")),
    (None, ProgramStatus.CONDITIONAL): (PROPOSE, gettext_lazy("Program %(title)s direkomendasikan dengan syarat.")),
    (None, ProgramStatus.REJECTED): (PROPOSE, gettext_lazy("Program %(title)s tidak direkomendasikan: %(note)s")),
    (None, ProgramStatus.REPORTED): (REVIEW, gettext_lazy("Laporan kegiatan %(title)s dari %(unit)s menunggu telaah.")),
    (ProgramStatus.REPORTED, ProgramStatus.FINISHED): (
        PROPOSE,
        gettext_lazy("Laporan kegiatan %(title)s dikembalikan untuk diperbaiki: %(note)s"),
    ),
}


def _move(program: Program, *, actor: User, to: str, note: str = "") -> None:
    origin = program.status
    status_move(
        program,
        to=to,
        transitions=PROGRAM_TRANSITIONS,
        history=program.status_changes,
        actor=actor,
        note=note,
        labels=ProgramStatus,
    )
    program.save(update_fields=["status", "submitted_at", "updated_at"])
    notice = PROGRAM_NOTICES.get((origin, to)) or PROGRAM_NOTICES.get((None, to))
    if notice is not None:
        permission, message = notice
        notify_responsible(
            permission,
            program.unit,
            actor=actor,
            message=message,
            params={"title": program.title, "unit": program.unit.name, "note": note},
            link=reverse("training:detail", args=[program.pk]),
        )


def _locked(program: Program, actor: User) -> Program:
    """The program, locked for the write, after checking that it belongs to a unit the actor covers:
    every write on a program passes here, so none crosses a unit."""
    locked = Program.objects.select_for_update(of=("self",)).select_related("unit", "kind").get(pk=program.pk)
    require_unit_in_scope(actor, locked.unit)
    return locked


def _editable(program: Program) -> None:
    refusal = _("Usulan berstatus %(status)s tidak dapat diubah.") % {"status": program.get_status_display()}
    program.require("edit", refusal)


def _check_plan_items(program: Program, plan_items: Iterable[Any]) -> None:
    """Linked needs must be the unit's own, planned for the program's year."""
    for item in plan_items:
        plan = item.unit_plan
        if not plan.unit.path.startswith(program.unit.path) or plan.cycle.year != program.year:
            raise ServiceError(
                _("Kebutuhan '%(title)s' (%(unit)s, %(year)s) bukan kebutuhan %(own)s tahun %(program_year)s.")
                % {
                    "title": item.title,
                    "unit": plan.unit.name,
                    "year": plan.cycle.year,
                    "own": program.unit.name,
                    "program_year": program.year,
                }
            )


def _save_program(program: Program, competencies: Iterable[Any], plan_items: Iterable[Any]) -> Program:
    program.full_clean()
    plan_items = list(plan_items)
    _check_plan_items(program, plan_items)
    program.save()
    program.competencies.set(competencies)
    program.plan_items.set(plan_items)
    return program


@transaction.atomic
def program_create(
    *, actor: User, competencies: Iterable[Any] = (), plan_items: Iterable[Any] = (), **fields: Any
) -> Program:
    """A unit's proposal, in draft until it is sent."""
    require_permission(actor, PROPOSE)
    program = Program(proposed_by=actor, **{name: fields[name] for name in PROGRAM_FIELDS})
    if program.unit_id is not None:
        require_unit_in_scope(actor, program.unit)
    _save_program(program, competencies, plan_items)
    status_start(program, history=program.status_changes, actor=actor)
    return program


@transaction.atomic
def program_update(
    *,
    actor: User,
    program: Program,
    competencies: Iterable[Any] = (),
    plan_items: Iterable[Any] = (),
    **fields: Any,
) -> Program:
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _editable(program)
    if fields.get("unit") is not None:
        require_unit_in_scope(actor, fields["unit"])
    for name in PROGRAM_FIELDS:
        setattr(program, name, fields[name])
    history_by(program, actor)
    return _save_program(program, competencies, plan_items)


@transaction.atomic
def detail_add(*, actor: User, program: Program, row: BudgetLine | Instructor | Organiser) -> Model:
    """A budget line, an instructor or an organiser of a proposal still being prepared."""
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _editable(program)
    row.program = program
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def detail_remove(*, actor: User, program: Program, row: BudgetLine | Instructor | Organiser | Material) -> None:
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _editable(program)
    if row.program_id != program.pk:
        raise ServiceError(_("Rincian itu bukan milik program ini."))
    if isinstance(row, Material):
        row.file.delete(save=False)
    row.delete()


@transaction.atomic
def material_upload(*, actor: User, program: Program, kind: str, upload: UploadedFile) -> Material:
    """Curriculum, module or slides (criterion g) as PDF, DOCX or PPTX, decided by content."""
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _editable(program)
    detected = validate_upload(upload, max_bytes=settings.DOCUMENT_MAX_BYTES * 4, allowed=MATERIAL_TYPES)
    material = Material(
        program=program,
        kind=kind,
        original_name=(upload.name or "")[:255],
        extension=detected.extension,
        content_type=detected.mime,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    save_with_file(material, upload)
    return material


@transaction.atomic
def program_allow_late(*, actor: User, program: Program, reason: str) -> Program:
    """An administrator accepts a proposal sent less than a year ahead, with the reason on record."""
    require_permission(actor, REVIEW)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan menerima usulan yang terlambat."))
    program = _locked(program, actor)
    _editable(program)
    program.late_reason = reason.strip()
    program.save(update_fields=["late_reason", "updated_at"])
    program.status_changes.create(
        from_status=program.status,
        to_status=program.status,
        changed_by=actor,
        note=_("Usulan terlambat diterima: %(reason)s") % {"reason": program.late_reason},
    )
    return program


@transaction.atomic
def program_submit(*, actor: User, program: Program, today: dt.date | None = None) -> Program:
    """Send the proposal to BKPSDM: at least a year ahead (unless an administrator accepted it late),
    with its budget, instructors and organisers."""
    require_permission(actor, PROPOSE)
    today = today or timezone.localdate()
    program = _locked(program, actor)
    rules = policy()
    deadline = analysis.proposal_deadline(program.start_date, rules.proposal_lead_years)
    if today > deadline and not program.late_reason:
        raise ServiceError(
            _(
                "Usulan program yang dimulai %(start)s harus diajukan paling lambat %(deadline)s (%(source)s). "
                "Hari ini %(today)s; mintalah administrator BKPSDM menerima usulan terlambat dengan alasannya."
            )
            % {
                "start": program.start_date.strftime("%d-%m-%Y"),
                "deadline": deadline.strftime("%d-%m-%Y"),
                "source": rules.proposal_lead_source,
                "today": today.strftime("%d-%m-%Y"),
            }
        )
    missing = [
        label
        for label, present in (
            (_("rincian anggaran"), program.budget_lines.exists()),
            (_("pengajar"), program.instructors.exists()),
            (_("tenaga penyelenggara"), program.organisers.exists()),
        )
        if not present
    ]
    if missing:
        raise ServiceError(_("Lengkapi dahulu: %(missing)s.") % {"missing": ", ".join(str(m) for m in missing)})
    program.submitted_at = timezone.now()
    _move(program, actor=actor, to=ProgramStatus.SUBMITTED)
    return program


# --- BKPSDM's review -------------------------------------------------------------------------


def _under_review(program: Program) -> None:
    program.require("review", _("Telaah dilakukan atas usulan yang sudah diajukan."))


@transaction.atomic
def criteria_review(*, actor: User, program: Program, findings: Mapping[str, tuple[bool, str]]) -> Program:
    """BKPSDM's finding on each criterion (a)–(g); a criterion not met needs a note saying why."""
    require_permission(actor, REVIEW)
    program = _locked(program, actor)
    _under_review(program)
    codes = policy().criterion_codes
    unknown = sorted(set(findings) - set(codes))
    if unknown:
        raise ServiceError(_("Kriteria tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    for code in codes:
        if code not in findings:
            raise ServiceError(_("Isi temuan kriteria (%(code)s).") % {"code": code})
        met, note = findings[code]
        if not met and not note.strip():
            raise ServiceError(_("Kriteria (%(code)s) tidak terpenuhi: tuliskan catatannya.") % {"code": code})
    for code in codes:
        met, note = findings[code]
        CriterionReview.objects.update_or_create(
            program=program, code=code, defaults={"met": met, "note": note.strip(), "reviewed_by": actor}
        )
    return program


@transaction.atomic
def discussion_record(*, actor: User, program: Program, held_on: dt.date, attendees: str, notes: str) -> Discussion:
    require_permission(actor, REVIEW)
    program = _locked(program, actor)
    _under_review(program)
    discussion = Discussion(program=program, held_on=held_on, attendees=attendees, notes=notes, recorded_by=actor)
    discussion.full_clean()
    discussion.save()
    return discussion


def _own_discussion(discussion: Discussion, actor: User) -> Discussion:
    program = _locked(discussion.program, actor)
    _under_review(program)  # once recommended, the letter stands on it: correct by returning the proposal
    return Discussion.objects.select_for_update().get(pk=discussion.pk, program=program)


@transaction.atomic
def discussion_correct(
    *, actor: User, discussion: Discussion, held_on: dt.date, attendees: str, notes: str, reason: str
) -> Discussion:
    """Correct a discussion entered wrongly; its history keeps what it said and why it changed."""
    require_permission(actor, REVIEW)
    row = _own_discussion(discussion, actor)
    return record_correct(row, reason=reason, held_on=held_on, attendees=attendees, notes=notes)  # type: ignore[return-value]


@transaction.atomic
def discussion_cancel(*, actor: User, discussion: Discussion, reason: str) -> Discussion:
    """Cancel a discussion entered by mistake: it stays, marked, and no longer counts as held."""
    require_permission(actor, REVIEW)
    return record_cancel(_own_discussion(discussion, actor), reason=reason)  # type: ignore[return-value]


@transaction.atomic
def program_return(*, actor: User, program: Program, note: str) -> Program:
    require_permission(actor, REVIEW)
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang harus dilengkapi unit kerja."))
    program = _locked(program, actor)
    _move(program, actor=actor, to=ProgramStatus.RETURNED, note=note)
    return program


@transaction.atomic
def program_recommend(*, actor: User, program: Program, outcome: str, conditions: str = "", note: str = "") -> Document:
    """The recommendation after the review and the discussion with the unit: approved (every
    criterion met), approved with conditions, or rejected; drafted as a letter to be initialled and
    signed."""
    require_permission(actor, REVIEW)
    program = _locked(program, actor)
    _under_review(program)
    reviews = {r.code: r for r in program.criteria.all()}
    unreviewed = [code for code in policy().criterion_codes if code not in reviews]
    if unreviewed:
        raise ServiceError(_("Kriteria belum ditelaah: %(codes)s.") % {"codes": ", ".join(unreviewed)})
    if not program.discussions.filter(cancelled_at__isnull=True).exists():
        raise ServiceError(_("Catat dahulu pembahasan dengan unit kerja: hasilnya menjadi bahan rekomendasi."))
    unmet = [code for code, review in reviews.items() if not review.met]
    if outcome == ProgramStatus.RECOMMENDED and unmet:
        raise ServiceError(
            _("Kriteria (%(codes)s) tidak terpenuhi: rekomendasikan dengan syarat atau tolak.")
            % {"codes": ", ".join(sorted(unmet))}
        )
    if outcome == ProgramStatus.CONDITIONAL and not conditions.strip():
        raise ServiceError(_("Tuliskan syarat rekomendasinya."))
    if outcome == ProgramStatus.REJECTED and not note.strip():
        raise ServiceError(_("Tuliskan alasan program tidak direkomendasikan."))
    if outcome not in (ProgramStatus.RECOMMENDED, ProgramStatus.CONDITIONAL, ProgramStatus.REJECTED):
        raise ServiceError(_("Pilih hasil rekomendasi."))
    program.conditions = conditions.strip() if outcome == ProgramStatus.CONDITIONAL else ""
    program.decision_note = note.strip()
    program.save(update_fields=["conditions", "decision_note", "updated_at"])
    _move(program, actor=actor, to=outcome, note=note)
    return document_generate(actor=actor, kind=RECOMMENDATION_DOCUMENT, subject=program, permission=REVIEW)


def program_documents(program: Program, kind: str) -> list[Document]:
    return list(
        Document.objects.filter(
            subject_type=ContentType.objects.get_for_model(Program), subject_id=program.pk, kind=kind
        ).order_by("-created_at")
    )


def _signed(program: Program, kind: str) -> Document | None:
    return next((d for d in program_documents(program, kind) if d.status == DocumentStatus.SIGNED), None)


@transaction.atomic
def decree_draft(*, actor: User, program: Program) -> Document:
    """The program decree (Keputusan Program), once the recommendation letter is signed."""
    require_permission(actor, REVIEW)
    program = _locked(program, actor)
    program.require("draft_decree", _("Keputusan Program disusun untuk program yang direkomendasikan."))
    if _signed(program, RECOMMENDATION_DOCUMENT) is None:
        raise ServiceError(_("Surat rekomendasi program belum ditandatangani."))
    if program_documents(program, DECREE_DOCUMENT):
        raise ServiceError(_("Keputusan Program sudah disusun; lihat daftar dokumen program."))
    return document_generate(actor=actor, kind=DECREE_DOCUMENT, subject=program, permission=REVIEW)


def decree_of(program: Program) -> Document | None:
    return _signed(program, DECREE_DOCUMENT)


# --- Execution -------------------------------------------------------------------------------


def _preparable(program: Program) -> None:
    program.require(
        "prepare",
        _("Peserta dan sesi disiapkan setelah program direkomendasikan dan selama berlangsung (status: %(s)s).")
        % {"s": program.get_status_display()},
    )


def _room_for(program: Program, adding: int) -> None:
    taken = program.participants.count()
    if taken + adding > program.participant_count:
        raise ServiceError(
            _("Jumlah peserta yang direkomendasikan %(max)d; sudah %(taken)d, ditambah %(adding)d.")
            % {"max": program.participant_count, "taken": taken, "adding": adding}
        )


@transaction.atomic
def participants_add(*, actor: User, program: Program, nips: Iterable[str]) -> list[Participant]:
    """Participants from the unit's own employees, by NIP; every bad line is named and nothing is
    added unless all are good."""
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _preparable(program)
    chosen = employees_from_nip_lines(
        nips,
        within=Q(unit__path__startswith=program.unit.path) & employee_scope(actor),
        already=set(program.participants.values_list("employee__nip", flat=True)),
        outside=_("bukan pegawai %(unit)s") % {"unit": program.unit.name},
    )
    _room_for(program, len(chosen))
    return [
        Participant.objects.create(program=program, employee=employee, source=ParticipantSource.UNIT)
        for employee in chosen
    ]


@transaction.atomic
def participants_from_round(*, actor: User, program: Program, selection_round: SelectionRound) -> list[Participant]:
    """The candidates a selection round decided to send (ditetapkan sebagai peserta). Each must be
    within the actor's scope: an OPD's operator cannot pull another unit's employees into its program."""
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _preparable(program)
    already = set(program.participants.values_list("employee_id", flat=True))
    chosen = [
        row.candidate.employee
        for row in latest_decisions(selection_round)
        if row.decision == Decision.PARTICIPANT and row.candidate.employee_id not in already
    ]
    if not chosen:
        raise ServiceError(
            _("Tidak ada peserta baru yang ditetapkan dalam %(round)s.") % {"round": selection_round.name}
        )
    require_employees_in_scope(actor, chosen)
    _room_for(program, len(chosen))
    return [
        Participant.objects.create(program=program, employee=employee, source=ParticipantSource.SELECTION)
        for employee in chosen
    ]


@transaction.atomic
def participant_remove(*, actor: User, participant: Participant) -> None:
    require_permission(actor, PROPOSE)
    program = _locked(participant.program, actor)
    _preparable(program)
    if participant.attendance.exists() or participant.result:
        raise ServiceError(_("Peserta yang sudah tercatat kehadiran atau hasilnya tidak dapat dihapus."))
    participant.delete()


@transaction.atomic
def session_add(*, actor: User, program: Program, held_on: dt.date, topic: str) -> Session:
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    _preparable(program)
    if not program.start_date <= held_on <= program.end_date:
        raise ServiceError(
            _("Tanggal sesi %(day)s di luar jadwal program %(start)s s.d. %(end)s.")
            % {
                "day": held_on.strftime("%d-%m-%Y"),
                "start": program.start_date.strftime("%d-%m-%Y"),
                "end": program.end_date.strftime("%d-%m-%Y"),
            }
        )
    number = (program.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = Session(program=program, number=number, held_on=held_on, topic=topic)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def program_start(*, actor: User, program: Program, today: dt.date | None = None) -> Program:
    """Execution begins only once the head of BKPSDM has signed the program decree (Pasal 58 angka 2);
    the quarterly supervisions are scheduled for the program's whole period."""
    require_permission(actor, PROPOSE)
    today = today or timezone.localdate()
    program = _locked(program, actor)
    if decree_of(program) is None:
        raise ServiceError(_("Program belum dapat dilaksanakan: Keputusan Program belum ditandatangani Kepala Badan."))
    if today < program.start_date:
        raise ServiceError(
            _("Program dijadwalkan mulai %(start)s.") % {"start": program.start_date.strftime("%d-%m-%Y")}
        )
    if not program.participants.exists():
        raise ServiceError(_("Tetapkan dahulu peserta program."))
    _move(program, actor=actor, to=ProgramStatus.RUNNING)
    for period in analysis.periods_between(program.start_date, program.end_date, policy().supervision_months):
        Supervision.objects.get_or_create(
            program=program, year=period.year, quarter=period.number, defaults={"due_on": period.last_day}
        )
    return program


@transaction.atomic
def attendance_record(*, actor: User, session: Session, presence: Mapping[int, str]) -> int:
    """The presence of every participant at one session (participant id -> presence)."""
    require_permission(actor, PROPOSE)
    program = _locked(session.program, actor)
    program.require("record_attendance", _("Kehadiran dicatat selama program berlangsung."))
    participants = {p.pk: p for p in program.participants.all()}
    unknown = sorted(set(presence) - set(participants))
    if unknown:
        raise ServiceError(_("Peserta %(ids)s bukan peserta program ini.") % {"ids": unknown})
    for participant_id, value in presence.items():
        if value not in Presence.values:
            raise ServiceError(_("Kehadiran '%(value)s' tidak dikenal.") % {"value": value})
        Attendance.objects.update_or_create(
            session=session,
            participant=participants[participant_id],
            defaults={"presence": value, "recorded_by": actor},
        )
    return len(presence)


@transaction.atomic
def results_record(*, actor: User, program: Program, results: Mapping[int, tuple[str, Decimal | None]]) -> int:
    """Passed / not passed and the score of each participant (participant id -> (result, score))."""
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    program.require("record_results", _("Hasil dicatat selama program berlangsung, sebelum ditutup."))
    participants = {p.pk: p for p in program.participants.select_related("employee")}
    for participant_id, (result, score) in results.items():
        participant = participants.get(participant_id)
        if participant is None:
            raise ServiceError(_("Peserta %(id)s bukan peserta program ini.") % {"id": participant_id})
        if result and result not in Result.values:
            raise ServiceError(_("Hasil '%(value)s' tidak dikenal.") % {"value": result})
        participant.result, participant.score = result, score
        participant.full_clean()
        participant.save(update_fields=["result", "score", "updated_at"])
    return len(results)


@transaction.atomic
def program_finish(*, actor: User, program: Program, today: dt.date | None = None) -> Program:
    """Close the program: every participant has a result, and each who passed gets the training in
    their history with the program's JP, so it counts towards their yearly JP."""
    require_permission(actor, PROPOSE)
    today = today or timezone.localdate()
    program = _locked(program, actor)
    if today < program.end_date:
        raise ServiceError(_("Program baru berakhir pada %(end)s.") % {"end": program.end_date.strftime("%d-%m-%Y")})
    participants = list(program.participants.select_related("employee"))
    pending = [p.employee.full_name for p in participants if not p.result]
    if pending:
        raise ServiceError(_("Hasil belum dicatat untuk: %(names)s.") % {"names": ", ".join(pending)})
    _move(program, actor=actor, to=ProgramStatus.FINISHED)
    for participant in participants:
        if participant.result == Result.PASSED and participant.training_record_id is None:
            participant.training_record = history_add(
                actor=actor,
                row=TrainingRecord(
                    employee=participant.employee,
                    name=program.title,
                    kind=program.kind,
                    organiser=program.unit.name,
                    start_date=program.start_date,
                    end_date=program.end_date,
                    jp_hours=program.jp,
                ),
            )
            participant.save(update_fields=["training_record", "updated_at"])
    return program


# --- Supervision and reports -----------------------------------------------------------------


@transaction.atomic
def supervision_record(
    *, actor: User, supervision: Supervision, carried_out_on: dt.date, findings: str, follow_up: str, reason: str = ""
) -> Supervision:
    require_permission(actor, REVIEW)
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if not findings.strip():
        raise ServiceError(_("Tuliskan temuan supervisi."))
    if supervision.carried_out_on is not None and not reason.strip():
        raise ServiceError(_("Supervisi ini sudah dicatat: tuliskan alasan koreksinya."))
    change_reason = correction_reason(reason) if supervision.carried_out_on is not None else None
    keep_first_version(supervision)
    supervision.carried_out_on, supervision.findings, supervision.follow_up = carried_out_on, findings, follow_up
    supervision.recorded_by = actor
    supervision.full_clean()
    supervision._change_reason = change_reason  # type: ignore[attr-defined]  # kept in its history
    supervision.save()
    return supervision


@transaction.atomic
def supervision_clear(*, actor: User, supervision: Supervision, reason: str) -> Supervision:
    """Take back a supervision recorded by mistake (the wrong quarter): the quarter is again not yet
    supervised; the history keeps what was recorded and why it was taken back."""
    require_permission(actor, REVIEW)
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if supervision.carried_out_on is None:
        raise ServiceError(_("Supervisi ini belum dicatat."))
    change_reason = correction_reason(reason)
    keep_first_version(supervision)
    supervision.carried_out_on, supervision.findings, supervision.follow_up = None, "", ""
    supervision.recorded_by = actor
    supervision._change_reason = change_reason  # type: ignore[attr-defined]
    supervision.save()
    return supervision


@transaction.atomic
def report_submit(*, actor: User, program: Program, summary: str, actual_cost: Decimal) -> ActivityReport:
    """The unit's report of the activity to BKPSDM (Pasal 58 angka 5)."""
    require_permission(actor, PROPOSE)
    program = _locked(program, actor)
    program.require("report", _("Laporan kegiatan dikirim setelah program ditutup."))
    report = ActivityReport.objects.filter(program=program).first() or ActivityReport(program=program)
    report.summary, report.actual_cost, report.submitted_by = summary, actual_cost, actor
    report.full_clean()
    report.save()
    _move(program, actor=actor, to=ProgramStatus.REPORTED)
    return report


@transaction.atomic
def report_return(*, actor: User, program: Program, note: str) -> Program:
    require_permission(actor, REVIEW)
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang harus diperbaiki dalam laporan."))
    program = _locked(program, actor)
    _move(program, actor=actor, to=ProgramStatus.FINISHED, note=note)
    return program


# --- Certificates ----------------------------------------------------------------------------


@transaction.atomic
def certificates_issue(*, actor: User, program: Program, kind: str) -> list[Certificate]:
    """Number and sign one kind of certificate for every participant who passed and has none yet.
    Numbers come from the kind's sequence of the year under a row lock (never a duplicate, even when
    two officials issue at once); an STTP's number is written into the participant's training record."""
    require_permission(actor, ISSUE)
    program = _locked(program, actor)
    program.require(
        "issue_certificates", _("Sertifikat diterbitkan setelah program ditutup dan hasil peserta ditetapkan.")
    )
    if kind not in CertificateKind.values:
        raise ServiceError(_("Jenis sertifikat '%(kind)s' tidak dikenal.") % {"kind": kind})
    unscored = program.participants.filter(score__isnull=True, result=Result.PASSED)
    if kind == CertificateKind.TRANSCRIPT and unscored.exists():
        raise ServiceError(_("Transkrip nilai memerlukan nilai setiap peserta yang lulus."))
    document_kind = CERTIFICATE_DOCUMENTS[kind]
    template = current_template(kind_for(document_kind))
    participants = list(
        program.participants.filter(result=Result.PASSED)
        .exclude(certificates__kind=kind)
        .select_related("employee", "training_record")
        .order_by("employee__name", "id")
    )
    if not participants:
        raise ServiceError(
            _("Semua peserta yang lulus sudah memiliki %(kind)s.") % {"kind": CertificateKind(kind).label}
        )
    now = timezone.now()
    day = timezone.localdate(now)
    signer = actor.get_full_name() or actor.get_username()
    issued = []
    for participant in participants:
        sequence, number = number_take(document_kind, day, template.number_format)
        if Certificate.objects.filter(number=number).exists():
            raise ServiceError(
                _(
                    "Nomor %(number)s sudah dipakai sertifikat lain: periksa format dan nomor terakhir %(kind)s "
                    "tahun %(year)s."
                )
                % {"number": number, "kind": CertificateKind(kind).label, "year": day.year}
            )
        certificate = Certificate(
            participant=participant, kind=kind, number=number, year=day.year, sequence=sequence,
            code=verification_code(), template=template, signer_name=signer, issued_by=actor, issued_at=now,
        )  # fmt: skip
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            raise ServiceError(
                _("Nomor urut %(sequence)d %(kind)s tahun %(year)s sudah dipakai: periksa nomor terakhirnya.")
                % {"sequence": sequence, "kind": CertificateKind(kind).label, "year": day.year}
            ) from None
        record = participant.training_record
        if kind == CertificateKind.STTP and record is not None and not record.certificate_number:
            record.certificate_number = number
            record.save(update_fields=["certificate_number", "updated_at"])
        issued.append(certificate)
    return issued


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """A certificate issued in error stays on record, marked revoked; the verification page says so."""
    require_permission(actor, ISSUE)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan pencabutan."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ServiceError(_("Sertifikat itu sudah dicabut."))
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason.strip()
    certificate.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    record = certificate.participant.training_record
    if certificate.kind == CertificateKind.STTP and record is not None:
        # The STTP proves the training: without it the training no longer counts.
        training_record_withdraw(
            record=record,
            reason=_("STTP %(number)s dicabut: %(reason)s") % {"number": certificate.number, "reason": reason.strip()},
        )
    return certificate


def _certificates_numbered(kind: str, year: int) -> int:
    """How far a certificate sequence went (the sequences are shared with the document engine)."""
    certificate_kinds = [k for k, code in CERTIFICATE_DOCUMENTS.items() if code == kind]
    if not certificate_kinds:
        return 0
    found = Certificate.objects.filter(kind=certificate_kinds[0], year=year).aggregate(m=Max("sequence"))["m"]
    return found or 0


NUMBERS_USED.append(_certificates_numbered)
