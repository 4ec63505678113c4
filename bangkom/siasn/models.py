"""Training records sent to BKN's SIASN: one submission per record, with where it stands (waiting,
sent with SIASN's id, refused with SIASN's message) and the attempts made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core.models import TimeStampedModel
from bangkom.core.state_machine import StatusActions


class SiasnHistoryKind(models.TextChoices):
    """Which SIASN history a training goes to: structural training (latihan struktural: PIM, PKN,
    PKA, PKP) is riwayat diklat, everything else riwayat kursus."""

    COURSE = "kursus", _("Riwayat kursus (RwKursus)")
    STRUCTURAL = "diklat", _("Riwayat diklat struktural (RwDiklat)")


class SubmissionStatus(models.TextChoices):
    WAITING = "menunggu", _("Menunggu dikirim")
    SENT = "terkirim", _("Terkirim")
    REFUSED = "ditolak", _("Ditolak SIASN")


class SiasnSubmission(StatusActions, TimeStampedModel):
    # Sent again: after SIASN's refusal (the record or the employee's SIASN id corrected), or once the
    # retries gave up (a waiting submission with no next attempt).
    ACTIONS = {"resend": {SubmissionStatus.REFUSED, SubmissionStatus.WAITING}}
    TONES = {SubmissionStatus.SENT: "success", SubmissionStatus.REFUSED: "danger", SubmissionStatus.WAITING: "warning"}

    training_record = models.OneToOneField(
        "people.TrainingRecord", on_delete=models.CASCADE, related_name="siasn_submission"
    )
    history_kind = models.CharField(_("riwayat SIASN"), max_length=10, choices=SiasnHistoryKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.WAITING
    )
    siasn_id = models.CharField(_("id riwayat di SIASN"), max_length=64, blank=True)
    message = models.CharField(_("pesan SIASN"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("dicoba lagi"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("diantrekan oleh"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="siasn_due_idx")]
        verbose_name = _("kiriman ke SIASN")
        verbose_name_plural = _("kiriman ke SIASN")
        permissions = [("send_to_siasn", _("Mengirim riwayat diklat ke SIASN"))]

    def __str__(self) -> str:
        return f"{self.training_record_id} {self.status}"

    def also_allows(self, action: str) -> bool:
        return self.status == SubmissionStatus.REFUSED or self.next_attempt_at is None
