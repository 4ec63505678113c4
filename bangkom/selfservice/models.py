"""What a civil servant does for themselves: learning done elsewhere reported for recognition of JP,
checked by the operator of their unit or by BKPSDM."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.core import temporal
from bangkom.core.models import ReferenceModel, TimeStampedModel
from bangkom.core.state_machine import StatusActions, StatusChange, moves_to


class RecognitionRule(ReferenceModel):
    """Whether learning of one kind (SIASN's jenis diklat) reported by a civil servant counts towards
    their JP, and the most JP recognised for it in one year; set by the agency, with its source."""

    kind = models.OneToOneField(
        "people.TrainingKind", on_delete=models.PROTECT, related_name="recognition", verbose_name=_("jenis diklat")
    )
    counts = models.BooleanField(_("dapat dilaporkan pegawai"), default=True)
    max_jp_per_year = models.PositiveSmallIntegerField(
        _("JP diakui paling banyak per tahun"), null=True, blank=True, help_text=_("Kosong: tanpa batas.")
    )

    class Meta:
        ordering = ["kind_id"]
        verbose_name = _("aturan pengakuan JP")
        verbose_name_plural = _("aturan pengakuan JP")

    def __str__(self) -> str:
        return str(self.kind)


class Decided(TimeStampedModel):
    """A request a civil servant makes for themselves and someone else decides: when it was made,
    and who decided what, when and why. The subclass keeps its own status field and choices."""

    submitted_at = models.DateTimeField(_("diajukan"))
    decision_note = models.CharField(_("catatan pemeriksa"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def decision_record(self, *, actor: Any, note: str) -> None:
        """Who decided, when and why (the caller has moved the status and saves the row)."""
        self.decision_note, self.decided_by, self.decided_at = note, actor, timezone.now()


class Evidenced(Decided):
    """A request that carries one uploaded paper (a certificate, a diploma), checked by content; the
    file's own name is kept only for display."""

    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    checksum = models.CharField(max_length=64, db_index=True)

    class Meta:
        abstract = True


class ReportStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Menunggu pemeriksaan")
    RETURNED = "dikembalikan", _("Dikembalikan untuk dilengkapi")
    ACCEPTED = "diterima", _("Diterima")
    REJECTED = "ditolak", _("Ditolak")
    WITHDRAWN = "ditarik", _("Ditarik pegawai")


REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.SUBMITTED: {
        ReportStatus.ACCEPTED,
        ReportStatus.RETURNED,
        ReportStatus.REJECTED,
        ReportStatus.WITHDRAWN,
    },
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED, ReportStatus.WITHDRAWN},
    ReportStatus.ACCEPTED: set(),
    ReportStatus.REJECTED: set(),
    ReportStatus.WITHDRAWN: set(),
}
OPEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RETURNED)
# Reports that still claim their certificate and dates (a duplicate of one of them is refused).
CLAIMING_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.ACCEPTED)


def certificate_upload_to(instance: LearningReport, filename: str) -> str:
    return f"learning/{instance.employee.nip}/{instance.checksum[:16]}.{instance.extension}"


class LearningReport(StatusActions, Evidenced):
    ACTIONS = {
        "revise": {ReportStatus.RETURNED},
        "withdraw": moves_to(REPORT_TRANSITIONS, ReportStatus.WITHDRAWN),
    }
    TONES = {ReportStatus.ACCEPTED: "success", ReportStatus.RETURNED: "warning", ReportStatus.REJECTED: "danger"}
    """A learning activity a civil servant did elsewhere (a webinar, a course, e-learning, coaching…)
    reported with its certificate. Accepted, it becomes a training record with the JP recognised."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="learning_reports", verbose_name=_("pegawai")
    )
    kind = models.ForeignKey("people.TrainingKind", on_delete=models.PROTECT, verbose_name=_("jenis kegiatan"))
    name = models.CharField(_("nama kegiatan"), max_length=250)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp_claimed = models.PositiveSmallIntegerField(_("JP yang diajukan"))
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    file = models.FileField(_("sertifikat"), upload_to=certificate_upload_to, max_length=255)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    jp_recognised = models.PositiveSmallIntegerField(_("JP diakui"), null=True, blank=True)
    training_record = models.OneToOneField(
        "people.TrainingRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="learning_report"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = temporal.constraints_for("selfservice.LearningReport")
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="report_status_age_idx"),
            models.Index(fields=["employee", "status"], name="report_employee_status_idx"),
        ]
        verbose_name = _("laporan pengembangan kompetensi mandiri")
        verbose_name_plural = _("laporan pengembangan kompetensi mandiri")
        permissions = [("verify_learning_report", _("Memeriksa laporan pengembangan kompetensi pegawai"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee.nip})"


class LearningReportStatusChange(StatusChange):
    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("riwayat status laporan")
        verbose_name_plural = _("riwayat status laporan")


class CorrectionKind(models.TextChoices):
    """The parts of one's own record a civil servant may ask to correct: each is a history row the
    operator appends on approval (the keys are those of `people.forms.HISTORY_FORMS`)."""

    EDUCATION = "pendidikan", _("Pendidikan")
    RANK = "pangkat", _("Pangkat/golongan")
    POSITION = "jabatan", _("Jabatan")
    TRAINING = "diklat", _("Riwayat diklat")


class CorrectionStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Menunggu pemeriksaan")
    APPROVED = "disetujui", _("Disetujui")
    REFUSED = "ditolak", _("Ditolak")
    WITHDRAWN = "ditarik", _("Ditarik pegawai")


CORRECTION_TRANSITIONS: dict[str, set[str]] = {
    CorrectionStatus.SUBMITTED: {CorrectionStatus.APPROVED, CorrectionStatus.REFUSED, CorrectionStatus.WITHDRAWN},
    CorrectionStatus.APPROVED: set(),
    CorrectionStatus.REFUSED: set(),
    CorrectionStatus.WITHDRAWN: set(),
}


def evidence_upload_to(instance: CorrectionRequest, filename: str) -> str:
    return f"corrections/{instance.employee.nip}/{instance.checksum[:16]}.{instance.extension}"


class CorrectionRequest(StatusActions, Evidenced):
    ACTIONS = {"withdraw": moves_to(CORRECTION_TRANSITIONS, CorrectionStatus.WITHDRAWN)}
    TONES = {CorrectionStatus.APPROVED: "success", CorrectionStatus.REFUSED: "danger"}
    """A civil servant asks to correct their own record (a degree missing, a wrong rank) with the
    supporting document. The proposed row is kept as the form's own values, so approving it runs
    exactly the validation the operator's form runs; the appended history row is linked."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="correction_requests", verbose_name=_("pegawai")
    )
    kind = models.CharField(_("data yang diperbaiki"), max_length=12, choices=CorrectionKind.choices)
    proposed = models.JSONField(_("data yang diusulkan"))
    reason = models.CharField(_("alasan"), max_length=1000)
    file = models.FileField(_("dokumen pendukung"), upload_to=evidence_upload_to, max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.SUBMITTED
    )
    result_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    result_id = models.PositiveBigIntegerField(null=True, blank=True)
    result = GenericForeignKey("result_type", "result_id")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="correction_status_age_idx"),
            models.Index(fields=["employee", "status"], name="correction_emp_status_idx"),
        ]
        verbose_name = _("permintaan perbaikan data")
        verbose_name_plural = _("permintaan perbaikan data")
        permissions = [("decide_correction", _("Memutuskan permintaan perbaikan data pegawai"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.employee.nip})"


class CorrectionStatusChange(StatusChange):
    request = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("riwayat status permintaan perbaikan")
        verbose_name_plural = _("riwayat status permintaan perbaikan")


class InterestStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Menunggu persetujuan operator")
    ENDORSED = "disetujui", _("Disetujui: terdaftar sebagai peserta")
    DECLINED = "ditolak", _("Tidak disetujui")
    WITHDRAWN = "ditarik", _("Ditarik pegawai")


INTEREST_TRANSITIONS: dict[str, set[str]] = {
    InterestStatus.SUBMITTED: {InterestStatus.ENDORSED, InterestStatus.DECLINED, InterestStatus.WITHDRAWN},
    InterestStatus.WITHDRAWN: {InterestStatus.SUBMITTED},
    InterestStatus.ENDORSED: set(),
    InterestStatus.DECLINED: set(),
}


class ProgramInterest(StatusActions, Decided):
    ACTIONS = {
        "withdraw": moves_to(INTEREST_TRANSITIONS, InterestStatus.WITHDRAWN),
        "show": set(InterestStatus) - {InterestStatus.WITHDRAWN},  # on the offer, to the employee
    }
    """A civil servant asks to take part in an open program of the agency; the operator of their unit
    endorses it (they become a participant) or declines it with a reason."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="program_interests", verbose_name=_("pegawai")
    )
    program = models.ForeignKey(
        "training.Program", on_delete=models.CASCADE, related_name="interests", verbose_name=_("program")
    )
    motivation = models.CharField(_("alasan ingin mengikuti"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InterestStatus.choices, default=InterestStatus.SUBMITTED
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["employee", "program"], name="uniq_interest_employee_program")]
        indexes = [models.Index(fields=["status", "submitted_at"], name="interest_status_age_idx")]
        verbose_name = _("minat mengikuti program")
        verbose_name_plural = _("minat mengikuti program")

    def __str__(self) -> str:
        return f"{self.employee.nip} → {self.program}"


class InterestStatusChange(StatusChange):
    interest = models.ForeignKey(ProgramInterest, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("riwayat status minat")
        verbose_name_plural = _("riwayat status minat")
