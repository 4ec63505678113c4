"""The service catalogue (each service's standard, shipped as data and editable by the agency), the
requests that run on its clock, the JPT Pratama job-target assessment and complaints."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.accounts.roles import ROLES
from bangkom.core import temporal
from bangkom.core.calendar import TimeUnit
from bangkom.core.models import PaperStatus, TimeStampedModel, Verification
from bangkom.core.state_machine import StatusActions, StatusChange, moves_to
from bangkom.people.models import DocumentKind, Employee, EmployeeDocument, Unit

ROLE_CODES = {role.code for role in ROLES}
UNIT_CHOICES = [
    (TimeUnit.MINUTES.value, _("menit")),
    (TimeUnit.WORKING_DAYS.value, _("hari kerja")),
    (TimeUnit.DAYS.value, _("hari")),
    (TimeUnit.MONTHS.value, _("bulan")),
]


class Service(TimeStampedModel):
    """One service standard: legal basis, requirements, steps with the role responsible for each,
    completion time, cost, products and complaint channels (X4)."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama layanan"), max_length=200)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300)
    requirements = models.JSONField(_("persyaratan"), default=list)
    steps = models.JSONField(_("prosedur"), default=list, help_text=_('Daftar {"role": ..., "text": ...}'))
    completion_amount = models.PositiveIntegerField(_("waktu penyelesaian"), null=True, blank=True)
    completion_unit = models.CharField(_("satuan waktu"), max_length=12, choices=UNIT_CHOICES)
    completion_text = models.CharField(_("keterangan waktu"), max_length=300, blank=True)
    completion_notes = models.JSONField(_("rincian waktu"), default=list, blank=True)
    cost = models.CharField(_("biaya/tarif"), max_length=300)
    products = models.JSONField(_("produk layanan"), default=list)
    complaint_channels = models.JSONField(_("pengaduan layanan"), default=list)
    warn_days = models.PositiveSmallIntegerField(
        _("peringatan (hari kerja sebelum batas)"), default=2, validators=[MaxValueValidator(60)]
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("standar layanan")
        verbose_name_plural = _("standar layanan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("desk:service", args=[self.code])

    def clean(self) -> None:
        problems: list[str] = []
        if not isinstance(self.steps, list) or not self.steps:
            problems.append(str(_("Prosedur harus berupa daftar langkah dan tidak boleh kosong.")))
        else:
            for number, row in enumerate(self.steps, start=1):
                if not isinstance(row, dict) or not str(row.get("text", "")).strip():
                    problems.append(_("Langkah %(n)d tidak memiliki uraian.") % {"n": number})
                elif row.get("role") not in ROLE_CODES:
                    problems.append(
                        _("Langkah %(n)d: peran %(role)r tidak dikenal (pilihan: %(roles)s).")
                        % {"n": number, "role": row.get("role"), "roles": ", ".join(sorted(ROLE_CODES))}
                    )
        for field in ("requirements", "products", "complaint_channels", "completion_notes"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                problems.append(
                    _("%(field)s harus berupa daftar teks.")
                    % {"field": getattr(self._meta.get_field(field), "verbose_name", field)}
                )
        if problems:
            raise ValidationError(problems)


class RequestStatus(models.TextChoices):
    IN_PROGRESS = "diproses", _("Diproses")
    DONE = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")
    CANCELLED = "dibatalkan", _("Dibatalkan")


REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.IN_PROGRESS: {
        RequestStatus.IN_PROGRESS,
        RequestStatus.DONE,
        RequestStatus.REJECTED,
        RequestStatus.CANCELLED,
    },
    RequestStatus.DONE: set(),
    RequestStatus.REJECTED: set(),
    RequestStatus.CANCELLED: set(),
}


class ServiceRequest(StatusActions, TimeStampedModel):
    ACTIONS = {"work": {RequestStatus.IN_PROGRESS}}  # follow its steps, attach, finish, reject or cancel
    """One request on a service's clock. It keeps a copy of the steps and the due date as they were
    when it was received, so a later edit of the standard never moves a promise already made. The
    clock stops on `finished_on`, when the service's product is delivered; a flow whose procedure goes
    on after its product (a dispatch's results and evaluation) records those steps after it."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("layanan"))
    title = models.CharField(_("perihal"), max_length=300)
    applicant = models.CharField(_("pemohon"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit pemohon")
    )
    received_on = models.DateField(_("diterima"))
    due_on = models.DateField(_("batas waktu"))
    steps = models.JSONField(_("prosedur"), default=list)
    step = models.PositiveSmallIntegerField(_("langkah"), default=1)
    # The current step's role, kept beside `step` so "what waits on me" is one indexed filter
    # instead of reading every open request's procedure; empty once every step is done.
    step_role = models.CharField(max_length=150, blank=True, editable=False)
    step_started_at = models.DateTimeField(_("langkah dimulai"))
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.IN_PROGRESS
    )
    finished_on = models.DateField(_("layanan selesai"), null=True, blank=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("services.ServiceRequest")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="request_open_due_idx"),
            models.Index(fields=["status", "step_role"], name="request_open_role_idx"),
        ]
        permissions = [("manage_requests", _("Dapat mencatat dan memproses permohonan layanan"))]
        verbose_name = _("permohonan layanan")
        verbose_name_plural = _("permohonan layanan")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("desk:request", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"LY-{self.received_on:%Y}-{self.pk:05d}"

    @property
    def current_step(self) -> dict[str, str] | None:
        """The step waiting to be done; None once every step is done."""
        return self.steps[self.step - 1] if self.step <= len(self.steps) else None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.step_role = self.current_step["role"] if self.current_step else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"step", "steps"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "step_role"}
        super().save(*args, **kwargs)


class RequestChange(StatusChange):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=RequestStatus.choices)
    step = models.PositiveSmallIntegerField(null=True, blank=True)


# --- The JPT Pratama job-target assessment (A1-A5) -------------------------------------------------


class AssessmentStatus(models.TextChoices):
    PREPARING = "persiapan", _("Persiapan (alur internal)")
    RUNNING = "pelaksanaan", _("Pelaksanaan asesmen")
    DONE = "selesai", _("Hasil lengkap")
    CANCELLED = "batal", _("Dibatalkan")


ASSESSMENT_TRANSITIONS: dict[str, set[str]] = {
    AssessmentStatus.PREPARING: {AssessmentStatus.RUNNING, AssessmentStatus.CANCELLED},
    AssessmentStatus.RUNNING: {AssessmentStatus.DONE, AssessmentStatus.CANCELLED},
    AssessmentStatus.DONE: set(),
    AssessmentStatus.CANCELLED: set(),
}


class JobTargetAssessment(StatusActions, TimeStampedModel):
    ACTIONS = {
        "prepare": {AssessmentStatus.PREPARING},  # letters, coordination, participants
        "record_results": {AssessmentStatus.RUNNING},
        "cancel": moves_to(ASSESSMENT_TRANSITIONS, AssessmentStatus.CANCELLED),
    }
    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="assessment")
    title = models.CharField(_("nama kegiatan"), max_length=300)
    positions = models.CharField(_("jabatan pimpinan tinggi yang diisi"), max_length=500)
    pansel_reference = models.CharField(_("pengumuman Pansel lulus administrasi"), max_length=200)
    province_agency = models.CharField(_("BKD provinsi"), max_length=200)
    coordination_note = models.TextField(_("catatan koordinasi dengan BKD provinsi"), max_length=2000, blank=True)
    letter_sent_on = models.DateField(_("surat permohonan dikirim"), null=True, blank=True)
    reply_number = models.CharField(_("nomor surat balasan"), max_length=100, blank=True)
    reply_date = models.DateField(_("tanggal surat balasan"), null=True, blank=True)
    reply_note = models.TextField(_("isi balasan"), max_length=2000, blank=True)
    facilitation_starts_on = models.DateField(_("fasilitasi mulai"), null=True, blank=True)
    facilitation_ends_on = models.DateField(_("fasilitasi selesai"), null=True, blank=True)
    venue = models.CharField(_("tempat asesmen"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.PREPARING
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("services.JobTargetAssessment")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("run_assessment", _("Dapat menyelenggarakan asesmen job target")),
            ("view_assessment", _("Dapat melihat asesmen job target")),
        ]
        verbose_name = _("asesmen job target JPT Pratama")
        verbose_name_plural = _("asesmen job target JPT Pratama")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("desk:assessment", args=[self.pk])


class AssessmentChange(StatusChange):
    assessment = models.ForeignKey(JobTargetAssessment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=AssessmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=AssessmentStatus.choices)


class Participant(TimeStampedModel):
    assessment = models.ForeignKey(JobTargetAssessment, on_delete=models.CASCADE, related_name="participants")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="job_target_assessments")
    siasn_updated_at = models.DateTimeField(_("data SIASN dimutakhirkan"), null=True, blank=True)
    siasn_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_on = models.DateField(_("tanggal asesmen"), null=True, blank=True)
    assessment_days = models.PositiveSmallIntegerField(
        _("lama asesmen (hari)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    report_due_on = models.DateField(_("batas laporan individu"), null=True, blank=True)
    report_received_on = models.DateField(_("laporan individu diterima"), null=True, blank=True)
    jpm = models.DecimalField(
        _("job person match (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    category = models.CharField(_("kategori hasil"), max_length=50, blank=True)
    recommendation = models.TextField(_("rekomendasi"), max_length=2000, blank=True)
    report = models.ForeignKey(
        EmployeeDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laporan individu"),
    )

    class Meta:
        ordering = ["employee__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "employee"], name="uniq_assessment_participant"),
            *temporal.constraints_for("services.Participant"),
        ]
        verbose_name = _("peserta asesmen")
        verbose_name_plural = _("peserta asesmen")

    def __str__(self) -> str:
        return f"{self.employee} ({self.assessment})"


class ParticipantPaper(Verification):
    """One required paper of a participant: the registry document uploaded for it and its check."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=DocumentKind.choices)
    document = models.ForeignKey(
        EmployeeDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("dokumen")
    )
    status = models.CharField(_("status"), max_length=20, choices=PaperStatus.choices, default=PaperStatus.MISSING)

    class Meta:
        ordering = ["participant", "id"]
        constraints = [models.UniqueConstraint(fields=["participant", "kind"], name="uniq_participant_paper")]
        verbose_name = _("dokumen peserta asesmen")
        verbose_name_plural = _("dokumen peserta asesmen")

    def __str__(self) -> str:
        return f"{self.participant}: {self.kind}"


# --- Complaints (pengaduan) -----------------------------------------------------------------------


# How a complaint reached the agency: the codes of data/complaints.json with the names people read.
CHANNEL_NAMES = {
    "web": _("Formulir web"),
    "loket": _("Loket"),
    "telepon": _("Telepon"),
    "surel": _("Surel"),
    "whatsapp": _("WhatsApp"),
    "surat": _("Surat"),
}


class ComplaintStatus(models.TextChoices):
    RECEIVED = "diterima", _("Diterima")
    ASSIGNED = "diteruskan", _("Diteruskan ke unit")
    ANSWERED = "dijawab", _("Dijawab")
    CLOSED = "selesai", _("Selesai")
    DISMISSED = "tidak_diproses", _("Tidak diproses")


# Waiting for an answer: received at the desk or passed to a unit. Past its response deadline such a
# complaint is late (the one rule the list, the complaint's page and the home use).
OPEN_COMPLAINT = (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED)

COMPLAINT_TRANSITIONS: dict[str, set[str]] = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.ASSIGNED, ComplaintStatus.DISMISSED},
    ComplaintStatus.ASSIGNED: {ComplaintStatus.ASSIGNED, ComplaintStatus.ANSWERED},
    ComplaintStatus.ANSWERED: {ComplaintStatus.CLOSED, ComplaintStatus.ASSIGNED},
    ComplaintStatus.CLOSED: set(),
    ComplaintStatus.DISMISSED: set(),
}


class Complaint(StatusActions, TimeStampedModel):
    ACTIONS = {
        "assign": moves_to(COMPLAINT_TRANSITIONS, ComplaintStatus.ASSIGNED),
        "close": moves_to(COMPLAINT_TRANSITIONS, ComplaintStatus.CLOSED),
        "dismiss": moves_to(COMPLAINT_TRANSITIONS, ComplaintStatus.DISMISSED),
    }
    code = models.CharField(_("kode pelacakan"), max_length=20, unique=True)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints", verbose_name=_("layanan")
    )
    channel = models.CharField(_("saluran"), max_length=20)
    name = models.CharField(_("nama pengadu"), max_length=150)
    # Contact details are personal data: shown to the staff handling the complaint, never in lists.
    contact = models.CharField(_("kontak (surel/telepon)"), max_length=150)
    subject = models.CharField(_("pokok pengaduan"), max_length=200)
    body = models.TextField(_("uraian pengaduan"), max_length=5000)
    received_on = models.DateField(_("diterima"))
    respond_by = models.DateField(_("batas tanggapan"))
    resolve_by = models.DateField(_("batas penyelesaian"))
    status = models.CharField(
        _("status"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit penanggung jawab")
    )
    answer = models.TextField(_("jawaban"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("dijawab"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)  # keyed hash of the sender's address
    form_nonce = models.CharField(max_length=32, blank=True, editable=False)  # the public form's one-use token
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="complaint_open_due_idx"),
            models.Index(fields=["created_at", "source_hash"], name="complaint_flood_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["form_nonce"], condition=~models.Q(form_nonce=""), name="complaint_form_nonce_once"
            ),
            *temporal.constraints_for("services.Complaint"),
        ]
        permissions = [
            ("handle_complaints", _("Dapat mencatat dan meneruskan pengaduan")),
            ("answer_complaint", _("Dapat menjawab pengaduan untuk unitnya")),
            ("view_complaints", _("Dapat melihat semua pengaduan")),
        ]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def late_on(self, today: dt.date) -> bool:
        """Still unanswered after its response deadline."""
        return self.status in OPEN_COMPLAINT and self.respond_by < today

    def get_channel_display(self) -> str:
        return str(CHANNEL_NAMES.get(self.channel, self.channel))

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("desk:complaint", args=[self.pk])


class ComplaintChange(StatusChange):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=ComplaintStatus.choices)
