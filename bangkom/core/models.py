"""Building blocks shared by every app: timestamps, reference-data base, background jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .state_machine import StatusActions, StatusTone, moves_to
from .temporal import TemporalRules


class TimeStampedModel(TemporalRules, models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class PaperStatus(models.TextChoices):
    """The one vocabulary of a required paper's check, wherever papers are asked for (the JPT
    assessment, tugas belajar): a flow that never waits for an upload starts at PENDING."""

    MISSING = "belum_ada", _("Belum diunggah")
    PENDING = "belum_diperiksa", _("Belum diperiksa")
    VALID = "sah", _("Sah")
    REJECTED = "ditolak", _("Ditolak")


class Verification(StatusTone, TimeStampedModel):
    """A required paper checked by staff: the subclass keeps its own status field and choices; the
    note, who checked it and when are recorded here, the same way everywhere."""

    note = models.CharField(_("catatan pemeriksaan"), max_length=500, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    TONES = {PaperStatus.VALID: "success", PaperStatus.REJECTED: "danger"}

    class Meta:
        abstract = True

    def verification_record(self, *, actor: Any, status: str, note: str = "") -> None:
        """Save the check's outcome (the caller has locked the row and checked the reason)."""
        self.status = status  # type: ignore[attr-defined]  # each subclass declares its own choices
        self.note, self.verified_by, self.verified_at = note.strip(), actor, timezone.now()
        self.save(update_fields=["status", "note", "verified_by", "verified_at", "updated_at"])

    def verification_clear(self, status: str) -> None:
        """A new paper replaces the checked one: back to `status`, unchecked (saved by the caller)."""
        self.status = status  # type: ignore[attr-defined]
        self.note, self.verified_by, self.verified_at = "", None, None


class Correctable(TimeStampedModel):
    """A record entered by hand that can be corrected or cancelled with a reason: each change is kept
    in the subclass's history (`history = HistoricalRecords(...)`, the reason as its change reason);
    a cancelled record stays, marked, and no longer counts."""

    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    cancel_reason = models.CharField(_("alasan pembatalan"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class ReferenceModel(models.Model):
    """Reference data an administrator can edit, with its legal source and effective dates (X3)."""

    legal_source = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    SUCCEEDED = "succeeded", _("Selesai")
    FAILED = "failed", _("Gagal")
    STALLED = "stalled", _("Terhenti")
    CANCELLED = "cancelled", _("Dibatalkan")


# A job whose worker died (no progress for JOB_STALL_MINUTES) is `stalled`: its file is kept so that
# it can be queued again or cancelled. Every other end removes the uploaded file (retention).
JOB_TRANSITIONS: dict[str, set[str]] = {
    JobStatus.QUEUED: {JobStatus.RUNNING, JobStatus.FAILED, JobStatus.STALLED},
    JobStatus.RUNNING: {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.STALLED},
    JobStatus.STALLED: {JobStatus.QUEUED, JobStatus.CANCELLED},
    JobStatus.SUCCEEDED: set(),
    JobStatus.FAILED: set(),
    JobStatus.CANCELLED: set(),
}


class Job(StatusActions, TimeStampedModel):
    ACTIONS = {
        "retry": moves_to(JOB_TRANSITIONS, JobStatus.QUEUED),
        "cancel": moves_to(JOB_TRANSITIONS, JobStatus.CANCELLED),
    }
    TONES = {JobStatus.SUCCEEDED: "success", JobStatus.FAILED: "danger", JobStatus.STALLED: "warning"}
    """Long work (imports, bulk screening, batch letters) with a progress the page polls."""

    kind = models.CharField(_("jenis"), max_length=50)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", null=True)
    input_file = models.FileField(_("berkas"), upload_to="jobs/%Y/%m/", blank=True)
    input_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    # What an export made (an XLSX of thousands of rows): kept in the storage backend, handed only to
    # the person who asked, removed after EXPORT_KEEP_HOURS.
    output_file = models.FileField(_("berkas hasil"), upload_to="exports/%Y/%m/", blank=True, max_length=255)
    output_name = models.CharField(_("nama berkas hasil"), max_length=255, blank=True)
    # A job without a file (screening a round, drafting a long document) says what it works on here.
    title = models.CharField(_("judul"), max_length=255, blank=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    done = models.PositiveIntegerField(_("selesai"), default=0)
    message = models.CharField(_("keterangan"), max_length=500, blank=True)
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.STALLED, JobStatus.CANCELLED)


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "libur", _("Hari libur / cuti bersama tambahan")
    WORKING_DAY = "kerja", _("Hari kerja (libur dibatalkan/digeser)")


class CalendarDay(TimeStampedModel):
    """A correction to the national holiday list, e.g. cuti bersama changed by a joint decree (SKB)."""

    date = models.DateField(_("tanggal"), unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("keterangan"), max_length=200)
    legal_source = models.CharField(
        _("dasar hukum"), max_length=300, help_text=_("Mis. SKB 3 Menteri tentang cuti bersama.")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("koreksi kalender kerja")
        verbose_name_plural = _("koreksi kalender kerja")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_kind_display()}: {self.name}"


class DataAccessAction(models.TextChoices):
    EXPORT = "ekspor", _("Ekspor")
    DOWNLOAD = "unduh", _("Unduh")


class DataAccess(models.Model):
    """One export or download of personal data: who, what, when, how many rows, from where. Written
    by `core.middleware.DataAccessLogMiddleware` for every file the app hands to a signed-in user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pengguna")
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=DataAccessAction.choices)
    what = models.CharField(_("berkas"), max_length=255)
    path = models.CharField(_("alamat"), max_length=500)
    rows = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)
    address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("log ekspor dan unduhan")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what}"


class RecordProblem(models.Model):
    """A stored row found breaking a temporal rule: by the migration that added the rule (which
    kept the original value here before repairing the row) or by the `records_check` command."""

    label = models.CharField(_("jenis data"), max_length=100)
    object_id = models.CharField(_("id data"), max_length=40)
    field = models.CharField(_("kolom"), max_length=100)
    original_value = models.CharField(_("nilai semula"), max_length=100)
    repaired_value = models.CharField(_("nilai setelah diperbaiki"), max_length=100, blank=True)
    problem = models.CharField(_("masalah"), max_length=500)
    found_by = models.CharField(_("ditemukan oleh"), max_length=100)
    found_at = models.DateTimeField(_("ditemukan"), auto_now_add=True)

    class Meta:
        ordering = ["-found_at", "label", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["label", "object_id", "field", "problem"], name="uniq_record_problem")
        ]
        verbose_name = _("data yang perlu diperiksa")
        verbose_name_plural = _("data yang perlu diperiksa")

    def __str__(self) -> str:
        return f"{self.label} #{self.object_id} {self.field}: {self.problem}"
