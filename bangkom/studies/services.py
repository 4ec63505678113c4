"""Every write of study assignments and overseas requests: one transaction each, the state machines'
history rows, and refusals that say why in Indonesian."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_permission
from bangkom.core.errors import ServiceError
from bangkom.core.services import history_by, record_cancel, record_correct
from bangkom.core.state_machine import status_move, status_start
from bangkom.core.uploads import DOCUMENT_TYPES, save_with_file, validate_upload
from bangkom.documents.models import Document, DocumentStatus
from bangkom.documents.services import document_generate
from bangkom.notifications.services import notify, notify_responsible
from bangkom.people.models import EducationHistory, EducationLevel, Employee, TrainingKind, TrainingRecord
from bangkom.people.services import history_add
from bangkom.rules.dates import add_months
from bangkom.rules.loader import RuleSetError
from bangkom.rules.study import final_score, parse_study_rules, place, screen, study_rules_document

from . import adapter
from .models import (
    ANNOUNCEMENT_TRANSITIONS,
    APPLICATION_TRANSITIONS,
    ASSIGNMENT_TRANSITIONS,
    EDITABLE_APPLICATION,
    EDITABLE_OVERSEAS,
    MANAGE,
    OVERSEAS_TRANSITIONS,
    PROPOSE,
    AnnouncementStatus,
    ApplicationStatus,
    AssignmentStatus,
    Eligibility,
    OverseasRequest,
    OverseasStatus,
    Paper,
    PaperStatus,
    StudyAnnouncement,
    StudyApplication,
    StudyAssignment,
    StudyProgress,
    StudyQuota,
)
from .policy import REPORT_PAPER, PaperKind, overseas_policy, rules_of, study_papers

DECREE_DOCUMENT = "keputusan_tugas_belajar"
APPROVAL_DOCUMENT = "persetujuan_luar_negeri"
ANNOUNCEMENT_FIELDS = ("title", "year", "opens_on", "closes_on", "study_starts_on", "description")
APPLICATION_FIELDS = (
    "level", "institution", "study_program", "accreditation", "duration_months", "funding", "sponsor", "no_discipline",
)  # fmt: skip
OVERSEAS_FIELDS = (
    "kind", "title", "host", "country", "city", "starts_on", "ends_on", "funding", "sponsor", "purpose", "jp",
)  # fmt: skip


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _locked(instance: Any, actor: User | None) -> Any:
    """The row, locked for the write; a row about an employee (an application, a request abroad, a
    study assignment) only when the employee is within the actor's scope."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    if isinstance(getattr(locked, "employee", None), Employee):
        require_employees_in_scope(actor, [locked.employee])
    return locked


def _edited(
    instance: Any, *, actor: User, editable: Collection[str], names: Sequence[str], values: dict[str, Any], refusal: str
) -> Any:
    """The locked row with the form's values set, if its status still allows editing."""
    instance = _locked(instance, actor)
    if instance.status not in editable:
        raise ServiceError(refusal)
    for name in names:
        setattr(instance, name, values[name])
    return instance


def _save(instance: Model, fields: Sequence[str] | None = None) -> None:
    instance.full_clean()
    instance.save(update_fields=[*fields, "updated_at"] if fields else None)


# --- Announcements ---------------------------------------------------------------------------------


def _announcement_move(announcement: StudyAnnouncement, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        announcement,
        to=to,
        transitions=ANNOUNCEMENT_TRANSITIONS,
        history=announcement.status_changes,
        actor=actor,
        note=note,
        labels=AnnouncementStatus,
    )
    announcement.save(update_fields=["status", "updated_at"])


@transaction.atomic
def announcement_create(*, actor: User, rules_id: str, **fields: Any) -> StudyAnnouncement:
    """A draft announcement that keeps a copy of the chosen rule set."""
    require_permission(actor, MANAGE)
    try:
        document = study_rules_document(rules_id)
        parse_study_rules(document, rules_id)
    except RuleSetError as error:
        raise ServiceError(_("Kriteria seleksi tidak dapat dipakai: %(error)s") % {"error": error}) from None
    announcement = StudyAnnouncement(
        rules_id=rules_id, rules=document, created_by=actor, **{k: fields[k] for k in ANNOUNCEMENT_FIELDS}
    )
    _save(announcement)
    status_start(announcement, history=announcement.status_changes, actor=actor)
    return announcement


@transaction.atomic
def announcement_update(*, actor: User, announcement: StudyAnnouncement, **fields: Any) -> StudyAnnouncement:
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    announcement.require("edit", _("Pengumuman yang sudah dibuka tidak dapat diubah."))
    for name in ANNOUNCEMENT_FIELDS:
        setattr(announcement, name, fields[name])
    history_by(announcement, actor)
    _save(announcement, ANNOUNCEMENT_FIELDS)
    return announcement


@transaction.atomic
def quota_set(
    *, actor: User, announcement: StudyAnnouncement, level: str, quota: int, fields_of_study: str = ""
) -> StudyQuota:
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    announcement.require("edit", _("Kuota ditetapkan sebelum pengumuman dibuka."))
    levels = rules_of(announcement).levels
    if level not in levels:
        raise ServiceError(
            _("Jenjang %(level)s tidak diatur dalam kriteria seleksi (%(levels)s).")
            % {"level": level, "levels": ", ".join(levels)}
        )
    row, _created = StudyQuota.objects.get_or_create(announcement=announcement, level=level, defaults={"quota": quota})
    row.quota, row.fields_of_study = quota, fields_of_study
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def quota_remove(*, actor: User, quota: StudyQuota) -> None:
    require_permission(actor, MANAGE)
    _locked(quota.announcement, actor).require("edit", _("Kuota ditetapkan sebelum pengumuman dibuka."))
    quota.delete()


@transaction.atomic
def announcement_open(*, actor: User, announcement: StudyAnnouncement) -> StudyAnnouncement:
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    if not announcement.quotas.exists():
        raise ServiceError(_("Tetapkan kuota paling sedikit satu jenjang sebelum pengumuman dibuka."))
    _announcement_move(announcement, actor=actor, to=AnnouncementStatus.OPEN)
    return announcement


@transaction.atomic
def announcement_close(
    *, actor: User, announcement: StudyAnnouncement, today: dt.date | None = None
) -> StudyAnnouncement:
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    if _today(today) <= announcement.closes_on:
        raise ServiceError(
            _("Pendaftaran masih dibuka sampai %(day)s.") % {"day": announcement.closes_on.strftime("%d-%m-%Y")}
        )
    _announcement_move(announcement, actor=actor, to=AnnouncementStatus.CLOSED)
    # Drafts never sent are left out of the selection; the unit sees that in their status.
    return announcement


# --- Applications ----------------------------------------------------------------------------------


def _application_move(application: StudyApplication, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        application,
        to=to,
        transitions=APPLICATION_TRANSITIONS,
        history=application.status_changes,
        actor=actor,
        note=note,
        labels=ApplicationStatus,
    )


def _registration_open(announcement: StudyAnnouncement, today: dt.date) -> None:
    if announcement.status != AnnouncementStatus.OPEN or not announcement.opens_on <= today <= announcement.closes_on:
        raise ServiceError(
            _("Pendaftaran %(title)s dibuka %(start)s s.d. %(end)s (status: %(status)s).")
            % {
                "title": announcement.title,
                "start": announcement.opens_on.strftime("%d-%m-%Y"),
                "end": announcement.closes_on.strftime("%d-%m-%Y"),
                "status": announcement.get_status_display(),
            }
        )


def _check_level(application: StudyApplication) -> None:
    levels = list(application.announcement.quotas.values_list("level", flat=True))
    if application.level not in levels:
        raise ServiceError(
            _("Jenjang %(level)s tidak dibuka pada pengumuman ini (dibuka: %(levels)s).")
            % {"level": application.level, "levels": ", ".join(levels) or "-"}
        )


def _application_locked(application: StudyApplication, actor: User | None) -> StudyApplication:
    """The application, locked for a write by the one who may make it: the civil servant on their own
    application, otherwise an operator with the employee in scope (never on an application the
    employee is still drafting)."""
    locked: StudyApplication = StudyApplication.objects.select_for_update().get(pk=application.pk)
    if locked.self_applied and actor is not None and actor.employee_id == locked.employee_id:
        return locked
    require_permission(actor, PROPOSE)
    require_employees_in_scope(actor, [locked.employee])  # type: ignore[arg-type]
    if locked.self_applied and locked.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED_BY_UNIT):
        raise ServiceError(_("Usulan ini masih disusun oleh pegawai sendiri."))
    return locked


def _own_application(application: StudyApplication, actor: User | None) -> StudyApplication:
    locked = _application_locked(application, actor)
    if not (locked.self_applied and actor is not None and actor.employee_id == locked.employee_id):
        raise ServiceError(_("Usulan ini bukan usulan yang Anda ajukan sendiri."))
    return locked


def _new_application(
    *,
    actor: User,
    announcement: StudyAnnouncement,
    employee: Employee,
    today: dt.date | None,
    self_applied: bool,
    fields: dict[str, Any],
) -> StudyApplication:
    _registration_open(announcement, _today(today))
    application = StudyApplication(
        announcement=announcement,
        employee=employee,
        unit=employee.unit,
        proposed_by=actor,
        self_applied=self_applied,
        **{k: fields[k] for k in APPLICATION_FIELDS},
    )
    _check_level(application)
    _save(application)
    status_start(application, history=application.status_changes, actor=actor)
    return application


@transaction.atomic
def application_create(
    *, actor: User, announcement: StudyAnnouncement, employee: Employee, today: dt.date | None = None, **fields: Any
) -> StudyApplication:
    require_permission(actor, PROPOSE)
    require_employees_in_scope(actor, [employee])
    return _new_application(
        actor=actor, announcement=announcement, employee=employee, today=today, self_applied=False, fields=fields
    )


@transaction.atomic
def application_self_create(
    *, actor: User | None, announcement: StudyAnnouncement, today: dt.date | None = None, **fields: Any
) -> StudyApplication:
    """A civil servant applies for tugas belajar themselves; the application stays theirs until they
    send it to their unit, whose operator endorses it to BKPSDM."""
    if actor is None or not actor.is_authenticated or actor.employee_id is None:
        raise ServiceError(_("Hanya pegawai yang akunnya terhubung dengan data kepegawaiannya yang dapat mendaftar."))
    employee = Employee.objects.select_related("unit").get(pk=actor.employee_id)
    return _new_application(
        actor=actor, announcement=announcement, employee=employee, today=today, self_applied=True, fields=fields
    )


@transaction.atomic
def application_update(*, actor: User, application: StudyApplication, **fields: Any) -> StudyApplication:
    application = _application_locked(application, actor)
    application.require("edit", _("Usulan yang sudah diajukan tidak dapat diubah."))
    for name in APPLICATION_FIELDS:
        setattr(application, name, fields[name])
    _check_level(application)
    history_by(application, actor)
    _save(application, APPLICATION_FIELDS)
    return application


def papers_of(subject: Model) -> dict[str, Paper]:
    return {
        p.kind: p
        for p in Paper.objects.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
    }


def _missing(subject: Model, kinds: Sequence[PaperKind]) -> list[str]:
    have = papers_of(subject)
    return [k.name for k in kinds if k.code not in have]


def _ready_to_send(application: StudyApplication, today: dt.date | None) -> None:
    """Registration is open (or a returned application is corrected before the ranking) and every
    paper the rule set asks for is uploaded."""
    announcement = application.announcement
    late_fix = application.status in (ApplicationStatus.RETURNED, ApplicationStatus.AWAITING_UNIT) and (
        announcement.status == AnnouncementStatus.CLOSED
    )
    if not late_fix:
        _registration_open(announcement, _today(today))
    missing = _missing(application, study_papers(announcement))
    if missing:
        raise ServiceError(_("Berkas belum diunggah: %(papers)s.") % {"papers": "; ".join(missing)})


def _tell_applicant(application: StudyApplication, message: Any, note: str = "") -> None:
    """The civil servant hears of every move of an application they made themselves."""
    if application.self_applied:
        notify(
            recipients=User.objects.filter(employee_id=application.employee_id),
            message=message,
            params={"title": application.announcement.title, "note": note},
            link=reverse("selfservice:study-application", args=[application.pk]),
        )


@transaction.atomic
def application_send(
    *, actor: User | None, application: StudyApplication, today: dt.date | None = None
) -> StudyApplication:
    """The civil servant sends their own application, papers complete, to the operator of their unit."""
    application = _own_application(application, actor)
    _ready_to_send(application, today)
    _application_move(application, actor=actor, to=ApplicationStatus.AWAITING_UNIT)  # type: ignore[arg-type]
    application.save(update_fields=["status", "updated_at"])
    notify_responsible(
        PROPOSE,
        application.unit,
        actor=actor,
        message=gettext_lazy("%(name)s mendaftar tugas belajar %(title)s dan menunggu persetujuan unit kerja."),
        params={"name": application.employee.full_name, "title": application.announcement.title},
        link=reverse("studies:application", args=[application.pk]),
    )
    return application


@transaction.atomic
def application_submit(*, actor: User, application: StudyApplication, today: dt.date | None = None) -> StudyApplication:
    """The operator submits the unit's application to BKPSDM; for a civil servant's own application
    this is the unit's endorsement, which the applicant never gives themselves."""
    require_permission(actor, PROPOSE)
    application = _application_locked(application, actor)
    if application.self_applied and actor is not None and actor.employee_id == application.employee_id:
        raise ServiceError(_("Usulan Anda sendiri diteruskan oleh operator unit kerja yang lain."))
    _ready_to_send(application, today)
    _application_move(application, actor=actor, to=ApplicationStatus.SUBMITTED)
    application.submitted_at = timezone.now()
    application.eligibility, application.findings, application.screened_at = Eligibility.UNSCREENED, [], None
    application.save(update_fields=["status", "submitted_at", "eligibility", "findings", "screened_at", "updated_at"])
    _tell_applicant(application, gettext_lazy("Usulan tugas belajar %(title)s Anda diajukan unit kerja ke BKPSDM."))
    return application


def _unit_decided(actor: User, application: StudyApplication, note: str, *, to: str, message: Any) -> StudyApplication:
    """The unit's answer other than endorsing a civil servant's own application: with a reason, told
    to the applicant, never given by the applicant themselves."""
    require_permission(actor, PROPOSE)
    application = _application_locked(application, actor)
    application.require("endorse", _("Usulan ini tidak sedang menunggu persetujuan unit kerja."))
    if actor is not None and actor.employee_id == application.employee_id:
        raise ServiceError(_("Usulan Anda sendiri diputuskan oleh operator unit kerja yang lain."))
    if not note.strip():
        raise ServiceError(_("Tuliskan alasannya untuk pegawai."))
    _application_move(application, actor=actor, to=to, note=note.strip())
    application.save(update_fields=["status", "updated_at"])
    _tell_applicant(application, message, note.strip())
    return application


@transaction.atomic
def application_unit_return(*, actor: User, application: StudyApplication, note: str) -> StudyApplication:
    """The unit sends a civil servant's own application back to them to complete."""
    return _unit_decided(
        actor,
        application,
        note,
        to=ApplicationStatus.RETURNED_BY_UNIT,
        message=gettext_lazy("Usulan tugas belajar %(title)s dikembalikan unit kerja: %(note)s"),
    )


@transaction.atomic
def application_unit_decline(*, actor: User, application: StudyApplication, note: str) -> StudyApplication:
    """The unit does not propose the civil servant for this announcement."""
    return _unit_decided(
        actor,
        application,
        note,
        to=ApplicationStatus.DECLINED_BY_UNIT,
        message=gettext_lazy("Usulan tugas belajar %(title)s tidak diusulkan unit kerja: %(note)s"),
    )


@transaction.atomic
def application_return(*, actor: User, application: StudyApplication, note: str) -> StudyApplication:
    require_permission(actor, MANAGE)
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang harus dilengkapi unit kerja."))
    application = _locked(application, actor)
    if application.announcement.status not in (AnnouncementStatus.OPEN, AnnouncementStatus.CLOSED):
        raise ServiceError(_("Usulan dikembalikan sebelum hasil seleksi disusun."))
    _application_move(application, actor=actor, to=ApplicationStatus.RETURNED, note=note)
    application.save(update_fields=["status", "updated_at"])
    notify_responsible(
        PROPOSE,
        application.unit,
        actor=actor,
        message=gettext_lazy("Usulan tugas belajar %(name)s dikembalikan BKPSDM: %(note)s"),
        params={"name": application.employee.full_name, "note": note},
        link=reverse("studies:application", args=[application.pk]),
    )
    _tell_applicant(application, gettext_lazy("Usulan tugas belajar %(title)s dikembalikan BKPSDM: %(note)s"), note)
    return application


# --- Papers ----------------------------------------------------------------------------------------


def _paper_kinds(subject: Model) -> tuple[PaperKind, ...]:
    if isinstance(subject, StudyApplication):
        return study_papers(subject.announcement)
    return overseas_policy().papers


def _may_upload(subject: StudyApplication | OverseasRequest, kind: str) -> None:
    if isinstance(subject, StudyApplication):
        if subject.status not in EDITABLE_APPLICATION:
            raise ServiceError(_("Berkas diunggah selama usulan disusun atau dikembalikan."))
    elif kind == REPORT_PAPER:
        if subject.status != OverseasStatus.APPROVED:
            raise ServiceError(_("Laporan diunggah setelah permohonan disetujui."))
    elif subject.status not in EDITABLE_OVERSEAS:
        raise ServiceError(_("Berkas diunggah selama permohonan disusun atau dikembalikan."))


@transaction.atomic
def paper_upload(
    *, actor: User | None, subject: StudyApplication | OverseasRequest, kind: str, upload: UploadedFile
) -> Paper:
    """A required paper as PDF, JPG or PNG (decided by content); a new upload of a kind replaces the
    old one, which must then be verified again."""
    if isinstance(subject, StudyApplication):
        subject = _application_locked(subject, actor)
    else:
        require_permission(actor, PROPOSE)
        subject = _locked(subject, actor)
    kinds = {k.code: k for k in _paper_kinds(subject)}
    if kind not in kinds:
        raise ServiceError(_("Jenis berkas %(kind)s tidak diminta.") % {"kind": kind})
    _may_upload(subject, kind)
    detected = validate_upload(upload, max_bytes=settings.DOCUMENT_MAX_BYTES, allowed=DOCUMENT_TYPES)
    old = papers_of(subject).get(kind)
    paper = Paper(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        kind=kind,
        token=secrets.token_hex(8),
        original_name=(upload.name or "")[:255],
        extension=detected.extension,
        content_type=detected.mime,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    if old is not None:
        old_file = old.file
        old.delete()
        transaction.on_commit(lambda: old_file.delete(save=False))
    save_with_file(paper, upload)
    return paper


@transaction.atomic
def paper_verify(*, actor: User, paper: Paper, valid: bool, note: str = "") -> Paper:
    require_permission(actor, MANAGE)
    paper = _locked(paper, actor)
    subject = cast(StudyApplication | OverseasRequest, paper.subject)
    if isinstance(subject, StudyApplication):
        if subject.announcement.status not in (AnnouncementStatus.OPEN, AnnouncementStatus.CLOSED):
            raise ServiceError(_("Berkas diperiksa sebelum hasil seleksi disusun."))
    elif subject.status not in (OverseasStatus.SUBMITTED, OverseasStatus.REPORTED):
        raise ServiceError(_("Berkas diperiksa selama permohonan atau laporannya diajukan."))
    if not valid and not note.strip():
        raise ServiceError(_("Tuliskan alasan berkas ditolak."))
    paper.verification_record(actor=actor, status=PaperStatus.VALID if valid else PaperStatus.REJECTED, note=note)
    return paper


# --- Selection -------------------------------------------------------------------------------------


def _closed(announcement: StudyAnnouncement) -> None:
    announcement.require(
        "screen",
        _("Seleksi berjalan setelah pendaftaran ditutup dan sebelum hasil disusun (status: %(s)s).")
        % {"s": announcement.get_status_display()},
    )


@transaction.atomic
def applications_screen(*, actor: User, announcement: StudyAnnouncement) -> int:
    """Check every submitted application against the announcement's rule set on its closing date.
    Returns how many were screened."""
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    _closed(announcement)
    rules = rules_of(announcement)
    applications = list(announcement.applications.filter(status=ApplicationStatus.SUBMITTED).select_related("employee"))
    facts = adapter.applicants(announcement, applications)
    now = timezone.now()
    for application in applications:
        result = screen(rules, facts[application.pk], announcement.closes_on)
        application.eligibility = (
            Eligibility.INCOMPLETE
            if result.eligible is None
            else Eligibility.ELIGIBLE
            if result.eligible
            else Eligibility.NOT_ELIGIBLE
        )
        application.findings = [
            {"code": f.code, "status": f.status.value, "text": f.explanation, "source": f.source}
            for f in result.findings
        ]
        application.final_score, application.screened_at = result.final_score, now
    StudyApplication.objects.bulk_update(applications, ["eligibility", "findings", "final_score", "screened_at"])
    return len(applications)


@transaction.atomic
def scores_record(
    *, actor: User, application: StudyApplication, academic: Decimal | None, interview: Decimal | None
) -> StudyApplication:
    require_permission(actor, MANAGE)
    application = _locked(application, actor)
    _closed(application.announcement)
    application.require("score", _("Nilai dicatat untuk usulan yang diajukan."))
    application.academic_score, application.interview_score = academic, interview
    rules = rules_of(application.announcement)
    application.final_score = final_score(rules, {"akademik": academic, "wawancara": interview})
    _save(application, ("academic_score", "interview_score", "final_score"))
    return application


@transaction.atomic
def announcement_rank(*, actor: User, announcement: StudyAnnouncement) -> dict[str, int]:
    """Rank the eligible within each level's quota. Refused while an application is unscreened, an
    eligible one unscored, or data is missing. Returns how many were selected per level."""
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    _closed(announcement)
    applications = list(
        announcement.applications.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("employee")
        .order_by("submitted_at", "id")
    )
    unscreened = [a.employee.nip for a in applications if a.screened_at is None]
    if unscreened:
        raise ServiceError(_("Periksa syarat dahulu; belum diperiksa: %(nips)s.") % {"nips": ", ".join(unscreened)})
    incomplete = [a.employee.nip for a in applications if a.eligibility == Eligibility.INCOMPLETE]
    if incomplete:
        raise ServiceError(
            _("Data registri belum lengkap untuk %(nips)s: lengkapi lalu periksa ulang.")
            % {"nips": ", ".join(incomplete)}
        )
    unscored = [a.employee.nip for a in applications if a.eligibility == Eligibility.ELIGIBLE and a.final_score is None]
    if unscored:
        raise ServiceError(_("Nilai seleksi belum lengkap untuk %(nips)s.") % {"nips": ", ".join(unscored)})
    rules = rules_of(announcement)
    facts = adapter.applicants(announcement, applications)
    screenings = [screen(rules, facts[a.pk], announcement.closes_on) for a in applications]
    placements = place(screenings, dict(announcement.quotas.values_list("level", "quota")))
    selected: dict[str, int] = {}
    for application in applications:
        placement = placements[str(application.pk)]
        to = ApplicationStatus.SELECTED if placement.selected else ApplicationStatus.NOT_SELECTED
        _application_move(application, actor=actor, to=to, note=placement.reason)
        application.rank, application.placement_note = placement.rank, placement.reason
        application.save(update_fields=["status", "rank", "placement_note", "updated_at"])
        if placement.selected:
            selected[application.level] = selected.get(application.level, 0) + 1
    _announcement_move(announcement, actor=actor, to=AnnouncementStatus.RANKED)
    return selected


def announcement_documents(announcement: StudyAnnouncement) -> list[Document]:
    return list(
        Document.objects.filter(
            subject_type=ContentType.objects.get_for_model(StudyAnnouncement),
            subject_id=announcement.pk,
            kind=DECREE_DOCUMENT,
        ).order_by("-created_at")
    )


def decree_of(announcement: StudyAnnouncement) -> Document | None:
    return next((d for d in announcement_documents(announcement) if d.status == DocumentStatus.SIGNED), None)


@transaction.atomic
def ranking_reopen(*, actor: User, announcement: StudyAnnouncement, note: str) -> StudyAnnouncement:
    """Back to scoring, e.g. after an objection, while the decision is not signed."""
    require_permission(actor, MANAGE)
    if not note.strip():
        raise ServiceError(_("Tuliskan alasan hasil seleksi dibuka kembali."))
    announcement = _locked(announcement, actor)
    if decree_of(announcement) is not None:
        raise ServiceError(_("Keputusan sudah ditandatangani; hasil seleksi tidak dapat dibuka kembali."))
    _announcement_move(announcement, actor=actor, to=AnnouncementStatus.CLOSED, note=note)
    ranked = (ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED)
    for application in announcement.applications.filter(status__in=ranked):
        _application_move(application, actor=actor, to=ApplicationStatus.SUBMITTED, note=note)
        application.rank, application.placement_note = None, ""
        application.save(update_fields=["status", "rank", "placement_note", "updated_at"])
    return announcement


@transaction.atomic
def decree_draft(*, actor: User, announcement: StudyAnnouncement) -> Document:
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    announcement.require("decide", _("Keputusan disusun setelah hasil seleksi disusun."))
    if not announcement.applications.filter(status=ApplicationStatus.SELECTED).exists():
        raise ServiceError(_("Tidak ada pegawai yang terpilih."))
    if any(d.status != DocumentStatus.RETURNED for d in announcement_documents(announcement)):
        raise ServiceError(_("Keputusan sudah disusun; lihat daftar dokumen."))
    return document_generate(actor=actor, kind=DECREE_DOCUMENT, subject=announcement, permission=MANAGE)


@transaction.atomic
def announcement_decide(*, actor: User, announcement: StudyAnnouncement) -> list[StudyAssignment]:
    """Once the head has signed the decision, each selected employee is on study assignment from the
    announced start for the application's study length."""
    require_permission(actor, MANAGE)
    announcement = _locked(announcement, actor)
    if decree_of(announcement) is None:
        raise ServiceError(_("Keputusan tugas belajar belum ditandatangani Kepala BKPSDM."))
    _announcement_move(announcement, actor=actor, to=AnnouncementStatus.DECIDED)
    assignments = []
    for application in announcement.applications.filter(status=ApplicationStatus.SELECTED).select_related("employee"):
        assignment = StudyAssignment(
            application=application,
            employee=application.employee,
            level=application.level,
            institution=application.institution,
            study_program=application.study_program,
            starts_on=announcement.study_starts_on,
            ends_on=add_months(announcement.study_starts_on, application.duration_months),
        )
        _save(assignment)
        status_start(assignment, history=assignment.status_changes, actor=actor, note=announcement.title)
        assignments.append(assignment)
    return assignments


# --- During the study ------------------------------------------------------------------------------


def _running(assignment: StudyAssignment, actor: User) -> StudyAssignment:
    assignment = _locked(assignment, actor)
    assignment.require("follow", _("Tugas belajar ini sudah %(s)s.") % {"s": assignment.get_status_display().lower()})
    return assignment


def _assignment_move(assignment: StudyAssignment, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        assignment,
        to=to,
        transitions=ASSIGNMENT_TRANSITIONS,
        history=assignment.status_changes,
        actor=actor,
        note=note,
        labels=AssignmentStatus,
    )


@transaction.atomic
def progress_record(
    *, actor: User, assignment: StudyAssignment, semester: int, gpa: Decimal, credits: int, note: str = ""
) -> StudyProgress:
    require_permission(actor, MANAGE)
    assignment = _running(assignment, actor)
    row = StudyProgress(
        assignment=assignment, semester=semester, gpa=gpa, credits=credits, note=note, recorded_by=actor
    )
    _save(row)
    return row


def _own_progress(progress: StudyProgress, actor: User) -> StudyProgress:
    assignment = _locked(progress.assignment, actor)
    return StudyProgress.objects.select_for_update().get(pk=progress.pk, assignment=assignment)


@transaction.atomic
def progress_correct(
    *, actor: User, progress: StudyProgress, gpa: Decimal, credits: int, note: str, reason: str
) -> StudyProgress:
    """Correct a semester report entered wrongly; its history keeps the old figures and the reason."""
    require_permission(actor, MANAGE)
    row = _own_progress(progress, actor)
    return record_correct(row, reason=reason, gpa=gpa, credits=credits, note=note)  # type: ignore[return-value]


@transaction.atomic
def progress_cancel(*, actor: User, progress: StudyProgress, reason: str) -> StudyProgress:
    """Cancel a semester report entered by mistake (the wrong semester): it stays, marked, and the
    semester may be reported again."""
    require_permission(actor, MANAGE)
    return record_cancel(_own_progress(progress, actor), reason=reason)  # type: ignore[return-value]


@transaction.atomic
def assignment_extend(*, actor: User, assignment: StudyAssignment, months: int, reason: str) -> StudyAssignment:
    require_permission(actor, MANAGE)
    assignment = _running(assignment, actor)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan perpanjangan."))
    rules = rules_of(assignment.application.announcement)
    planned = add_months(assignment.starts_on, assignment.application.duration_months)
    new_end = add_months(assignment.ends_on, months)
    limit = add_months(planned, rules.extension_months)
    if months < 1 or new_end > limit:
        raise ServiceError(
            _("Perpanjangan paling lama %(months)d bulan dari rencana selesai %(planned)s, yaitu sampai %(limit)s.")
            % {
                "months": rules.extension_months,
                "planned": planned.strftime("%d-%m-%Y"),
                "limit": limit.strftime("%d-%m-%Y"),
            }
        )
    assignment.ends_on, assignment.extension_reason = new_end, reason.strip()
    _save(assignment, ("ends_on", "extension_reason"))
    assignment.status_changes.create(
        from_status=assignment.status,
        to_status=assignment.status,
        changed_by=actor,
        note=_("Diperpanjang sampai %(day)s: %(reason)s") % {"day": new_end.strftime("%d-%m-%Y"), "reason": reason},
    )
    return assignment


@transaction.atomic
def assignment_complete(*, actor: User, assignment: StudyAssignment, graduated_on: dt.date) -> StudyAssignment:
    """Graduated: back to work, and the new degree goes into the registry's education history."""
    require_permission(actor, MANAGE)
    assignment = _running(assignment, actor)
    if graduated_on < assignment.starts_on or graduated_on > timezone.localdate():
        raise ServiceError(_("Tanggal lulus harus antara mulai tugas belajar dan hari ini."))
    _assignment_move(assignment, actor=actor, to=AssignmentStatus.COMPLETED)
    assignment.graduated_on = graduated_on
    _save(assignment, ("status", "graduated_on"))
    history_add(
        actor=actor,
        row=EducationHistory(
            employee=assignment.employee,
            level=EducationLevel.objects.get(code=assignment.level),
            major=assignment.study_program,
            institution=assignment.institution,
            graduation_year=graduated_on.year,
        ),
    )
    return assignment


@transaction.atomic
def assignment_stop(*, actor: User, assignment: StudyAssignment, reason: str) -> StudyAssignment:
    require_permission(actor, MANAGE)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan tugas belajar dihentikan."))
    assignment = _running(assignment, actor)
    _assignment_move(assignment, actor=actor, to=AssignmentStatus.STOPPED, note=reason)
    _save(assignment, ("status",))
    return assignment


# --- Overseas training and internships -------------------------------------------------------------


# Who waits on a request abroad after a move, keyed (from, to) with None for any origin; the employee
# hears of the decision and of the report's fate as well.
OVERSEAS_NOTICES: dict[tuple[str | None, str], tuple[str, Any]] = {
    (None, OverseasStatus.SUBMITTED): (
        MANAGE,
        gettext_lazy("Permohonan ke luar negeri %(name)s (%(title)s) menunggu pemeriksaan."),
    ),
    (None, OverseasStatus.RETURNED): (
        PROPOSE,
        gettext_lazy("Permohonan ke luar negeri %(name)s dikembalikan: %(note)s"),
    ),
    (None, OverseasStatus.APPROVED): (
        PROPOSE,
        gettext_lazy("Permohonan ke luar negeri %(name)s (%(title)s) disetujui."),
    ),
    (None, OverseasStatus.REJECTED): (PROPOSE, gettext_lazy("Permohonan ke luar negeri %(name)s ditolak: %(note)s")),
    (None, OverseasStatus.REPORTED): (
        MANAGE,
        gettext_lazy("Laporan kegiatan luar negeri %(name)s menunggu pemeriksaan."),
    ),
    (OverseasStatus.REPORTED, OverseasStatus.APPROVED): (
        PROPOSE,
        gettext_lazy("Laporan kegiatan luar negeri %(name)s dikembalikan: %(note)s"),
    ),
    (None, OverseasStatus.COMPLETED): (PROPOSE, gettext_lazy("Laporan kegiatan luar negeri %(name)s diterima.")),
}
OVERSEAS_TOLD_TO_EMPLOYEE = {
    (OverseasStatus.SUBMITTED, OverseasStatus.APPROVED),
    (OverseasStatus.SUBMITTED, OverseasStatus.REJECTED),
    (OverseasStatus.REPORTED, OverseasStatus.COMPLETED),
}


def _overseas_move(request: OverseasRequest, *, actor: User, to: str, note: str = "") -> None:
    origin = request.status
    status_move(
        request,
        to=to,
        transitions=OVERSEAS_TRANSITIONS,
        history=request.status_changes,
        actor=actor,
        note=note,
        labels=OverseasStatus,
    )
    notice = OVERSEAS_NOTICES.get((origin, to)) or OVERSEAS_NOTICES.get((None, to))
    if notice is None:
        return
    permission, message = notice
    params = {"name": request.employee.full_name, "title": request.title, "note": note}
    link = reverse("studies:overseas", args=[request.pk])
    notify_responsible(permission, request.unit, actor=actor, message=message, params=params, link=link)
    if (origin, to) in OVERSEAS_TOLD_TO_EMPLOYEE:
        notify(
            recipients=User.objects.filter(employee_id=request.employee_id),
            message=message,
            params=params,
            link=reverse("selfservice:home"),
        )


@transaction.atomic
def overseas_create(*, actor: User, employee: Employee, **fields: Any) -> OverseasRequest:
    require_permission(actor, PROPOSE)
    require_employees_in_scope(actor, [employee])
    request = OverseasRequest(
        employee=employee, unit=employee.unit, proposed_by=actor, **{k: fields[k] for k in OVERSEAS_FIELDS}
    )
    _save(request)
    status_start(request, history=request.status_changes, actor=actor)
    return request


@transaction.atomic
def overseas_update(*, actor: User, request: OverseasRequest, **fields: Any) -> OverseasRequest:
    require_permission(actor, PROPOSE)
    request = _edited(
        request,
        actor=actor,
        editable=EDITABLE_OVERSEAS,
        names=OVERSEAS_FIELDS,
        values=fields,
        refusal=_("Permohonan yang sudah diajukan tidak dapat diubah."),
    )
    history_by(request, actor)
    _save(request, OVERSEAS_FIELDS)
    return request


@transaction.atomic
def overseas_submit(*, actor: User, request: OverseasRequest, today: dt.date | None = None) -> OverseasRequest:
    require_permission(actor, PROPOSE)
    request = _locked(request, actor)
    if request.starts_on <= _today(today):
        raise ServiceError(
            _("Permohonan diajukan sebelum keberangkatan (%(day)s).") % {"day": request.starts_on.strftime("%d-%m-%Y")}
        )
    missing = _missing(request, overseas_policy().required_papers)
    if missing:
        raise ServiceError(_("Berkas belum diunggah: %(papers)s.") % {"papers": "; ".join(missing)})
    _overseas_move(request, actor=actor, to=OverseasStatus.SUBMITTED)
    request.submitted_at = timezone.now()
    request.save(update_fields=["status", "submitted_at", "updated_at"])
    return request


@transaction.atomic
def overseas_return(*, actor: User, request: OverseasRequest, note: str) -> OverseasRequest:
    require_permission(actor, MANAGE)
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang harus dilengkapi unit kerja."))
    request = _locked(request, actor)
    _overseas_move(request, actor=actor, to=OverseasStatus.RETURNED, note=note)
    request.save(update_fields=["status", "updated_at"])
    return request


@transaction.atomic
def overseas_decide(*, actor: User, request: OverseasRequest, approve: bool, note: str = "") -> Document | None:
    """Approve (every required paper verified as valid; the approval letter is drafted for the head to
    sign) or reject with a reason."""
    require_permission(actor, MANAGE)
    request = _locked(request, actor)
    if not approve:
        if not note.strip():
            raise ServiceError(_("Tuliskan alasan permohonan ditolak."))
        _overseas_move(request, actor=actor, to=OverseasStatus.REJECTED, note=note)
        request.decision_note = note.strip()
        request.save(update_fields=["status", "decision_note", "updated_at"])
        return None
    papers = papers_of(request)
    unverified = [
        k.name
        for k in overseas_policy().required_papers
        if k.code not in papers or papers[k.code].status != PaperStatus.VALID
    ]
    if unverified:
        raise ServiceError(_("Berkas belum dinyatakan sah: %(papers)s.") % {"papers": "; ".join(unverified)})
    _overseas_move(request, actor=actor, to=OverseasStatus.APPROVED, note=note)
    request.decision_note = note.strip()
    request.save(update_fields=["status", "decision_note", "updated_at"])
    return document_generate(actor=actor, kind=APPROVAL_DOCUMENT, subject=request, permission=MANAGE)


def approval_of(request: OverseasRequest) -> Document | None:
    return Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(OverseasRequest),
        subject_id=request.pk,
        kind=APPROVAL_DOCUMENT,
        status=DocumentStatus.SIGNED,
    ).first()


@transaction.atomic
def overseas_report(
    *, actor: User, request: OverseasRequest, summary: str, today: dt.date | None = None
) -> OverseasRequest:
    """The report after return: the activity is over, the approval letter was signed, and the report
    paper is uploaded."""
    require_permission(actor, PROPOSE)
    request = _locked(request, actor)
    request.require("report", _("Laporan disampaikan untuk permohonan yang disetujui."))
    if approval_of(request) is None:
        raise ServiceError(_("Surat persetujuan belum ditandatangani."))
    if _today(today) < request.ends_on:
        raise ServiceError(
            _("Laporan disampaikan setelah kegiatan selesai (%(day)s).") % {"day": request.ends_on.strftime("%d-%m-%Y")}
        )
    if REPORT_PAPER not in papers_of(request):
        raise ServiceError(_("Unggah dahulu berkas laporan."))
    if not summary.strip():
        raise ServiceError(_("Tuliskan ringkasan hasil kegiatan."))
    _overseas_move(request, actor=actor, to=OverseasStatus.REPORTED)
    request.report_summary, request.reported_at = summary.strip(), timezone.now()
    request.save(update_fields=["status", "report_summary", "reported_at", "updated_at"])
    return request


@transaction.atomic
def overseas_report_decide(*, actor: User, request: OverseasRequest, approve: bool, note: str = "") -> OverseasRequest:
    """Accepting the report closes the request and writes the activity into the employee's training
    history with its JP; returning it asks for a better report."""
    require_permission(actor, MANAGE)
    request = _locked(request, actor)
    if not approve:
        if not note.strip():
            raise ServiceError(_("Tuliskan apa yang harus diperbaiki pada laporan."))
        _overseas_move(request, actor=actor, to=OverseasStatus.APPROVED, note=note)
        request.save(update_fields=["status", "updated_at"])
        return request
    _overseas_move(request, actor=actor, to=OverseasStatus.COMPLETED, note=note)
    kind = TrainingKind.objects.get(pk=overseas_policy().training_kinds[request.kind])
    record = history_add(
        actor=actor,
        row=TrainingRecord(
            employee=request.employee,
            name=request.title,
            kind=kind,
            organiser=f"{request.host}, {request.city}, {request.country}",
            start_date=request.starts_on,
            end_date=request.ends_on,
            jp_hours=request.jp,
        ),
    )
    request.training_record = record
    request.save(update_fields=["status", "training_record", "updated_at"])
    return request
