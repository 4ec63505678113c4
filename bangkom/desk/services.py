"""Every write of the service desk: the catalogue from its data files, requests on the clock, the JPT
Pratama job-target assessment (whose 16 internal steps advance as the work is done) and complaints."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.roles import ROLES
from bangkom.accounts.scope import employee_scope, require_permission, role_codes
from bangkom.accounts.selectors import permission_holders, users_responsible_for
from bangkom.core.calendar import due_after
from bangkom.core.codes import readable_code
from bangkom.core.errors import ServiceError
from bangkom.core.selectors import working_calendar
from bangkom.core.state_machine import status_move, status_start
from bangkom.core.uploads import DOCUMENT_TYPES, DOCX
from bangkom.documents.models import Document, DocumentStatus
from bangkom.documents.selectors import initials
from bangkom.documents.services import document_generate
from bangkom.notifications.services import notify
from bangkom.people.models import DocumentKind, EmployeeDocument, Unit
from bangkom.people.selectors import employees_from_nip_lines
from bangkom.people.services import document_add
from bangkom.rules.dates import add_months
from bangkom.workflow.models import Disposition
from bangkom.workflow.services import dispositions_carried_out

from .models import (
    ASSESSMENT_TRANSITIONS,
    COMPLAINT_TRANSITIONS,
    REQUEST_TRANSITIONS,
    AssessmentStatus,
    Complaint,
    ComplaintStatus,
    JobTargetAssessment,
    PaperStatus,
    Participant,
    ParticipantPaper,
    RequestStatus,
    Service,
    ServiceRequest,
)
from .policy import Gate, assessment_policy, catalogue_files, complaint_policy
from .selectors import MANAGE_REQUESTS, OFFICE_ROLE_CODES

RUN_ASSESSMENT = "services.run_assessment"
HANDLE_COMPLAINTS = "services.handle_complaints"
ANSWER_COMPLAINT = "services.answer_complaint"
ROLE_NAMES = {role.code: role.name for role in ROLES}


NOTE_MAX = 1000


def _today() -> dt.date:
    return timezone.localdate()


# --- The catalogue -------------------------------------------------------------------------------


@transaction.atomic
def catalogue_load() -> int:
    """Add the shipped services the agency does not have yet; a service already there keeps the
    agency's own edits. Returns how many were added."""
    added = 0
    for data in catalogue_files():
        if Service.objects.filter(code=data["code"]).exists():
            continue
        completion = data["completion"]
        service = Service(
            code=data["code"], name=data["name"], provider=data["provider"], legal_basis=data["legal_basis"],
            requirements=data["requirements"], steps=data["steps"], completion_amount=completion["amount"],
            completion_unit=completion["unit"], completion_text=completion["text"],
            completion_notes=data.get("completion_notes", []), cost=data["cost"], products=data["products"],
            complaint_channels=data["complaints"], warn_days=data.get("warn_days", 2),
        )  # fmt: skip
        try:
            service.full_clean()
        except ValidationError as error:
            raise ServiceError(f"{data['file']}: {'; '.join(error.messages)}") from None
        service.save()
        added += 1
    return added


# --- Requests on the clock ------------------------------------------------------------------------


@transaction.atomic
def request_open(
    *, actor: User, service: Service, title: str, received_on: dt.date, applicant: str = "", unit: Unit | None = None
) -> ServiceRequest:
    """A request received at the desk on `received_on`."""
    require_permission(actor, MANAGE_REQUESTS)
    return request_start(
        actor=actor, service=service, title=title, received_on=received_on, applicant=applicant, unit=unit
    )


def service_standard(code: str) -> Service:
    """The catalogue's service a flow delivers (the JPT assessment, a dispatch)."""
    service = Service.objects.filter(code=code).first()
    if service is None:
        raise ServiceError(
            _("Standar layanan %(code)s belum dimuat; jalankan manage.py load_services.") % {"code": code}
        )
    return service


def request_start(
    *, actor: User, service: Service, title: str, received_on: dt.date, applicant: str = "", unit: Unit | None = None
) -> ServiceRequest:
    """Start a request on the service's clock: its due date is fixed now, on the calendar as it is. The
    caller has checked who may start it (the desk, or the flow that delivers the service)."""
    if not service.active:
        raise ServiceError(_("Layanan %(name)s tidak aktif.") % {"name": service.name})
    if service.completion_amount is None:
        raise ServiceError(
            _("Waktu penyelesaian layanan %(name)s belum ditetapkan; lengkapi standar layanannya lebih dulu.")
            % {"name": service.name}
        )
    request = ServiceRequest(
        service=service,
        title=title.strip(),
        applicant=applicant.strip(),
        unit=unit,
        received_on=received_on,
        due_on=due_after(working_calendar(), received_on, service.completion_amount, service.completion_unit),
        steps=list(service.steps),
        step_started_at=timezone.now(),
        created_by=actor,
    )
    request.full_clean()
    request.save()
    status_start(request, history=request.status_changes, actor=actor, note=_("Permohonan diterima"))
    return request


def _locked_request(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _request_move(request: ServiceRequest, *, actor: User, to: str, note: str, step: int | None = None) -> None:
    row = status_move(
        request,
        to=to,
        transitions=REQUEST_TRANSITIONS,
        history=request.status_changes,
        actor=actor,
        note=note,
        labels=RequestStatus,
    )
    if step is not None:
        row.step = step  # type: ignore[attr-defined]  # a RequestStatusChange: the request's history
        row.save(update_fields=["step"])


def _advance(request: ServiceRequest, *, actor: User, note: str, finish: bool) -> None:
    """Record the current step done; after the last one the request is finished (when `finish`)."""
    done = request.current_step
    if done is None:
        raise ServiceError(_("Semua langkah permohonan ini sudah selesai."))
    text = _("Langkah %(n)d selesai: %(text)s") % {"n": request.step, "text": done["text"]}
    line = f"{text}. {note}".strip()
    line = line if len(line) <= NOTE_MAX else line[: NOTE_MAX - 1] + "…"  # a history note holds 1,000 characters
    _request_move(request, actor=actor, to=RequestStatus.IN_PROGRESS, note=line, step=request.step)
    request.step += 1
    request.step_started_at = timezone.now()
    fields = ["step", "step_started_at", "status", "updated_at"]
    if finish and request.current_step is None:
        _request_move(request, actor=actor, to=RequestStatus.DONE, note=_("Seluruh langkah selesai"))
        request.finished_on = request.finished_on or _today()
        fields.append("finished_on")
    request.save(update_fields=fields)
    _tell_next_step(request, actor)


def _tell_next_step(request: ServiceRequest, actor: User) -> None:
    """The holders of the next step's role hear that the request waits on them; a step of a party
    outside the agency's offices is recorded by the staff who manage requests."""
    step = request.current_step
    if step is None or not request.may_do("work") or request.subject_type_id is not None:
        return
    holders = (
        User.objects.filter(is_active=True, groups__name=step["role"])
        if step["role"] in OFFICE_ROLE_CODES
        else permission_holders(MANAGE_REQUESTS)
    )
    notify(
        recipients=[user for user in holders if user.pk != actor.pk],
        message=gettext_lazy("Permohonan %(title)s menunggu langkah %(n)d: %(text)s."),
        params={"title": request.title, "n": request.step, "text": step["text"]},
        link=reverse("desk:request", args=[request.pk]),
    )


def may_do_step(actor: User, request: ServiceRequest) -> bool:
    """The holder of the step's role does it; steps of parties outside the agency's offices (a unit's
    operator, the TSPDI) are recorded by the staff who manage requests."""
    step = request.current_step
    if step is None or not request.may_do("work") or request.subject_type_id is not None:
        return False
    if step["role"] in role_codes(actor):
        return True
    return step["role"] not in OFFICE_ROLE_CODES and actor.has_perm(MANAGE_REQUESTS)


@transaction.atomic
def request_step_done(*, actor: User, request: ServiceRequest, note: str = "") -> ServiceRequest:
    request = _locked_request(request)
    if request.subject_type_id is not None:
        raise ServiceError(_("Langkah permohonan ini berjalan dari kegiatannya sendiri."))
    request.require("work", _("Permohonan ini sudah %(status)s.") % {"status": request.get_status_display()})
    if not may_do_step(actor, request):
        role = request.current_step["role"] if request.current_step else ""
        raise ServiceError(
            _("Langkah %(n)d dikerjakan oleh %(role)s.") % {"n": request.step, "role": ROLE_NAMES.get(role, role)}
        )
    _advance(request, actor=actor, note=note.strip(), finish=True)
    return request


def _request_end(request: ServiceRequest, *, actor: User, to: str, reason: str) -> ServiceRequest:
    request = _locked_request(request)
    _request_move(request, actor=actor, to=to, note=reason.strip())
    request.finished_on = request.finished_on or _today()
    request.save(update_fields=["status", "finished_on", "updated_at"])
    return request


@transaction.atomic
def request_reject(*, actor: User, request: ServiceRequest, reason: str) -> ServiceRequest:
    require_permission(actor, MANAGE_REQUESTS)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan permohonan ditolak."))
    if request.subject_type_id is not None:
        raise ServiceError(_("Permohonan ini berjalan dari kegiatannya sendiri; batalkan kegiatannya bila perlu."))
    return _request_end(request, actor=actor, to=RequestStatus.REJECTED, reason=reason)


# --- Requests that run from their subject's own flow (the assessment, a dispatch) -------------------


def request_attach(request: ServiceRequest, subject: models.Model) -> None:
    """Tie a request to the activity whose own steps move it; its steps are then not ticked off by hand."""
    request.subject_type, request.subject_id = ContentType.objects.get_for_model(subject), subject.pk
    request.save(update_fields=["subject_type", "subject_id", "updated_at"])


@transaction.atomic
def request_follow(
    *, actor: User, request: ServiceRequest, steps_done: int, note: str = "", delivered: bool = False
) -> ServiceRequest:
    """Bring a request up to its subject's progress: every step up to `steps_done` is recorded done (a
    history row each). `delivered`: the service's product is out, so the clock stops today even if
    follow-up steps remain; after the last step the request is done. Never moves a request back."""
    request = _locked_request(request)
    if not request.may_do("work"):
        return request
    while request.step <= min(steps_done, len(request.steps)):
        _advance(request, actor=actor, note=note.strip(), finish=True)
    if delivered and request.finished_on is None:
        request.finished_on = _today()
        request.save(update_fields=["finished_on", "updated_at"])
    return request


def request_cancel(*, actor: User, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The activity behind a request was cancelled (its own service checked who may do that)."""
    if not request.may_do("work"):
        return request
    return _request_end(request, actor=actor, to=RequestStatus.CANCELLED, reason=reason)


# --- The JPT Pratama job-target assessment ----------------------------------------------------------


def _assessment_service() -> Service:
    policy = assessment_policy()
    service = service_standard(policy.service)
    if len(service.steps) != len(policy.gates):
        raise ServiceError(
            _("Standar layanan %(name)s memuat %(steps)d langkah, sedangkan alur asesmen mengenal %(gates)d.")
            % {"name": service.name, "steps": len(service.steps), "gates": len(policy.gates)}
        )
    return service


@transaction.atomic
def assessment_open(
    *, actor: User, title: str, positions: str, pansel_reference: str, province_agency: str, received_on: dt.date
) -> JobTargetAssessment:
    require_permission(actor, RUN_ASSESSMENT)
    request = request_start(actor=actor, service=_assessment_service(), title=title, received_on=received_on)
    assessment = JobTargetAssessment(
        request=request,
        title=title.strip(),
        positions=positions.strip(),
        pansel_reference=pansel_reference.strip(),
        province_agency=province_agency.strip(),
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    request_attach(request, assessment)
    status_start(assessment, history=assessment.status_changes, actor=actor)
    return assessment


def _locked_assessment(assessment: JobTargetAssessment) -> JobTargetAssessment:
    return JobTargetAssessment.objects.select_for_update().select_related("request").get(pk=assessment.pk)


def _preparing(assessment: JobTargetAssessment) -> None:
    assessment.require("prepare", _("Asesmen ini sudah %(status)s.") % {"status": assessment.get_status_display()})


def _letters(assessment: JobTargetAssessment) -> dict[str, Document]:
    """The newest letter of each kind about the assessment."""
    newest: dict[str, Document] = {}
    documents = Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(assessment), subject_id=assessment.pk
    ).order_by("created_at", "id")
    for document in documents.only("id", "kind", "status", "created_at"):
        newest[document.kind] = document
    return newest


LETTER_REACHED: dict[str, set[str]] = {
    "drafted": set(DocumentStatus.values),
    "checked": {DocumentStatus.CHECKED, DocumentStatus.SIGNED},
    "signed": {DocumentStatus.SIGNED},
}


def gate_passed(assessment: JobTargetAssessment, gate: Gate) -> bool:
    request = assessment.request
    if gate.gate == "disposition":
        return Disposition.objects.filter(
            subject_type=ContentType.objects.get_for_model(assessment),
            subject_id=assessment.pk,
            sender_role=gate.sender,
            to_role=gate.to,
            created_at__gte=request.step_started_at,
        ).exists()
    if gate.gate == "participants":
        return assessment.participants.exists()
    if gate.gate == "note":
        return bool(assessment.coordination_note.strip())
    if gate.gate == "letters":
        letters = _letters(assessment)
        if not all(kind in letters and letters[kind].status in LETTER_REACHED[gate.status] for kind in gate.kinds):
            return False
        return all(
            kind in letters and any(gate.initialled_by in role_codes(row.changed_by) for row in initials(letters[kind]))
            for kind in gate.initialled_kinds
        )
    if gate.gate == "sent":
        return assessment.letter_sent_on is not None
    return assessment.reply_date is not None and assessment.facilitation_starts_on is not None


def assessment_sync(*, actor: User, assessment: JobTargetAssessment) -> int:
    """Advance the internal flow past every step whose work is done; after step 16 the assessment is
    carried out. Returns how many steps were passed. Called after every action on the assessment."""
    assessment = _locked_assessment(assessment)
    request = _locked_request(assessment.request)
    assessment.request = request
    gates = assessment_policy().gates
    passed = 0
    while assessment.status == AssessmentStatus.PREPARING and request.step <= len(gates):
        gate = gates[request.step - 1]
        if not gate_passed(assessment, gate):
            break
        step = request.step
        _advance(request, actor=actor, note="", finish=False)
        passed += 1
        if gate.gate == "disposition":
            # The sender passes the work on: what they had been ordered to do is done.
            note = _("Ditindaklanjuti dalam alur asesmen (langkah %(n)d)") % {"n": step}
            dispositions_carried_out(actor=actor, subject=assessment, to_role=gate.sender, note=note)
        if request.step > len(gates):
            _assessment_move(
                assessment,
                actor=actor,
                to=AssessmentStatus.RUNNING,
                note=_("Seluruh surat ditandatangani; asesmen dilaksanakan"),
            )
            assessment.save(update_fields=["status", "updated_at"])
            dispositions_carried_out(
                actor=actor,
                subject=assessment,
                to_role=None,
                note=_("Seluruh surat ditandatangani; asesmen dilaksanakan"),
            )
    return passed


def _assessment_move(assessment: JobTargetAssessment, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        assessment,
        to=to,
        transitions=ASSESSMENT_TRANSITIONS,
        history=assessment.status_changes,
        actor=actor,
        note=note,
        labels=AssessmentStatus,
    )


def _at_step(assessment: JobTargetAssessment, step: int, what: str) -> None:
    if assessment.request.step < step:
        raise ServiceError(
            _("%(what)s baru dapat dilakukan pada langkah %(step)d; alur sekarang di langkah %(now)d.")
            % {"what": what, "step": step, "now": assessment.request.step}
        )


def _papers_for(participant: Participant) -> None:
    """A paper row for every required kind, linked to the newest registry document of that kind."""
    newest = dict(
        EmployeeDocument.objects.filter(employee=participant.employee, kind__in=assessment_policy().papers)
        .order_by("created_at", "id")
        .values_list("kind", "id")
    )
    for kind in assessment_policy().papers:
        document_id = newest.get(kind)
        ParticipantPaper.objects.create(
            participant=participant,
            kind=kind,
            document_id=document_id,
            status=PaperStatus.PENDING if document_id else PaperStatus.MISSING,
        )


@transaction.atomic
def participants_add(*, actor: User, assessment: JobTargetAssessment, nips: Iterable[str]) -> list[Participant]:
    """Those the selection committee (Pansel) passed at the administrative stage, by NIP."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(assessment)
    _preparing(assessment)
    employees = employees_from_nip_lines(
        nips,
        within=employee_scope(actor),
        already=set(assessment.participants.values_list("employee__nip", flat=True)),
        outside=_("tidak ada dalam data pegawai yang dapat Anda proses"),
    )
    participants = []
    for employee in employees:
        participant = Participant.objects.create(assessment=assessment, employee=employee)
        _papers_for(participant)
        participants.append(participant)
    assessment_sync(actor=actor, assessment=assessment)
    notify(
        recipients=User.objects.filter(employee__in=[p.employee for p in participants]),
        message=gettext_lazy("Anda peserta %(title)s: unggah dokumen persyaratan asesmen Anda."),
        params={"title": assessment.title},
        link=reverse("desk:my-assessments"),
    )
    return participants


@transaction.atomic
def participant_remove(*, actor: User, participant: Participant) -> None:
    require_permission(actor, RUN_ASSESSMENT)
    _preparing(_locked_assessment(participant.assessment))
    participant.delete()


def _own_or_staff(actor: User, participant: Participant) -> None:
    if participant.employee_id != actor.employee_id and not actor.has_perm(RUN_ASSESSMENT):
        raise ServiceError(_("Dokumen peserta diunggah oleh peserta sendiri atau petugas."))


@transaction.atomic
def paper_upload(*, actor: User, paper: ParticipantPaper, upload: UploadedFile) -> ParticipantPaper:
    """The participant's document, kept in their registry; the portfolio may be Word or PDF, the
    others PDF (photos also JPG/PNG). A new upload must be verified again."""
    paper = ParticipantPaper.objects.select_for_update().select_related("participant__employee").get(pk=paper.pk)
    _own_or_staff(actor, paper.participant)
    if paper.participant.assessment.status == AssessmentStatus.DONE:
        raise ServiceError(_("Asesmen ini sudah selesai."))
    allowed = (*DOCUMENT_TYPES, DOCX) if paper.kind == DocumentKind.PORTFOLIO else DOCUMENT_TYPES
    paper.document = document_add(
        actor=actor, employee=paper.participant.employee, kind=paper.kind, upload=upload, allowed=allowed
    )
    paper.verification_clear(PaperStatus.PENDING)
    paper.save(update_fields=["document", "status", "note", "verified_by", "verified_at", "updated_at"])
    return paper


@transaction.atomic
def paper_verify(*, actor: User, paper: ParticipantPaper, valid: bool, note: str = "") -> ParticipantPaper:
    require_permission(actor, RUN_ASSESSMENT)
    paper = ParticipantPaper.objects.select_for_update().get(pk=paper.pk)
    if paper.document_id is None:
        raise ServiceError(_("Dokumen belum diunggah peserta."))
    if not valid and not note.strip():
        raise ServiceError(_("Tuliskan alasan dokumen ditolak."))
    paper.verification_record(actor=actor, status=PaperStatus.VALID if valid else PaperStatus.REJECTED, note=note)
    if not valid:
        notify(
            recipients=User.objects.filter(employee_id=paper.participant.employee_id),
            message=gettext_lazy("Dokumen %(kind)s untuk %(title)s ditolak: %(note)s. Unggah yang benar."),
            params={"kind": paper.get_kind_display(), "title": paper.participant.assessment.title, "note": note},
            link=reverse("desk:my-assessments"),
        )
    return paper


@transaction.atomic
def siasn_mark_updated(*, actor: User, participant: Participant) -> Participant:
    require_permission(actor, RUN_ASSESSMENT)
    participant.siasn_updated_at, participant.siasn_updated_by = timezone.now(), actor
    participant.save(update_fields=["siasn_updated_at", "siasn_updated_by", "updated_at"])
    return participant


@transaction.atomic
def coordination_record(*, actor: User, assessment: JobTargetAssessment, note: str) -> JobTargetAssessment:
    """Step 3: the head of division's coordination with the provincial BKD."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(assessment)
    _preparing(assessment)
    if not note.strip():
        raise ServiceError(_("Tuliskan hasil koordinasi dengan BKD provinsi."))
    assessment.coordination_note = note.strip()
    assessment.save(update_fields=["coordination_note", "updated_at"])
    assessment_sync(actor=actor, assessment=assessment)
    return assessment


FACILITATION_LETTER = "permohonan_fasilitasi_asesmen"
EXECUTION_LETTERS = ("npknd", "pemanggilan_asesmen", "spt_asesmen", "pengarahan_asesmen")


def papers_unready(assessment: JobTargetAssessment) -> list[str]:
    """Each participant whose papers are not all found valid, or whose SIASN data is not marked up to
    date, with what is missing: nobody is summoned to an assessment on papers nobody checked."""
    required = len(assessment_policy().papers)
    participants = assessment.participants.select_related("employee").annotate(
        valid=Count("papers", filter=Q(papers__status=PaperStatus.VALID))
    )
    unready = []
    for participant in participants.order_by("employee__name"):
        gaps = []
        if participant.valid < required:
            counted = {"valid": participant.valid, "required": required}
            gaps.append(_("%(valid)d dari %(required)d berkas sah") % counted)
        if participant.siasn_updated_at is None:
            gaps.append(_("data SIASN belum dimutakhirkan"))
        if gaps:
            unready.append(f"{participant.employee}: {', '.join(str(g) for g in gaps)}")
    return unready


@transaction.atomic
def letter_draft(*, actor: User, assessment: JobTargetAssessment, kind: str) -> Document:
    """Step 5 (the request for facilitation) or step 14 (NPKND, summons, assignment, briefing)."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(assessment)
    _preparing(assessment)
    if kind == FACILITATION_LETTER:
        _at_step(assessment, 5, _("Surat permohonan fasilitasi"))
    elif kind in EXECUTION_LETTERS:
        _at_step(assessment, 14, _("NPKND dan surat pelaksanaan"))
        unscheduled = [str(p.employee) for p in assessment.participants.select_related("employee") if not p.assessed_on]
        if unscheduled:
            raise ServiceError(
                _("Jadwalkan asesmen setiap peserta lebih dulu: %(names)s.") % {"names": ", ".join(unscheduled)}
            )
        unready = papers_unready(assessment)
        if unready:
            raise ServiceError(
                _("Surat pelaksanaan disusun setelah berkas setiap peserta sah dan data SIASN-nya mutakhir: %(who)s.")
                % {"who": "; ".join(unready)}
            )
    else:
        raise ServiceError(_("Jenis surat %(kind)s bukan surat asesmen.") % {"kind": kind})
    current = _letters(assessment).get(kind)
    if current is not None and current.status != DocumentStatus.RETURNED:
        raise ServiceError(
            _("Surat ini sudah disusun (status %(status)s); perbaiki yang ada bila dikembalikan.")
            % {"status": current.get_status_display()}
        )
    return document_generate(actor=actor, kind=kind, subject=assessment, permission=RUN_ASSESSMENT)


@transaction.atomic
def letter_sent_record(*, actor: User, assessment: JobTargetAssessment, sent_on: dt.date) -> JobTargetAssessment:
    """Step 11: the signed request went to the provincial BKD."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(assessment)
    _preparing(assessment)
    _at_step(assessment, 11, _("Pengiriman surat ke BKD provinsi"))
    assessment.letter_sent_on = sent_on
    assessment.full_clean()
    assessment.save(update_fields=["letter_sent_on", "updated_at"])
    assessment_sync(actor=actor, assessment=assessment)
    return assessment


def inclusive_days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


@transaction.atomic
def reply_record(
    *, actor: User, assessment: JobTargetAssessment, reply_number: str, reply_date: dt.date, reply_note: str,
    facilitation_starts_on: dt.date, facilitation_ends_on: dt.date, venue: str = "",
) -> JobTargetAssessment:  # fmt: skip
    """Step 12: the province's reply with the facilitation period (at least two days, A4)."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(assessment)
    _preparing(assessment)
    _at_step(assessment, 12, _("Pencatatan surat balasan"))
    assessment.reply_number, assessment.reply_date, assessment.reply_note = reply_number.strip(), reply_date, reply_note
    assessment.facilitation_starts_on, assessment.facilitation_ends_on = facilitation_starts_on, facilitation_ends_on
    assessment.venue = venue.strip()
    assessment.full_clean()  # the temporal rules: reply after the letter, facilitation after both, end after start
    minimum = assessment_policy().facilitation_days_min
    if inclusive_days(facilitation_starts_on, facilitation_ends_on) < minimum:
        raise ServiceError(
            _("Fasilitasi asesmen minimal %(days)d hari (%(source)s).")
            % {"days": minimum, "source": assessment_policy().source}
        )
    assessment.save()
    assessment_sync(actor=actor, assessment=assessment)
    return assessment


@transaction.atomic
def schedule_set(*, actor: User, participant: Participant, assessed_on: dt.date, days: int) -> Participant:
    """One participant's assessment days (at least one day, A4), within the facilitation period; the
    individual report is due four months after the last day."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(participant.assessment)
    policy = assessment_policy()
    assessment.require("cancel", _("Asesmen ini sudah %(status)s.") % {"status": assessment.get_status_display()})
    if assessment.facilitation_starts_on is None or assessment.facilitation_ends_on is None:
        raise ServiceError(_("Catat surat balasan BKD provinsi dan masa fasilitasinya lebih dulu."))
    if days < policy.assessment_days_min:
        raise ServiceError(
            _("Asesmen setiap peserta minimal %(days)d hari (%(source)s).")
            % {"days": policy.assessment_days_min, "source": policy.source}
        )
    last_day = assessed_on + dt.timedelta(days=days - 1)
    if assessed_on < assessment.facilitation_starts_on or last_day > assessment.facilitation_ends_on:
        raise ServiceError(
            _("Jadwal %(start)s s.d. %(end)s di luar masa fasilitasi %(fstart)s s.d. %(fend)s.")
            % {
                "start": f"{assessed_on:%d-%m-%Y}",
                "end": f"{last_day:%d-%m-%Y}",
                "fstart": f"{assessment.facilitation_starts_on:%d-%m-%Y}",
                "fend": f"{assessment.facilitation_ends_on:%d-%m-%Y}",
            }
        )
    participant.assessed_on, participant.assessment_days = assessed_on, days
    participant.report_due_on = add_months(last_day, policy.report_months)
    participant.save(update_fields=["assessed_on", "assessment_days", "report_due_on", "updated_at"])
    _clock_from_assessment(assessment)
    return participant


def _clock_from_assessment(assessment: JobTargetAssessment) -> None:
    """The service is due when the last report is (Bangkalan: four months after the assessment is carried
    out), not four months after the head's order: once scheduled, the request's due date follows."""
    latest = assessment.participants.aggregate(latest=Max("report_due_on"))["latest"]
    request = _locked_request(assessment.request)
    if latest is not None and request.due_on != latest:
        request.due_on = latest
        request.full_clean()
        request.save(update_fields=["due_on", "updated_at"])


@transaction.atomic
def result_record(
    *,
    actor: User,
    participant: Participant,
    received_on: dt.date,
    jpm: Decimal,
    category: str,
    recommendation: str,
    upload: UploadedFile,
) -> Participant:
    """The province's individual report (A5): kept in the employee's registry, with the job-person
    match and the category. When every participant has one, the assessment and its request close."""
    require_permission(actor, RUN_ASSESSMENT)
    assessment = _locked_assessment(participant.assessment)
    policy = assessment_policy()
    assessment.require(
        "record_results", _("Hasil dicatat setelah seluruh surat ditandatangani dan asesmen dilaksanakan.")
    )
    if participant.assessed_on is None:
        raise ServiceError(_("Laporan diterima setelah peserta diases."))
    if category not in policy.result_categories:
        raise ServiceError(
            _("Kategori %(value)r tidak dikenal (pilihan: %(choices)s).")
            % {"value": category, "choices": ", ".join(policy.result_categories)}
        )
    participant.report_received_on, participant.jpm, participant.category = received_on, jpm, category
    participant.recommendation = recommendation.strip()
    participant.full_clean(exclude=["report"])  # before the paper is stored: received after the assessment, not ahead
    participant.report = document_add(
        actor=actor, employee=participant.employee, kind=DocumentKind.ASSESSMENT_REPORT, upload=upload
    )
    participant.save()
    if not assessment.participants.filter(report_received_on__isnull=True).exists():
        _assessment_move(assessment, actor=actor, to=AssessmentStatus.DONE, note=_("Hasil seluruh peserta diterima"))
        assessment.save(update_fields=["status", "updated_at"])
        _request_end(
            assessment.request, actor=actor, to=RequestStatus.DONE, reason=_("Hasil asesmen seluruh peserta diterima")
        )
    return participant


@transaction.atomic
def assessment_cancel(*, actor: User, assessment: JobTargetAssessment, reason: str) -> JobTargetAssessment:
    require_permission(actor, RUN_ASSESSMENT)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan asesmen dibatalkan."))
    assessment = _locked_assessment(assessment)
    _assessment_move(assessment, actor=actor, to=AssessmentStatus.CANCELLED, note=reason.strip())
    assessment.save(update_fields=["status", "updated_at"])
    request_cancel(actor=actor, request=assessment.request, reason=reason)
    return assessment


# --- Complaints ------------------------------------------------------------------------------------


def address_hash(address: str) -> str:
    """The sender's address is kept only as a keyed hash, enough to count floods."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _new_code() -> str:
    return "ADU-" + readable_code(8)


def _complaint_create(*, fields: dict[str, Any], actor: User | None, received_on: dt.date) -> Complaint:
    policy = complaint_policy()
    calendar = working_calendar()
    complaint = Complaint(
        **fields,
        received_on=received_on,
        entered_by=actor,
        respond_by=due_after(calendar, received_on, policy.response.amount, policy.response.unit),
        resolve_by=due_after(calendar, received_on, policy.resolution.amount, policy.resolution.unit),
    )
    if complaint.channel not in policy.channels:
        raise ServiceError(_("Saluran %(value)r tidak dikenal.") % {"value": complaint.channel})
    for _attempt in range(5):
        complaint.code = _new_code()
        complaint.full_clean(exclude=["code"])
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:  # the same code drawn twice: draw again
            complaint.pk = None
    status_start(complaint, history=complaint.status_changes, actor=actor or _public_user(), note=complaint.channel)
    _tell_of_complaint(
        complaint,
        permission_holders(HANDLE_COMPLAINTS),
        actor,
        gettext_lazy("Pengaduan baru %(code)s menunggu ditelaah."),
    )
    return complaint


def _tell_of_complaint(complaint: Complaint, recipients: Iterable[User], actor: User | None, message: Any) -> None:
    notify(
        recipients=[user for user in recipients if actor is None or user.pk != actor.pk],
        message=message,
        params={"code": complaint.code},
        link=reverse("desk:complaint", args=[complaint.pk]),
    )


def _public_user() -> User:
    """The history row of a complaint sent from the public form names this system account."""
    user, _created = User.objects.get_or_create(
        username="pengaduan-publik", defaults={"is_active": False, "first_name": "Formulir pengaduan"}
    )
    return user


@transaction.atomic
def complaint_submit(
    *, service: Service | None, name: str, contact: str, subject: str, body: str, address: str,
    form_age_seconds: float, form_nonce: str = "", honeypot: str = "",
) -> Complaint:  # fmt: skip
    """A complaint from the public form. Floods are refused without a captcha: a hidden field only
    robots fill, a form sent faster than a person can type, and counts per address and in all per
    hour (data/complaints.json)."""
    policy = complaint_policy()
    if honeypot.strip() or form_age_seconds < policy.min_seconds_on_form:
        raise ServiceError(_("Pengaduan tidak dapat diterima. Muat ulang formulir, isi, lalu kirim kembali."))
    if form_nonce and Complaint.objects.filter(form_nonce=form_nonce).exists():
        raise ServiceError(_("Formulir ini sudah dikirim. Muat ulang formulir untuk mengirim pengaduan lain."))
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    recent = Complaint.objects.filter(created_at__gte=hour_ago, channel="web")
    source = address_hash(address)
    if recent.filter(source_hash=source).count() >= policy.per_address_per_hour:
        raise ServiceError(
            _(
                "Terlalu banyak pengaduan dari alamat Anda dalam satu jam terakhir. Coba lagi nanti atau hubungi "
                "kami langsung."
            )
        )
    if recent.count() >= policy.all_per_hour:
        raise ServiceError(_("Layanan pengaduan sedang menerima terlalu banyak kiriman. Coba lagi dalam satu jam."))
    fields = {"service": service, "channel": "web", "name": name.strip(), "contact": contact.strip(),
              "subject": subject.strip(), "body": body.strip(), "source_hash": source,
              "form_nonce": form_nonce}  # fmt: skip
    try:
        with transaction.atomic():
            return _complaint_create(fields=fields, actor=None, received_on=_today())
    except IntegrityError:  # the same token sent twice at the same moment: the unique nonce decides
        raise ServiceError(
            _("Formulir ini sudah dikirim. Muat ulang formulir untuk mengirim pengaduan lain.")
        ) from None


@transaction.atomic
def complaint_enter(
    *, actor: User, service: Service | None, channel: str, name: str, contact: str, subject: str, body: str,
    received_on: dt.date,
) -> Complaint:  # fmt: skip
    """A complaint taken at the counter, by phone, mail or letter."""
    require_permission(actor, HANDLE_COMPLAINTS)
    if received_on > _today():
        raise ServiceError(_("Tanggal diterima tidak boleh setelah hari ini."))
    fields = {
        "service": service,
        "channel": channel,
        "name": name.strip(),
        "contact": contact.strip(),
        "subject": subject.strip(),
        "body": body.strip(),
    }
    return _complaint_create(fields=fields, actor=actor, received_on=received_on)


def _locked_complaint(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _complaint_move(complaint: Complaint, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        complaint,
        to=to,
        transitions=COMPLAINT_TRANSITIONS,
        history=complaint.status_changes,
        actor=actor,
        note=note,
        labels=ComplaintStatus,
    )


@transaction.atomic
def complaint_assign(*, actor: User, complaint: Complaint, unit: Unit, note: str = "") -> Complaint:
    require_permission(actor, HANDLE_COMPLAINTS)
    complaint = _locked_complaint(complaint)
    _complaint_move(
        complaint, actor=actor, to=ComplaintStatus.ASSIGNED, note=f"{unit.name}. {note.strip()}".strip(". ").strip()
    )
    complaint.unit = unit
    complaint.save(update_fields=["status", "unit", "updated_at"])
    _tell_of_complaint(
        complaint,
        users_responsible_for(ANSWER_COMPLAINT, unit),
        actor,
        gettext_lazy("Pengaduan %(code)s diteruskan untuk dijawab unit Anda."),
    )
    return complaint


def may_answer(actor: User, complaint: Complaint) -> bool:
    if complaint.status != ComplaintStatus.ASSIGNED or complaint.unit is None:
        return False
    if actor.has_perm(HANDLE_COMPLAINTS):
        return True
    return bool(
        actor.has_perm(ANSWER_COMPLAINT) and actor.unit is not None and complaint.unit.path.startswith(actor.unit.path)
    )


@transaction.atomic
def complaint_answer(*, actor: User, complaint: Complaint, answer: str) -> Complaint:
    complaint = _locked_complaint(complaint)
    if not may_answer(actor, complaint):
        raise ServiceError(_("Pengaduan ini dijawab oleh unit yang ditunjuk setelah diteruskan."))
    if len(answer.strip()) < 10:
        raise ServiceError(_("Tuliskan jawaban yang dapat dibaca pengadu (minimal 10 huruf)."))
    _complaint_move(complaint, actor=actor, to=ComplaintStatus.ANSWERED)
    complaint.answer, complaint.answered_by, complaint.answered_on = answer.strip(), actor, _today()
    complaint.save(update_fields=["status", "answer", "answered_by", "answered_on", "updated_at"])
    _tell_of_complaint(
        complaint,
        permission_holders(HANDLE_COMPLAINTS),
        actor,
        gettext_lazy("Pengaduan %(code)s sudah dijawab dan menunggu ditutup."),
    )
    return complaint


@transaction.atomic
def complaint_close(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    require_permission(actor, HANDLE_COMPLAINTS)
    complaint = _locked_complaint(complaint)
    _complaint_move(complaint, actor=actor, to=ComplaintStatus.CLOSED, note=note.strip())
    complaint.save(update_fields=["status", "updated_at"])
    return complaint


@transaction.atomic
def complaint_dismiss(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """Not handled (a duplicate, not about a service): the reason is shown to the complainant."""
    require_permission(actor, HANDLE_COMPLAINTS)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan pengaduan tidak diproses; alasan ini dibaca pengadu."))
    complaint = _locked_complaint(complaint)
    _complaint_move(complaint, actor=actor, to=ComplaintStatus.DISMISSED, note=reason.strip())
    complaint.answer = reason.strip()
    complaint.save(update_fields=["status", "answer", "updated_at"])
    return complaint
