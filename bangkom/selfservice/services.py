"""Writes of self-service: a civil servant reports learning done elsewhere; the operator of their
unit (or BKPSDM) accepts it with the JP recognised, returns it with a note, or rejects it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_permission
from bangkom.core.errors import ServiceError
from bangkom.core.state_machine import status_move, status_start
from bangkom.core.uploads import DOCUMENT_TYPES, save_with_file, validate_upload
from bangkom.notifications.services import notify, notify_responsible
from bangkom.people.models import Employee, TrainingRecord
from bangkom.people.services import history_add

from .models import (
    CLAIMING_STATUSES,
    CORRECTION_TRANSITIONS,
    INTEREST_TRANSITIONS,
    REPORT_TRANSITIONS,
    CorrectionKind,
    CorrectionRequest,
    CorrectionStatus,
    Evidenced,
    InterestStatus,
    LearningReport,
    ProgramInterest,
    RecognitionRule,
    ReportStatus,
)

VERIFY = "selfservice.verify_learning_report"
# 1 JP is 45 minutes of learning (Peraturan LAN 10/2018): one day holds 32 at the very most.
JP_PER_DAY_MAX = 32
REPORT_FIELDS = ("kind", "name", "organiser", "start_date", "end_date", "jp_claimed", "certificate_number")


def _own_employee(actor: User | None) -> Employee:
    """Only the civil servant themselves reports their learning."""
    if actor is None or not actor.is_authenticated or actor.employee_id is None:
        raise ServiceError(_("Hanya pegawai yang akunnya terhubung dengan data kepegawaiannya yang dapat melapor."))
    return actor.employee  # type: ignore[return-value]


def _rule_for(kind_id: int) -> RecognitionRule:
    rule = RecognitionRule.objects.select_related("kind").filter(kind_id=kind_id).first()
    if rule is None or not rule.counts or not rule.is_active:
        name = rule.kind.name if rule else str(kind_id)
        source = f" ({rule.legal_source})" if rule and rule.legal_source else ""
        raise ServiceError(
            _("Jenis kegiatan %(kind)s tidak dapat dilaporkan sendiri oleh pegawai%(source)s.")
            % {"kind": name, "source": source}
        )
    return rule


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _claim_check(report: LearningReport) -> None:
    """The JP claimed fit the activity's days; nothing claims the same certificate or activity twice."""
    days = (report.end_date - report.start_date).days + 1 if report.end_date >= report.start_date else 1
    if report.jp_claimed < 1 or report.jp_claimed > days * JP_PER_DAY_MAX:
        raise ValidationError(
            {
                "jp_claimed": _(
                    "JP yang diajukan %(jp)d tidak mungkin untuk kegiatan %(days)d hari: 1 JP = 45 menit, "
                    "paling banyak %(max)d JP per hari."
                )
                % {"jp": report.jp_claimed, "days": days, "max": JP_PER_DAY_MAX}
            }
        )
    mine = LearningReport.objects.filter(employee=report.employee, status__in=CLAIMING_STATUSES).exclude(pk=report.pk)
    records = TrainingRecord.objects.filter(employee=report.employee, revoked_at__isnull=True)
    if report.pk is not None:
        records = records.exclude(learning_report=report)
    number = report.certificate_number.strip()
    if number:
        earlier = mine.filter(certificate_number__iexact=number).first()
        if earlier is not None:
            raise ValidationError(
                {
                    "certificate_number": _("Nomor sertifikat %(number)s sudah dilaporkan pada %(name)s (%(status)s).")
                    % {"number": number, "name": earlier.name, "status": earlier.get_status_display()}
                }
            )
        record = records.filter(certificate_number__iexact=number).first()
        if record is not None:
            raise ValidationError(
                {
                    "certificate_number": _(
                        "Nomor sertifikat %(number)s sudah tercatat di riwayat diklat Anda: %(name)s."
                    )
                    % {"number": number, "name": record.name}
                }
            )
    same_file = mine.filter(checksum=report.checksum).first()
    if same_file is not None:
        raise ValidationError(
            {
                "file": _("Berkas sertifikat yang sama sudah dilampirkan pada laporan %(name)s.")
                % {"name": same_file.name}
            }
        )
    same_dates = Q(start_date=report.start_date, end_date=report.end_date)
    name = _normalised(report.name)
    for other in [*mine.filter(same_dates).only("name"), *records.filter(same_dates).only("name")]:
        if _normalised(other.name) == name:
            raise ValidationError(
                {
                    "name": _("Kegiatan %(name)s tanggal %(start)s s.d. %(end)s sudah dilaporkan atau tercatat.")
                    % {
                        "name": report.name,
                        "start": f"{report.start_date:%d-%m-%Y}",
                        "end": f"{report.end_date:%d-%m-%Y}",
                    }
                }
            )


def _attach(row: Evidenced, upload: UploadedFile) -> None:
    """Check an uploaded paper by its content and describe it on the row that will keep it."""
    detected = validate_upload(upload, max_bytes=settings.DOCUMENT_MAX_BYTES, allowed=DOCUMENT_TYPES)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    row.original_name, row.extension, row.content_type = (upload.name or "")[:255], detected.extension, detected.mime
    row.size, row.checksum = upload.size or 0, digest.hexdigest()


@transaction.atomic
def report_submit(*, actor: User | None, upload: UploadedFile, **fields: Any) -> LearningReport:
    """A civil servant reports a learning activity with its certificate (PDF, JPG or PNG, checked by
    content)."""
    employee = _own_employee(actor)
    _rule_for(fields["kind"].pk)
    report = LearningReport(employee=employee, **fields, submitted_at=timezone.now())
    _attach(report, upload)
    report.full_clean(exclude=["file"])
    _claim_check(report)
    save_with_file(report, upload)
    status_start(report, history=report.status_changes, actor=actor)
    _tell_verifiers(report, actor)
    return report


def _tell_verifiers(report: LearningReport, actor: User | None) -> None:
    notify_responsible(
        VERIFY,
        report.employee.unit,
        actor=actor,
        message=gettext_lazy("%(name)s melaporkan %(activity)s (%(jp)d JP) untuk pengakuan JP."),
        params={"name": report.employee.full_name, "activity": report.name, "jp": report.jp_claimed},
        link=reverse("selfservice:report", args=[report.pk]),
    )


def _tell_employee(employee: Employee, message: Any, params: dict[str, Any], link: str) -> None:
    notify(recipients=User.objects.filter(employee=employee), message=message, params=params, link=link)


def _own_locked(actor: User | None, row: Any) -> Any:
    """The civil servant's own request (report, correction, request to take part), locked; anyone
    else's is refused."""
    employee = _own_employee(actor)
    locked = type(row).objects.select_for_update().get(pk=row.pk)
    if locked.employee_id != employee.pk:
        raise ServiceError(_("Permintaan ini bukan milik Anda."))
    return locked


def _withdrawn(actor: User | None, row: Any, *, transitions: Mapping[str, set[str]], labels: Any) -> Any:
    """The civil servant takes their own request back while it is still open."""
    row = _own_locked(actor, row)
    status_move(
        row, to=labels.WITHDRAWN, transitions=transitions, history=row.status_changes, actor=actor, labels=labels
    )
    row.save(update_fields=["status", "updated_at"])
    return row


@transaction.atomic
def report_resubmit(
    *, actor: User | None, report: LearningReport, upload: UploadedFile | None = None, **fields: Any
) -> LearningReport:
    """The civil servant completes a returned report and sends it again; its age counts anew."""
    report = _own_locked(actor, report)
    if report.status != ReportStatus.RETURNED:
        raise ServiceError(_("Hanya laporan yang dikembalikan yang dapat diperbaiki."))
    _rule_for(fields["kind"].pk)
    for name in REPORT_FIELDS:
        setattr(report, name, fields[name])
    old_file = report.file.name if upload is not None else None
    if upload is not None:
        _attach(report, upload)
    report.full_clean(exclude=["file"])
    _claim_check(report)
    status_move(report, to=ReportStatus.SUBMITTED, transitions=REPORT_TRANSITIONS, history=report.status_changes,
                actor=actor, note=_("Dilengkapi dan diajukan kembali"), labels=ReportStatus)  # fmt: skip
    report.submitted_at = timezone.now()
    if upload is not None:
        save_with_file(report, upload)
        if old_file and old_file != report.file.name:
            report.file.storage.delete(old_file)
    else:
        report.save()
    _tell_verifiers(report, actor)
    return report


@transaction.atomic
def report_withdraw(*, actor: User | None, report: LearningReport) -> LearningReport:
    return _withdrawn(actor, report, transitions=REPORT_TRANSITIONS, labels=ReportStatus)


def _verifiable(actor: User | None, report: LearningReport) -> LearningReport:
    require_permission(actor, VERIFY)
    locked = LearningReport.objects.select_for_update().select_related("employee__unit", "kind").get(pk=report.pk)
    require_employees_in_scope(actor, [locked.employee])
    if actor is not None and actor.employee_id == locked.employee_id:
        raise ServiceError(_("Laporan Anda sendiri diperiksa oleh operator atau BKPSDM yang lain."))
    return locked


def _decided(
    row: Any, *, actor: User | None, to: str, note: str, transitions: Mapping[str, set[str]], labels: Any
) -> None:
    """Move a request to its decision and record who decided, when and why (the caller saves it)."""
    status_move(row, to=to, transitions=transitions, history=row.status_changes, actor=actor, note=note, labels=labels)
    row.decision_record(actor=actor, note=note)


def _decide(report: LearningReport, *, actor: User | None, to: str, note: str) -> None:
    _decided(report, actor=actor, to=to, note=note, transitions=REPORT_TRANSITIONS, labels=ReportStatus)


def recognised_in_year(employee: Employee, kind_id: int, year: int) -> int:
    """JP already recognised from the employee's reports of one kind whose activity ended in `year`."""
    total = LearningReport.objects.filter(
        employee=employee, kind_id=kind_id, status=ReportStatus.ACCEPTED, end_date__year=year
    ).aggregate(total=Sum("jp_recognised"))["total"]
    return int(total or 0)


@transaction.atomic
def report_accept(*, actor: User | None, report: LearningReport, jp_recognised: int, note: str = "") -> LearningReport:
    """Accept with the JP recognised (at most those claimed, within the kind's yearly cap): the
    activity becomes a training record and counts in the ledger from this moment."""
    report = _verifiable(actor, report)
    if not 1 <= jp_recognised <= report.jp_claimed:
        raise ValidationError(
            {
                "jp_recognised": _("JP diakui %(jp)d harus antara 1 dan %(claimed)d (yang diajukan).")
                % {"jp": jp_recognised, "claimed": report.jp_claimed}
            }
        )
    rule = _rule_for(report.kind_id)
    if rule.max_jp_per_year is not None:
        year = report.end_date.year
        already = recognised_in_year(report.employee, report.kind_id, year)
        room = max(rule.max_jp_per_year - already, 0)
        if jp_recognised > room:
            raise ValidationError({"jp_recognised": _(
                "Batas pengakuan %(kind)s %(cap)d JP per tahun (%(source)s): tahun %(year)d sudah diakui %(already)d "
                "JP, jadi paling banyak %(room)d JP lagi."
            ) % {"kind": rule.kind.name, "cap": rule.max_jp_per_year, "source": rule.legal_source or "-",
                 "year": year, "already": already, "room": room}})  # fmt: skip
    record = history_add(
        actor=actor,
        row=TrainingRecord(
            employee=report.employee,
            name=report.name,
            kind_id=report.kind_id,
            organiser=report.organiser,
            start_date=report.start_date,
            end_date=report.end_date,
            jp_hours=jp_recognised,
            certificate_number=report.certificate_number,
        ),
    )
    _decide(report, actor=actor, to=ReportStatus.ACCEPTED, note=note.strip())
    report.jp_recognised, report.training_record = jp_recognised, record
    report.save()
    _tell_employee(
        report.employee,
        gettext_lazy("Laporan %(activity)s diterima: %(jp)d JP diakui."),
        {"activity": report.name, "jp": jp_recognised},
        reverse("selfservice:home"),
    )
    return report


def _reason(note: str, message: str) -> str:
    note = note.strip()
    if not note:
        raise ValidationError({"note": message})
    return note


@transaction.atomic
def report_return(*, actor: User | None, report: LearningReport, note: str) -> LearningReport:
    """Back to the civil servant to complete (a missing page of the certificate, wrong dates)."""
    report = _verifiable(actor, report)
    _decide(
        report,
        actor=actor,
        to=ReportStatus.RETURNED,
        note=_reason(note, _("Tuliskan apa yang perlu dilengkapi pegawai.")),
    )
    report.save()
    _tell_employee(
        report.employee,
        gettext_lazy("Laporan %(activity)s dikembalikan: %(note)s"),
        {"activity": report.name, "note": report.decision_note},
        reverse("selfservice:report", args=[report.pk]),
    )
    return report


@transaction.atomic
def report_reject(*, actor: User | None, report: LearningReport, note: str) -> LearningReport:
    report = _verifiable(actor, report)
    _decide(report, actor=actor, to=ReportStatus.REJECTED, note=_reason(note, _("Tuliskan alasan penolakan.")))
    report.save()
    _tell_employee(
        report.employee,
        gettext_lazy("Laporan %(activity)s ditolak: %(note)s"),
        {"activity": report.name, "note": report.decision_note},
        reverse("selfservice:report", args=[report.pk]),
    )
    return report


# --- Corrections of one's own record -----------------------------------------------------------------

DECIDE_CORRECTION = "selfservice.decide_correction"


def history_form(kind: str, data: Mapping[str, Any] | None, employee: Employee, actor: User | None) -> Any:
    """The registry's own form for one history row (people.forms): a proposal is parsed and checked
    by exactly what checks the operator's entry, when it is proposed and again when it is approved."""
    from bangkom.people.forms import HISTORY_FORMS

    if kind not in CorrectionKind.values:
        raise ServiceError(_("Jenis data %(kind)s tidak dapat diminta perbaikannya.") % {"kind": kind})
    form_class, _title = HISTORY_FORMS[kind]
    return form_class(data=data, instance=form_class._meta.model(employee=employee), user=actor)


def _form_refusal(form: Any) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in form.errors.items()})


@transaction.atomic
def correction_request(
    *, actor: User | None, kind: str, data: Mapping[str, Any], reason: str, upload: UploadedFile
) -> CorrectionRequest:
    """A civil servant proposes a row of their own history (a degree, a rank, a position, a training)
    with the document that proves it; the operator of their unit decides."""
    employee = _own_employee(actor)
    form = history_form(kind, data, employee, actor)
    if not form.is_valid():
        raise _form_refusal(form)
    request = CorrectionRequest(
        employee=employee,
        kind=kind,
        proposed={name: str(data.get(name) or "") for name in form.fields},
        reason=_reason(reason, _("Tuliskan mengapa data Anda perlu diperbaiki.")),
        submitted_at=timezone.now(),
    )
    _attach(request, upload)
    request.full_clean(exclude=["file"])
    save_with_file(request, upload)
    status_start(request, history=request.status_changes, actor=actor)
    notify_responsible(
        DECIDE_CORRECTION,
        employee.unit,
        actor=actor,
        message=gettext_lazy("%(name)s meminta perbaikan data %(kind)s."),
        params={"name": employee.full_name, "kind": request.get_kind_display().lower()},
        link=reverse("selfservice:correction", args=[request.pk]),
    )
    return request


def _decidable(actor: User | None, request: CorrectionRequest) -> CorrectionRequest:
    require_permission(actor, DECIDE_CORRECTION)
    locked = CorrectionRequest.objects.select_for_update().select_related("employee__unit").get(pk=request.pk)
    require_employees_in_scope(actor, [locked.employee])
    if actor is not None and actor.employee_id == locked.employee_id:
        raise ServiceError(_("Permintaan perbaikan data Anda sendiri diputuskan oleh operator atau BKPSDM yang lain."))
    return locked


def _correction_decide(request: CorrectionRequest, *, actor: User | None, to: str, note: str) -> None:
    _decided(request, actor=actor, to=to, note=note, transitions=CORRECTION_TRANSITIONS, labels=CorrectionStatus)


@transaction.atomic
def correction_approve(*, actor: User | None, request: CorrectionRequest, note: str = "") -> CorrectionRequest:
    """Append the proposed row to the employee's history (its audit row names the operator and the
    request); the employee's current rank, position or education follow as after any entry."""
    request = _decidable(actor, request)
    form = history_form(request.kind, request.proposed, request.employee, actor)
    if not form.is_valid():  # the registry changed since it was proposed (the same SKP year, say)
        raise _form_refusal(form)
    row = form.instance
    row._change_reason = (_("Perbaikan atas permintaan pegawai no. %(id)d") % {"id": request.pk})[:100]
    history_add(actor=actor, row=row)
    _correction_decide(request, actor=actor, to=CorrectionStatus.APPROVED, note=note.strip())
    request.result = row
    request.save()
    _tell_employee(
        request.employee,
        gettext_lazy("Perbaikan data %(kind)s Anda disetujui dan sudah tercatat."),
        {"kind": request.get_kind_display().lower()},
        reverse("people:detail", args=[request.employee.nip]),
    )
    return request


@transaction.atomic
def correction_refuse(*, actor: User | None, request: CorrectionRequest, note: str) -> CorrectionRequest:
    request = _decidable(actor, request)
    _correction_decide(
        request, actor=actor, to=CorrectionStatus.REFUSED, note=_reason(note, _("Tuliskan alasan penolakan."))
    )
    request.save()
    _tell_employee(
        request.employee,
        gettext_lazy("Permintaan perbaikan data %(kind)s ditolak: %(note)s"),
        {"kind": request.get_kind_display().lower(), "note": request.decision_note},
        reverse("selfservice:correction", args=[request.pk]),
    )
    return request


@transaction.atomic
def correction_withdraw(*, actor: User | None, request: CorrectionRequest) -> CorrectionRequest:
    return _withdrawn(actor, request, transitions=CORRECTION_TRANSITIONS, labels=CorrectionStatus)


# --- Taking part in the agency's programs ----------------------------------------------------------------

ENDORSE_INTEREST = "training.propose_program"  # who fills a unit's program with participants
OPEN_PROGRAM_STATUSES = ("direkomendasikan", "bersyarat")  # training.ProgramStatus: recommended, not started


@transaction.atomic
def interest_register(*, actor: User | None, program: Any, motivation: str = "") -> ProgramInterest:
    """A civil servant asks to take part in a recommended program that has not started; the operator of
    their unit decides. Asking again after withdrawing reopens the same request."""
    employee = _own_employee(actor)
    if program.status not in OPEN_PROGRAM_STATUSES or program.start_date <= timezone.localdate():
        raise ServiceError(_("Program %(title)s tidak sedang membuka pendaftaran.") % {"title": program.title})
    interest = ProgramInterest.objects.select_for_update().filter(employee=employee, program=program).first()
    if interest is None:
        interest = ProgramInterest.objects.create(
            employee=employee, program=program, motivation=motivation.strip()[:500], submitted_at=timezone.now()
        )
        status_start(interest, history=interest.status_changes, actor=actor)
    else:
        status_move(
            interest,
            to=InterestStatus.SUBMITTED,
            transitions=INTEREST_TRANSITIONS,
            history=interest.status_changes,
            actor=actor,
            labels=InterestStatus,
        )
        interest.motivation, interest.submitted_at = motivation.strip()[:500], timezone.now()
        interest.save()
    notify_responsible(
        ENDORSE_INTEREST,
        employee.unit,
        actor=actor,
        message=gettext_lazy("%(name)s ingin mengikuti %(program)s."),
        params={"name": employee.full_name, "program": program.title},
        link=reverse("selfservice:queue"),
    )
    return interest


def _interest_decidable(actor: User | None, interest: ProgramInterest) -> ProgramInterest:
    require_permission(actor, ENDORSE_INTEREST)
    locked = ProgramInterest.objects.select_for_update().select_related("employee__unit", "program").get(pk=interest.pk)
    require_employees_in_scope(actor, [locked.employee])
    if actor is not None and actor.employee_id == locked.employee_id:
        raise ServiceError(_("Permintaan Anda sendiri diputuskan oleh operator yang lain."))
    return locked


@transaction.atomic
def interest_endorse(*, actor: User, interest: ProgramInterest, note: str = "") -> ProgramInterest:
    """The operator endorses: the employee becomes a participant of the program (its own checks: the
    program's unit, its room, the stage it is in)."""
    from bangkom.training.services import participants_add

    interest = _interest_decidable(actor, interest)
    _decided(
        interest,
        actor=actor,
        to=InterestStatus.ENDORSED,
        note=note.strip(),
        transitions=INTEREST_TRANSITIONS,
        labels=InterestStatus,
    )
    participants_add(actor=actor, program=interest.program, nips=[interest.employee.nip])
    interest.save()
    _tell_employee(
        interest.employee,
        gettext_lazy("Anda terdaftar sebagai peserta %(program)s."),
        {"program": interest.program.title},
        reverse("selfservice:programs"),
    )
    return interest


@transaction.atomic
def interest_decline(*, actor: User, interest: ProgramInterest, note: str) -> ProgramInterest:
    interest = _interest_decidable(actor, interest)
    note = _reason(note, _("Tuliskan alasan tidak disetujui."))
    _decided(
        interest,
        actor=actor,
        to=InterestStatus.DECLINED,
        note=note,
        transitions=INTEREST_TRANSITIONS,
        labels=InterestStatus,
    )
    interest.save()
    _tell_employee(
        interest.employee,
        gettext_lazy("Permintaan mengikuti %(program)s tidak disetujui: %(note)s"),
        {"program": interest.program.title, "note": note},
        reverse("selfservice:programs"),
    )
    return interest


@transaction.atomic
def interest_withdraw(*, actor: User | None, interest: ProgramInterest) -> ProgramInterest:
    return _withdrawn(actor, interest, transitions=INTEREST_TRANSITIONS, labels=InterestStatus)
