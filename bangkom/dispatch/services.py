"""Every write on a dispatch. Graduation results become training records in each participant's
history (lulus only: a failed attempt is not the training the next round's inventory looks for)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.errors import ServiceError
from bangkom.core.services import history_by
from bangkom.core.state_machine import status_move, status_start, transition_check
from bangkom.desk.services import request_attach, request_cancel, request_follow, request_start, service_standard
from bangkom.documents.models import Document, DocumentStatus
from bangkom.documents.selectors import documents_of
from bangkom.documents.services import document_generate
from bangkom.people.models import StructuralTrainingLevel, TrainingKind, TrainingRecord
from bangkom.people.services import history_add
from bangkom.selection.leadership import LEADERSHIP_TRAINING
from bangkom.selection.models import Decision, RoundStatus, SelectionRound
from bangkom.selection.selectors import latest_decisions

from .models import (
    DISPATCH_TRANSITIONS,
    PROPOSAL_SIGNED_STEPS,
    SERVICE_CODE,
    SERVICE_DONE,
    STEPS_DONE,
    Dispatch,
    DispatchStatus,
    MonitoringNote,
    Participant,
    Result,
)
from .selectors import ASSIGNMENT_KIND, PROPOSAL_KIND, assignment_documents, participants

STRUCTURAL_TRAINING_KIND = 1
EDITABLE_FIELDS = {
    "agreement_number", "agreement_date", "start_date", "end_date", "jp_hours", "evaluation", "problems",
    "institution", "institution_address", "accreditation", "training_name",
}  # fmt: skip  # SIASN jenisDiklat 1: Diklat Struktural

MANAGE = "dispatch.manage_dispatch"


@transaction.atomic
def dispatch_open(
    *, actor: User, selection_round: SelectionRound, institution: str, accreditation: str, training_name: str,
    requested_on: dt.date, institution_address: str = "", start_date: dt.date | None = None,
    end_date: dt.date | None = None, jp_hours: int | None = None,
) -> Dispatch:  # fmt: skip
    """Open the dispatch of a closed round with the participants its TSPDI decided on, on a request for
    the Bekasi service standard: due 22 working days after the request, steps 1–2 (the round) done."""
    require_permission(actor, MANAGE)
    if selection_round.status != RoundStatus.CLOSED:
        raise ServiceError(_("Pengiriman dibuka setelah seleksi ditutup."))
    if Dispatch.objects.filter(round=selection_round).exists():
        raise ServiceError(_("Seleksi ini sudah mempunyai pengiriman peserta."))
    chosen = [row.candidate for row in latest_decisions(selection_round) if row.decision == Decision.PARTICIPANT]
    if not chosen:
        raise ServiceError(_("Belum ada calon yang ditetapkan sebagai peserta dalam sidang TSPDI."))
    request = request_start(
        actor=actor,
        service=service_standard(SERVICE_CODE),
        title=training_name,
        applicant=institution,
        received_on=requested_on,
    )
    dispatch = Dispatch(
        round=selection_round, institution=institution, institution_address=institution_address,
        accreditation=accreditation, training_name=training_name, start_date=start_date, end_date=end_date,
        jp_hours=jp_hours, requested_on=requested_on, request=request, created_by=actor,
    )  # fmt: skip
    dispatch.full_clean()
    dispatch.save()
    request_attach(request, dispatch)
    Participant.objects.bulk_create([Participant(dispatch=dispatch, candidate=c) for c in chosen])
    status_start(dispatch, history=dispatch.status_changes, actor=actor)
    request_sync(actor=actor, dispatch=dispatch, note=_("Seleksi %(round)s") % {"round": selection_round.name})
    return dispatch


def request_sync(*, actor: User, dispatch: Dispatch, note: str = "", proposal_signed: bool = False) -> None:
    """Bring the dispatch's request up to the steps its status shows done (and step 3 when the
    proposal letter has just been signed). It checks no permission of its own: it only follows a
    write that did (a move of the dispatch, or the signing of its letter by the signing service)."""
    if dispatch.status == DispatchStatus.CANCELLED:
        dispatch.request = request_cancel(actor=actor, request=dispatch.request, reason=note)
        return
    done = max(STEPS_DONE[dispatch.status], PROPOSAL_SIGNED_STEPS if proposal_signed else 0)
    dispatch.request = request_follow(
        actor=actor, request=dispatch.request, steps_done=done, note=note, delivered=dispatch.status in SERVICE_DONE
    )


@transaction.atomic
def dispatch_update(*, actor: User, dispatch: Dispatch, **fields: object) -> Dispatch:
    """Agreement, schedule, evaluation and problems, as they become known."""
    require_permission(actor, MANAGE)
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)  # never save a stale status back
    dispatch.require("edit", _("Pengiriman ini sudah selesai; datanya tidak dapat diubah."))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("Data %(names)s tidak dapat diubah di sini.") % {"names": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(dispatch, name, value)
    dispatch.full_clean()
    history_by(dispatch, actor)
    dispatch.save(update_fields=[*fields, "updated_at"])
    return dispatch


def _missing_for(dispatch: Dispatch, to: str) -> list[str]:
    """What a step needs before the dispatch may move to it (Bekasi steps 5–9)."""
    missing = []
    if to == DispatchStatus.AGREED:
        # Bekasi steps 3-5: the agreement follows the proposal letter the head signed.
        if not documents_of(dispatch).filter(kind=PROPOSAL_KIND, status=DocumentStatus.SIGNED).exists():
            missing.append(_("surat usulan peserta yang sudah ditandatangani"))
        if not (dispatch.agreement_number and dispatch.agreement_date):
            missing.append(_("nomor dan tanggal perjanjian kerja sama"))
    if to == DispatchStatus.RUNNING:
        if not (dispatch.start_date and dispatch.end_date and dispatch.jp_hours):
            missing.append(_("tanggal mulai, tanggal selesai dan JP pelatihan"))
        # Participants are sent with their Surat Perintah Tugas signed, not with drafts.
        people = list(participants(dispatch))
        signed = {d.subject_id for d in assignment_documents(people) if d.status == DocumentStatus.SIGNED}
        missing += [
            _("SPT %(name)s yang sudah ditandatangani") % {"name": person.candidate.employee.full_name}
            for person in people
            if person.pk not in signed
        ]
    if to == DispatchStatus.RESULTS:
        for participant in dispatch.participants.select_related("candidate__employee"):
            if not participant.result:
                missing.append(_("hasil %(name)s") % {"name": participant.candidate.employee.full_name})
    if to == DispatchStatus.EVALUATED and not dispatch.evaluation.strip():
        missing.append(_("evaluasi pelaksanaan"))
    return missing


@transaction.atomic
def dispatch_move(*, actor: User, dispatch: Dispatch, to: str, note: str = "") -> Dispatch:
    require_permission(actor, MANAGE)
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    transition_check(dispatch.status, to, DISPATCH_TRANSITIONS, DispatchStatus)  # before asking for the step's data
    missing = _missing_for(dispatch, to)
    if missing:
        raise ServiceError(_("Lengkapi dahulu: %(items)s.") % {"items": ", ".join(missing)})
    if to == DispatchStatus.CANCELLED and not note.strip():
        raise ServiceError(_("Alasan pembatalan wajib diisi."))
    status_move(
        dispatch,
        to=to,
        transitions=DISPATCH_TRANSITIONS,
        history=dispatch.status_changes,
        actor=actor,
        note=note,
        labels=DispatchStatus,
    )
    if to == DispatchStatus.RESULTS:
        _record_training(dispatch, actor)
    dispatch.save()
    request_sync(actor=actor, dispatch=dispatch, note=note or str(DispatchStatus(to).label))
    return dispatch


def _record_training(dispatch: Dispatch, actor: User) -> None:
    if dispatch.start_date is None or dispatch.end_date is None or not dispatch.jp_hours:
        raise ServiceError(_("Isi tanggal mulai, tanggal selesai dan JP pelatihan sebelum mencatat kelulusan."))
    kind = TrainingKind.objects.get(pk=STRUCTURAL_TRAINING_KIND)
    level = StructuralTrainingLevel.objects.get(pk=LEADERSHIP_TRAINING[dispatch.round.level])
    for participant in dispatch.participants.select_related("candidate__employee"):
        if participant.result != Result.PASSED or participant.training_record_id:
            continue
        record = history_add(
            actor=actor,
            row=TrainingRecord(
                employee=participant.candidate.employee,
                name=dispatch.training_name,
                kind=kind,
                structural_level=level,
                organiser=dispatch.institution,
                start_date=dispatch.start_date,
                end_date=dispatch.end_date,
                jp_hours=dispatch.jp_hours,
                certificate_number=participant.certificate_number,
            ),
        )
        participant.training_record = record
        participant.save(update_fields=["training_record", "updated_at"])


@transaction.atomic
def result_record(
    *, actor: User, participant: Participant, result: str, certificate_number: str = "", note: str = ""
) -> Participant:
    require_permission(actor, MANAGE)
    participant.dispatch.require(
        "follow", _("Hasil kelulusan dicatat saat pelatihan berjalan, sebelum hasil ditetapkan diterima.")
    )
    if result == Result.PASSED and not certificate_number.strip():
        raise ValidationError(
            {
                "certificate_number": _("Nomor sertifikat wajib diisi untuk peserta yang lulus (%(name)s).")
                % {"name": participant.candidate.employee.full_name}
            }
        )
    participant.result, participant.certificate_number, participant.result_note = result, certificate_number, note
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def monitoring_add(*, actor: User, dispatch: Dispatch, noted_on: dt.date, note: str) -> MonitoringNote:
    require_permission(actor, MANAGE)
    dispatch.require("follow", _("Monitoring dicatat selama pelatihan berjalan."))
    row = MonitoringNote(dispatch=dispatch, noted_on=noted_on, note=note, noted_by=actor)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def assignments_draft(*, actor: User, dispatch: Dispatch) -> list[Document]:
    """A Surat Perintah Tugas for every participant who has none yet: all of them, or none."""
    require_permission(actor, MANAGE)
    people = list(participants(dispatch))
    have = {document.subject_id for document in assignment_documents(people)}
    return [
        document_generate(actor=actor, kind=ASSIGNMENT_KIND, subject=person, permission=MANAGE)
        for person in people
        if person.pk not in have
    ]
