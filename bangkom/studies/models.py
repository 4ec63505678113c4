"""Study assignments (tugas belajar; Pergub DKI Jakarta 111/2017 jo. 129/2018) and overseas training
and internships (Pergub DKI Jakarta 165/2017), REQUIREMENTS.md R7.

Tugas belajar: BKPSDM announces places per education level, units apply for their employees with the
required papers, BKPSDM verifies the papers, screens every application against the announcement's
rule set, scores and ranks within each level's quota; the head of BKPSDM signs the decision, and each
chosen employee is then on a study assignment until they graduate or it is stopped.

Overseas: a unit requests leave for an employee to train or intern abroad, BKPSDM checks the papers
and the head signs the approval letter; after returning the employee's report is filed and, once
accepted, the activity becomes a training record with its JP."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core import temporal
from bangkom.core.models import Correctable, PaperStatus, TimeStampedModel, Verification
from bangkom.core.state_machine import StatusActions, StatusChange, moves_to
from bangkom.people.models import Employee, TrainingRecord, Unit
from bangkom.rules.study import ACCREDITATIONS, STUDY_LEVELS

SCORE = [MinValueValidator(0), MaxValueValidator(100)]
MANAGE = "studies.manage_studies"
PROPOSE = "studies.propose_studies"


class AnnouncementStatus(models.TextChoices):
    DRAFT = "disusun", _("Disusun")
    OPEN = "dibuka", _("Pendaftaran dibuka")
    CLOSED = "ditutup", _("Pendaftaran ditutup, seleksi berjalan")
    RANKED = "diseleksi", _("Hasil seleksi disusun")
    DECIDED = "ditetapkan", _("Ditetapkan")


ANNOUNCEMENT_TRANSITIONS: dict[str, set[str]] = {
    AnnouncementStatus.DRAFT: {AnnouncementStatus.OPEN},
    AnnouncementStatus.OPEN: {AnnouncementStatus.CLOSED},
    AnnouncementStatus.CLOSED: {AnnouncementStatus.RANKED},
    AnnouncementStatus.RANKED: {AnnouncementStatus.CLOSED, AnnouncementStatus.DECIDED},  # back to correct scores
    AnnouncementStatus.DECIDED: set(),
}


class StudyAnnouncement(StatusActions, TimeStampedModel):
    ACTIONS = {
        "edit": {AnnouncementStatus.DRAFT},  # the text and the quotas, before registration opens
        "open": moves_to(ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus.OPEN),
        "take_applications": {AnnouncementStatus.OPEN},  # and only between its dates: `accepts_on`
        "close": moves_to(ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus.CLOSED) - {AnnouncementStatus.RANKED},
        "screen": {AnnouncementStatus.CLOSED},  # the papers, the scores
        "rank": moves_to(ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus.RANKED),
        "decide": moves_to(ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus.DECIDED),
        "reopen_screening": {AnnouncementStatus.RANKED},
    }

    def also_allows(self, action: str) -> bool:
        if action == "take_applications":  # open, and today (Jakarta) within its registration dates
            return self.opens_on <= timezone.localdate() <= self.closes_on
        return True

    title = models.CharField(_("judul pengumuman"), max_length=250)
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    opens_on = models.DateField(_("pendaftaran dibuka"))
    closes_on = models.DateField(_("pendaftaran ditutup"))
    study_starts_on = models.DateField(_("mulai tugas belajar"))
    description = models.TextField(_("ketentuan dan keterangan"), blank=True)
    rules_id = models.CharField(_("kriteria seleksi"), max_length=60)
    # The rule set as it was when announced: later edits of the shipped file never change it.
    rules = models.JSONField(_("isi kriteria"))
    status = models.CharField(
        _("status"), max_length=12, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("studies.StudyAnnouncement")
        ordering = ["-year", "-opens_on", "id"]
        permissions = [
            ("manage_studies", _("Mengelola tugas belajar dan pelatihan luar negeri")),
            ("propose_studies", _("Mengusulkan tugas belajar dan pelatihan luar negeri pegawai unit")),
            ("view_studies", _("Melihat tugas belajar dan pelatihan luar negeri semua unit")),
        ]
        verbose_name = _("pengumuman tugas belajar")
        verbose_name_plural = _("pengumuman tugas belajar")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.closes_on and self.study_starts_on and self.study_starts_on == self.closes_on
        ):  # "before" is a temporal rule
            raise ValidationError({"study_starts_on": _("Tugas belajar dimulai sesudah pendaftaran ditutup.")})


class AnnouncementStatusChange(StatusChange):
    announcement = models.ForeignKey(StudyAnnouncement, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=AnnouncementStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=AnnouncementStatus.choices)


LEVEL_CHOICES = [(level, level) for level in STUDY_LEVELS]


class StudyQuota(models.Model):
    announcement = models.ForeignKey(StudyAnnouncement, on_delete=models.CASCADE, related_name="quotas")
    level = models.CharField(_("jenjang"), max_length=2, choices=LEVEL_CHOICES)
    quota = models.PositiveSmallIntegerField(_("kuota"), validators=[MinValueValidator(1), MaxValueValidator(1000)])
    fields_of_study = models.CharField(_("bidang studi yang diprioritaskan"), max_length=300, blank=True)

    class Meta:
        ordering = ["level"]
        constraints = [models.UniqueConstraint(fields=["announcement", "level"], name="uniq_study_quota_level")]
        verbose_name = _("kuota jenjang")
        verbose_name_plural = _("kuota jenjang")

    def __str__(self) -> str:
        return f"{self.level}: {self.quota}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "disusun", _("Disusun")
    # A civil servant's own application waits for their unit's endorsement before BKPSDM sees it.
    AWAITING_UNIT = "menunggu_unit", _("Menunggu persetujuan unit kerja")
    RETURNED_BY_UNIT = "kembali_pegawai", _("Dikembalikan unit kerja ke pegawai")
    DECLINED_BY_UNIT = "tidak_diusulkan", _("Tidak diusulkan unit kerja")
    SUBMITTED = "diajukan", _("Diajukan ke BKPSDM")
    RETURNED = "dikembalikan", _("Dikembalikan untuk dilengkapi")
    SELECTED = "terpilih", _("Terpilih")
    NOT_SELECTED = "tidak_terpilih", _("Tidak terpilih")


APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.AWAITING_UNIT},
    ApplicationStatus.AWAITING_UNIT: {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.RETURNED_BY_UNIT,
        ApplicationStatus.DECLINED_BY_UNIT,
    },
    ApplicationStatus.RETURNED_BY_UNIT: {ApplicationStatus.AWAITING_UNIT},
    ApplicationStatus.DECLINED_BY_UNIT: set(),
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.RETURNED,
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
    },
    ApplicationStatus.RETURNED: {ApplicationStatus.SUBMITTED, ApplicationStatus.AWAITING_UNIT},
    ApplicationStatus.SELECTED: {ApplicationStatus.SUBMITTED},  # the ranking is reopened
    ApplicationStatus.NOT_SELECTED: {ApplicationStatus.SUBMITTED},
}
EDITABLE_APPLICATION = {ApplicationStatus.DRAFT, ApplicationStatus.RETURNED, ApplicationStatus.RETURNED_BY_UNIT}


class Eligibility(models.TextChoices):
    UNSCREENED = "", _("Belum diperiksa")
    ELIGIBLE = "memenuhi", _("Memenuhi syarat")
    NOT_ELIGIBLE = "tidak_memenuhi", _("Tidak memenuhi syarat")
    INCOMPLETE = "belum_lengkap", _("Data belum lengkap")


class Funding(models.TextChoices):
    APBD = "apbd", _("APBD")
    SCHOLARSHIP = "beasiswa", _("Beasiswa pihak lain")
    OWN = "mandiri", _("Biaya sendiri")


class StudyApplication(StatusActions, TimeStampedModel):
    ACTIONS = {
        "edit": EDITABLE_APPLICATION,
        "endorse": {ApplicationStatus.AWAITING_UNIT},  # the unit's answer: endorse, return or decline
        "check": {ApplicationStatus.SUBMITTED},  # BKPSDM's check of the papers, the scores
        "score": {ApplicationStatus.SUBMITTED},
    }
    TONES = {
        ApplicationStatus.RETURNED_BY_UNIT: "warning", ApplicationStatus.RETURNED: "warning",
        ApplicationStatus.DECLINED_BY_UNIT: "danger", ApplicationStatus.NOT_SELECTED: "danger",
        ApplicationStatus.SELECTED: "success",
    }  # fmt: skip
    announcement = models.ForeignKey(StudyAnnouncement, on_delete=models.PROTECT, related_name="applications")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="study_applications")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit pengusul"))
    level = models.CharField(_("jenjang"), max_length=2, choices=LEVEL_CHOICES)
    institution = models.CharField(_("perguruan tinggi"), max_length=200)
    study_program = models.CharField(_("program studi"), max_length=200)
    accreditation = models.CharField(
        _("akreditasi program studi"), max_length=12, choices=[(a, a) for a in ACCREDITATIONS]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("lama studi (bulan)"), validators=[MinValueValidator(6), MaxValueValidator(72)]
    )
    funding = models.CharField(_("pembiayaan"), max_length=10, choices=Funding.choices, default=Funding.APBD)
    sponsor = models.CharField(_("pemberi beasiswa"), max_length=200, blank=True)
    no_discipline = models.BooleanField(
        _("tidak sedang menjalani hukuman disiplin sedang/berat"),
        default=False,
        help_text=_("Dinyatakan pegawai dalam surat pernyataan yang diunggah."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    self_applied = models.BooleanField(
        _("diajukan sendiri oleh pegawai"),
        default=False,
        help_text=_("Usulan pegawai sendiri diteruskan operator unit kerjanya sebelum sampai ke BKPSDM."),
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    eligibility = models.CharField(
        _("hasil pemeriksaan syarat"), max_length=15, choices=Eligibility.choices, blank=True
    )
    findings = models.JSONField(_("temuan"), default=list, blank=True)
    screened_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    academic_score = models.DecimalField(
        _("nilai tes potensi akademik"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    interview_score = models.DecimalField(
        _("nilai wawancara"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    final_score = models.DecimalField(_("nilai akhir"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    placement_note = models.CharField(_("keterangan hasil"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        ordering = ["level", "rank", "employee__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "employee"],
                name="uniq_study_application",
                violation_error_message=_("Pegawai ini sudah diusulkan pada pengumuman yang sama."),
            )
        ]
        verbose_name = _("usulan tugas belajar")
        verbose_name_plural = _("usulan tugas belajar")

    def __str__(self) -> str:
        return f"{self.employee} – {self.level} {self.study_program}"

    def clean(self) -> None:
        if self.funding == Funding.SCHOLARSHIP and not self.sponsor.strip():
            raise ValidationError({"sponsor": _("Sebutkan pemberi beasiswa.")})


class ApplicationStatusChange(StatusChange):
    application = models.ForeignKey(StudyApplication, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=ApplicationStatus.choices)


class AssignmentStatus(models.TextChoices):
    RUNNING = "berjalan", _("Sedang tugas belajar")
    COMPLETED = "selesai", _("Selesai, kembali bekerja")
    STOPPED = "dihentikan", _("Dihentikan")


ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    AssignmentStatus.RUNNING: {AssignmentStatus.COMPLETED, AssignmentStatus.STOPPED},
    AssignmentStatus.COMPLETED: set(),
    AssignmentStatus.STOPPED: set(),
}


class StudyAssignment(StatusActions, TimeStampedModel):
    ACTIONS = {"follow": {AssignmentStatus.RUNNING}}  # progress, completion, stopping
    """The employee's status during the study period: on assignment from the decree's start until they
    graduate (and return to work) or the assignment is stopped."""

    application = models.OneToOneField(StudyApplication, on_delete=models.PROTECT, related_name="assignment")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="study_assignments")
    level = models.CharField(_("jenjang"), max_length=2, choices=LEVEL_CHOICES)
    institution = models.CharField(_("perguruan tinggi"), max_length=200)
    study_program = models.CharField(_("program studi"), max_length=200)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"))
    extension_reason = models.CharField(_("alasan perpanjangan"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.RUNNING
    )
    graduated_on = models.DateField(_("tanggal lulus"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("studies.StudyAssignment")
        ordering = ["-starts_on", "employee__name"]
        verbose_name = _("tugas belajar")
        verbose_name_plural = _("tugas belajar")

    def __str__(self) -> str:
        return f"{self.employee} – {self.level} {self.institution}"


class AssignmentStatusChange(StatusChange):
    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=AssignmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=AssignmentStatus.choices)


class StudyProgress(Correctable):
    """The semester report a student on assignment sends (kartu hasil studi)."""

    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="progress")
    semester = models.PositiveSmallIntegerField(_("semester"), validators=[MinValueValidator(1), MaxValueValidator(14)])
    gpa = models.DecimalField(
        _("IPK"), max_digits=3, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    credits = models.PositiveSmallIntegerField(_("SKS lulus"), validators=[MaxValueValidator(200)])
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["semester"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "semester"],
                name="uniq_study_progress_semester",
                condition=models.Q(cancelled_at__isnull=True),
                violation_error_message=_("Laporan semester ini sudah dicatat."),
            )
        ]
        verbose_name = _("laporan kemajuan studi")
        verbose_name_plural = _("laporan kemajuan studi")

    def __str__(self) -> str:
        return f"{self.assignment} smt {self.semester}"


# --- Overseas training and internships ------------------------------------------------------------


class OverseasKind(models.TextChoices):
    TRAINING = "pelatihan", _("Pelatihan luar negeri")
    INTERNSHIP = "magang", _("Magang luar negeri")


class OverseasStatus(models.TextChoices):
    DRAFT = "disusun", _("Disusun unit kerja")
    SUBMITTED = "diajukan", _("Diajukan")
    RETURNED = "dikembalikan", _("Dikembalikan untuk dilengkapi")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "ditolak", _("Ditolak")
    REPORTED = "dilaporkan", _("Laporan disampaikan")
    COMPLETED = "selesai", _("Selesai, laporan diterima")


OVERSEAS_TRANSITIONS: dict[str, set[str]] = {
    OverseasStatus.DRAFT: {OverseasStatus.SUBMITTED},
    OverseasStatus.SUBMITTED: {OverseasStatus.RETURNED, OverseasStatus.APPROVED, OverseasStatus.REJECTED},
    OverseasStatus.RETURNED: {OverseasStatus.SUBMITTED},
    OverseasStatus.APPROVED: {OverseasStatus.REPORTED},
    OverseasStatus.REJECTED: set(),
    OverseasStatus.REPORTED: {OverseasStatus.COMPLETED, OverseasStatus.APPROVED},  # a report sent back
    OverseasStatus.COMPLETED: set(),
}
EDITABLE_OVERSEAS = {OverseasStatus.DRAFT, OverseasStatus.RETURNED}


class OverseasFunding(models.TextChoices):
    APBD = "apbd", _("APBD")
    SPONSOR = "sponsor", _("Sponsor/penyelenggara")
    OWN = "mandiri", _("Biaya sendiri")


class OverseasRequest(StatusActions, TimeStampedModel):
    ACTIONS = {
        "edit": EDITABLE_OVERSEAS,
        "decide": {OverseasStatus.SUBMITTED},
        "upload_papers": {*EDITABLE_OVERSEAS, OverseasStatus.APPROVED},
        "report": {OverseasStatus.APPROVED},
        "check_report": {OverseasStatus.REPORTED},
        "show_report": {OverseasStatus.APPROVED, OverseasStatus.REPORTED, OverseasStatus.COMPLETED},
    }
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="overseas_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit pengusul"))
    kind = models.CharField(_("jenis"), max_length=10, choices=OverseasKind.choices)
    title = models.CharField(_("nama kegiatan"), max_length=250)
    host = models.CharField(_("penyelenggara/instansi tujuan"), max_length=200)
    country = models.CharField(_("negara"), max_length=100)
    city = models.CharField(_("kota"), max_length=100)
    starts_on = models.DateField(_("berangkat/mulai"))
    ends_on = models.DateField(_("selesai/kembali"))
    funding = models.CharField(_("pembiayaan"), max_length=10, choices=OverseasFunding.choices)
    sponsor = models.CharField(_("nama sponsor"), max_length=200, blank=True)
    purpose = models.TextField(_("tujuan dan keterkaitan dengan tugas jabatan"))
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    status = models.CharField(_("status"), max_length=12, choices=OverseasStatus.choices, default=OverseasStatus.DRAFT)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    report_summary = models.TextField(_("ringkasan laporan"), blank=True)
    reported_at = models.DateTimeField(_("laporan disampaikan"), null=True, blank=True)
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="overseas_request"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("studies.OverseasRequest")
        ordering = ["-starts_on", "id"]
        verbose_name = _("pelatihan luar negeri/magang")
        verbose_name_plural = _("pelatihan luar negeri/magang")

    def __str__(self) -> str:
        return f"{self.title} – {self.employee}"

    def clean(self) -> None:
        errors = {}
        if self.funding == OverseasFunding.SPONSOR and not self.sponsor.strip():
            errors["sponsor"] = _("Sebutkan sponsornya.")
        if errors:
            raise ValidationError(errors)


class OverseasStatusChange(StatusChange):
    request = models.ForeignKey(OverseasRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=OverseasStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=OverseasStatus.choices)


# --- The papers of both ---------------------------------------------------------------------------


def paper_upload_to(instance: Paper, filename: str) -> str:
    # Never the uploader's file name (kept for display): a fresh stem per upload.
    folder = f"studies/{instance.subject_type.model}/{instance.subject_id}"
    return f"{folder}/{instance.kind}-{instance.token}.{instance.extension}"


class Paper(Verification):
    """One required paper of a study application or an overseas request (the kinds come from the rule
    set or from data/overseas.json), and BKPSDM's verification of it."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(_("jenis berkas"), max_length=40)
    token = models.CharField(max_length=16)
    file = models.FileField(_("berkas"), upload_to=paper_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("ukuran"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=PaperStatus.choices, default=PaperStatus.PENDING)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "kind"], name="uniq_paper_kind"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="paper_subject_idx")]
        verbose_name = _("berkas persyaratan")
        verbose_name_plural = _("berkas persyaratan")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"
