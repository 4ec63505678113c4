"""Sending the chosen participants to an accredited training institution (REQUIREMENTS.md S6; Kota
Bekasi's service standard, steps 3–9), on a clock of 22 working days."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core import temporal
from bangkom.core.models import TimeStampedModel
from bangkom.core.state_machine import StatusActions, StatusChange
from bangkom.core.temporal import TemporalRules
from bangkom.people.models import TrainingRecord
from bangkom.selection.models import RoundCandidate, SelectionRound

# The service standard a dispatch delivers (services/data/catalogue/bekasi-diklatpim-ii.json): its
# completion time (22 working days) and its nine steps come from there.
SERVICE_CODE = "pengiriman-diklatpim-ii"


class DispatchStatus(models.TextChoices):
    PROPOSED = "usulan", _("Usulan ke lembaga penyelenggara")
    AGREED = "kerja_sama", _("Perjanjian kerja sama")
    RUNNING = "pelaksanaan", _("Peserta dikirim, pelaksanaan dan monitoring")
    RESULTS = "hasil_diterima", _("Hasil kelulusan diterima")
    EVALUATED = "dievaluasi", _("Evaluasi selesai")
    CANCELLED = "dibatalkan", _("Dibatalkan")


DISPATCH_TRANSITIONS: dict[str, set[str]] = {
    DispatchStatus.PROPOSED: {DispatchStatus.AGREED, DispatchStatus.CANCELLED},
    DispatchStatus.AGREED: {DispatchStatus.RUNNING, DispatchStatus.CANCELLED},
    DispatchStatus.RUNNING: {DispatchStatus.RESULTS, DispatchStatus.CANCELLED},
    DispatchStatus.RESULTS: {DispatchStatus.EVALUATED},
    DispatchStatus.EVALUATED: set(),
    DispatchStatus.CANCELLED: set(),
}
# The service is delivered once the participants are sent with their Surat Perintah Tugas.
SERVICE_DONE = {DispatchStatus.RUNNING, DispatchStatus.RESULTS, DispatchStatus.EVALUATED}
# How many of the standard's nine steps are done when the dispatch reaches a status: 1–2 (the data of
# eselon II officials without Diklatpim, the selection) are the closed selection round; 3 is the
# proposal letter signed; 4–5 the proposal delivered and the agreement; 6–7 the preparation and the
# sending with the SPT (the product); 8 the results; 9 the evaluation.
STEPS_DONE: dict[str, int] = {
    DispatchStatus.PROPOSED: 2,
    DispatchStatus.AGREED: 5,
    DispatchStatus.RUNNING: 7,
    DispatchStatus.RESULTS: 8,
    DispatchStatus.EVALUATED: 9,
}
PROPOSAL_SIGNED_STEPS = 3


class Dispatch(StatusActions, TimeStampedModel):
    ACTIONS = {
        "edit": {DispatchStatus.PROPOSED, DispatchStatus.AGREED, DispatchStatus.RUNNING, DispatchStatus.RESULTS},
        "follow": {DispatchStatus.RUNNING},  # the participants' results, the monitoring notes
    }
    round = models.OneToOneField(SelectionRound, on_delete=models.PROTECT, related_name="dispatch")
    institution = models.CharField(_("lembaga penyelenggara terakreditasi"), max_length=200)
    institution_address = models.CharField(_("alamat lembaga"), max_length=300, blank=True)
    accreditation = models.CharField(_("akreditasi lembaga"), max_length=200)
    training_name = models.CharField(_("nama pelatihan"), max_length=250)
    start_date = models.DateField(_("tanggal mulai pelatihan"), null=True, blank=True)
    end_date = models.DateField(_("tanggal selesai pelatihan"), null=True, blank=True)
    jp_hours = models.PositiveSmallIntegerField(_("jumlah JP"), null=True, blank=True)
    requested_on = models.DateField(_("tanggal permohonan"))
    # The request on the service's clock: its due date, its steps and the day the service was delivered.
    request = models.OneToOneField(
        "services.ServiceRequest",
        on_delete=models.PROTECT,
        related_name="dispatch",
        verbose_name=_("permohonan layanan"),
    )
    agreement_number = models.CharField(_("nomor perjanjian kerja sama"), max_length=150, blank=True)
    agreement_date = models.DateField(_("tanggal perjanjian kerja sama"), null=True, blank=True)
    evaluation = models.TextField(_("evaluasi pelaksanaan"), blank=True)
    problems = models.TextField(_("masalah dalam pelaksanaan"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DispatchStatus.choices, default=DispatchStatus.PROPOSED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("dispatch.Dispatch")
        ordering = ["-requested_on", "-id"]
        permissions = [("manage_dispatch", _("Mengelola pengiriman peserta Diklatpim"))]
        verbose_name = _("pengiriman peserta")
        verbose_name_plural = _("pengiriman peserta")

    def __str__(self) -> str:
        return f"{self.training_name} – {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("dispatch:detail", args=[self.pk])


class DispatchStatusChange(StatusChange):
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=DispatchStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=DispatchStatus.choices)


class Result(models.TextChoices):
    PASSED = "lulus", _("Lulus")
    FAILED = "tidak_lulus", _("Tidak lulus")


class Participant(TimeStampedModel):
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="participants")
    candidate = models.OneToOneField(RoundCandidate, on_delete=models.PROTECT, related_name="participation")
    result = models.CharField(_("hasil"), max_length=15, choices=Result.choices, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat/STTP"), max_length=100, blank=True)
    result_note = models.CharField(_("catatan hasil"), max_length=500, blank=True)
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["dispatch", "candidate__rank", "candidate__employee__name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")

    def __str__(self) -> str:
        return str(self.candidate.employee)


class MonitoringNote(TemporalRules, models.Model):
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="monitoring")
    noted_on = models.DateField(_("tanggal"))
    note = models.TextField(_("catatan monitoring"))
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["noted_on", "id"]
        verbose_name = _("catatan monitoring")
        verbose_name_plural = _("catatan monitoring")

    def __str__(self) -> str:
        return f"{self.noted_on}: {self.note[:40]}"
