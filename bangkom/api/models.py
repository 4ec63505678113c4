"""The systems that use Bangkom's REST API: each integration client has its own token, scope and expiry,
and acts through a user of its own so that every write it makes is checked and audited like a person's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core.models import TimeStampedModel


class ApiAccess(models.TextChoices):
    """What a client may call. Each grants its user the permissions the same pages ask of a person
    (`services.ACCESS_PERMISSIONS`); the units it sees are the client's unit and those below it."""

    EMPLOYEES_READ = "pegawai:baca", _("Baca data pegawai dan riwayatnya")
    LEDGER_READ = "jp:baca", _("Baca rekap JP per tahun dan unit")
    PROGRAMS_READ = "program:baca", _("Baca program pengembangan kompetensi")
    CERTIFICATES_READ = "sertifikat:baca", _("Baca sertifikat dan status verifikasinya")
    SELECTION_READ = "seleksi:baca", _("Baca hasil seleksi Diklatpim")
    TRAINING_WRITE = "diklat:tulis", _("Mencatat riwayat diklat (mis. dari LMS)")


class ApiClient(TimeStampedModel):
    name = models.CharField(_("nama klien"), max_length=100, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", verbose_name=_("pengguna klien")
    )
    # Only a digest of the token is kept; the prefix tells an administrator which token a log names.
    token_prefix = models.CharField(_("awalan token"), max_length=12, unique=True)
    token_digest = models.CharField(max_length=64, unique=True)
    access = models.JSONField(_("akses"), default=list)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    rate_per_minute = models.PositiveIntegerField(_("batas permintaan per menit"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "last_used_at", "token_digest"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")
        permissions = [("manage_apiclients", _("Mengelola klien API dan tokennya"))]

    def __str__(self) -> str:
        return self.name

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def may(self, access: str) -> bool:
        return access in self.access


class ClientRecord(models.Model):
    """A training record a client reported, under the client's own id for it: the same report sent
    twice (a retry after a lost answer) finds this row instead of making a second record."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="records")
    client_record_id = models.CharField(_("id catatan di sistem klien"), max_length=100)
    training_record = models.OneToOneField(
        "people.TrainingRecord", on_delete=models.CASCADE, related_name="client_record"
    )
    fingerprint = models.CharField(max_length=64)  # of the fields sent: a different report under the same id is refused
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "client_record_id"], name="uniq_client_record"),
        ]
        verbose_name = _("catatan dari klien API")
        verbose_name_plural = _("catatan dari klien API")

    def __str__(self) -> str:
        return f"{self.client} {self.client_record_id}"
