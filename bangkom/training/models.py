"""Training programs under the one-door policy (REQUIREMENTS.md R1–R6; Pergub DKI Jakarta 110/2017
Pasal 57–58): a unit proposes a technical program a year ahead, BKPSDM reviews it against criteria
(a)–(g) and recommends it by letter, the head of BKPSDM signs its program decree before it may start,
participants attend sessions and their results become training records, BKPSDM supervises every
quarter, the unit reports the activity, and the agency numbers and signs every certificate."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core import temporal
from bangkom.core.models import Correctable, TimeStampedModel
from bangkom.core.state_machine import StatusActions, StatusChange, moves_to
from bangkom.documents.models import DocumentTemplate
from bangkom.people.models import Employee, TrainingKind, TrainingRecord, Unit
from bangkom.planning.models import Competency, PlanItem

SCORE = [MinValueValidator(0), MaxValueValidator(100)]
NOT_NEGATIVE = [MinValueValidator(0)]


class ProgramStatus(models.TextChoices):
    DRAFT = "disusun", _("Disusun unit kerja")
    SUBMITTED = "diajukan", _("Diajukan ke BKPSDM")
    RETURNED = "dikembalikan", _("Dikembalikan untuk dilengkapi")
    RECOMMENDED = "direkomendasikan", _("Direkomendasikan")
    CONDITIONAL = "bersyarat", _("Direkomendasikan dengan syarat")
    REJECTED = "ditolak", _("Tidak direkomendasikan")
    RUNNING = "berlangsung", _("Berlangsung")
    FINISHED = "selesai", _("Selesai")
    REPORTED = "dilaporkan", _("Dilaporkan")


PROGRAM_TRANSITIONS: dict[str, set[str]] = {
    ProgramStatus.DRAFT: {ProgramStatus.SUBMITTED},
    ProgramStatus.SUBMITTED: {
        ProgramStatus.RETURNED,
        ProgramStatus.RECOMMENDED,
        ProgramStatus.CONDITIONAL,
        ProgramStatus.REJECTED,
    },
    ProgramStatus.RETURNED: {ProgramStatus.SUBMITTED},
    ProgramStatus.RECOMMENDED: {ProgramStatus.RUNNING},
    ProgramStatus.CONDITIONAL: {ProgramStatus.RUNNING},
    ProgramStatus.REJECTED: set(),
    ProgramStatus.RUNNING: {ProgramStatus.FINISHED},
    ProgramStatus.FINISHED: {ProgramStatus.REPORTED},
    ProgramStatus.REPORTED: {ProgramStatus.FINISHED},  # BKPSDM may send an incomplete report back
}
EDITABLE_PROGRAM = {ProgramStatus.DRAFT, ProgramStatus.RETURNED}
RECOMMENDED = {ProgramStatus.RECOMMENDED, ProgramStatus.CONDITIONAL}
# Participants and sessions are prepared once recommended and kept while the program runs.
PREPARABLE = {*RECOMMENDED, ProgramStatus.RUNNING}
CLOSED = {ProgramStatus.FINISHED, ProgramStatus.REPORTED}
EXECUTING = {*PREPARABLE, *CLOSED}


class Program(StatusActions, TimeStampedModel):
    # What may be done to a program in which status: the services refuse and the pages offer by this.
    ACTIONS = {
        "edit": EDITABLE_PROGRAM,
        "submit": moves_to(PROGRAM_TRANSITIONS, ProgramStatus.SUBMITTED),
        "review": moves_to(PROGRAM_TRANSITIONS, ProgramStatus.RECOMMENDED),
        "draft_decree": RECOMMENDED,
        "start": moves_to(PROGRAM_TRANSITIONS, ProgramStatus.RUNNING),
        "prepare": PREPARABLE,
        "record_attendance": {ProgramStatus.RUNNING},
        "record_results": {ProgramStatus.RUNNING},
        "finish": {ProgramStatus.RUNNING},
        "report": {ProgramStatus.FINISHED},
        "check_report": {ProgramStatus.REPORTED},
        "show_execution": EXECUTING,
        "issue_certificates": CLOSED,
    }

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="training_programs", verbose_name=_("unit"))
    title = models.CharField(_("nama program"), max_length=250)
    kind = models.ForeignKey(TrainingKind, on_delete=models.PROTECT, verbose_name=_("jenis diklat"))
    competencies = models.ManyToManyField(Competency, blank=True, verbose_name=_("kompetensi yang dikembangkan"))
    plan_items = models.ManyToManyField(
        PlanItem, blank=True, related_name="programs", verbose_name=_("kebutuhan dalam rencana unit")
    )
    target_participants = models.CharField(_("sasaran peserta"), max_length=300)
    participant_count = models.PositiveIntegerField(
        _("jumlah peserta"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=250)
    facilities = models.TextField(_("sarana dan prasarana"))
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    late_reason = models.CharField(
        _("alasan menerima usulan kurang dari satu tahun"),
        max_length=500,
        blank=True,
        help_text=_("Diisi administrator BKPSDM bila usulan diterima meski terlambat."),
    )
    conditions = models.TextField(_("syarat rekomendasi"), blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        constraints = temporal.constraints_for("training.Program")
        ordering = ["-start_date", "title"]
        permissions = [
            ("propose_program", _("Mengusulkan dan melaksanakan program pelatihan unit")),
            ("review_program", _("Menelaah, merekomendasikan dan mensupervisi program pelatihan")),
            ("issue_certificate", _("Menandatangani dan menerbitkan sertifikat pelatihan")),
        ]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.start_date.year


class ProgramStatusChange(StatusChange):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=ProgramStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=ProgramStatus.choices)


class BudgetLine(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget_lines")
    component = models.CharField(_("komponen biaya"), max_length=200)
    volume = models.DecimalField(_("volume"), max_digits=10, decimal_places=2, validators=NOT_NEGATIVE)
    unit_label = models.CharField(_("satuan"), max_length=30)
    unit_cost = models.DecimalField(_("harga satuan (Rp)"), max_digits=14, decimal_places=0, validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["id"]
        verbose_name = _("rincian anggaran")
        verbose_name_plural = _("rincian anggaran")

    def __str__(self) -> str:
        return self.component

    @property
    def total(self) -> Decimal:
        return (self.volume * self.unit_cost).quantize(Decimal(1))


class Instructor(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="instructors")
    name = models.CharField(_("nama pengajar"), max_length=200)
    qualification = models.CharField(_("kualifikasi"), max_length=300)
    subject = models.CharField(_("materi yang diajarkan"), max_length=200)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pengajar")
        verbose_name_plural = _("pengajar")

    def __str__(self) -> str:
        return self.name


class Organiser(models.Model):
    """Training staff; criterion (f) asks that each holds a TOC and a MOT certificate."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="organisers")
    name = models.CharField(_("nama penyelenggara"), max_length=200)
    role = models.CharField(_("tugas"), max_length=100)
    toc_certificate = models.CharField(_("nomor sertifikat TOC"), max_length=100, blank=True)
    mot_certificate = models.CharField(_("nomor sertifikat MOT"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tenaga penyelenggara")
        verbose_name_plural = _("tenaga penyelenggara")

    def __str__(self) -> str:
        return self.name

    @property
    def certified(self) -> bool:
        return bool(self.toc_certificate.strip() and self.mot_certificate.strip())


class MaterialKind(models.TextChoices):
    CURRICULUM = "kurikulum", _("Kurikulum")
    MODULE = "modul", _("Modul")
    SLIDES = "bahan_tayang", _("Bahan tayang")


def material_upload_to(instance: Material, filename: str) -> str:
    return f"program/{instance.program_id}/{instance.kind}.{instance.extension}"


class Material(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("jenis bahan ajar"), max_length=15, choices=MaterialKind.choices)
    file = models.FileField(_("berkas"), upload_to=material_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("ukuran"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "-created_at"]
        verbose_name = _("bahan ajar")
        verbose_name_plural = _("bahan ajar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class CriterionReview(models.Model):
    """BKPSDM's finding on one criterion (a)–(g) of Pasal 58 ayat (4)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("huruf"), max_length=1)
    met = models.BooleanField(_("memenuhi"))
    note = models.CharField(_("catatan"), max_length=1000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="uniq_program_criterion")]
        verbose_name = _("telaah kriteria")
        verbose_name_plural = _("telaah kriteria")

    def __str__(self) -> str:
        return f"({self.code}) {'✓' if self.met else '✗'}"


class Discussion(Correctable):
    """The discussion between BKPSDM's team and the unit (Pasal 58: 'dibahas dalam tim')."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="discussions")
    held_on = models.DateField(_("tanggal pembahasan"))
    attendees = models.CharField(_("yang hadir"), max_length=500)
    notes = models.TextField(_("hasil pembahasan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("pembahasan")
        verbose_name_plural = _("pembahasan")

    def __str__(self) -> str:
        return f"{self.program} {self.held_on}"


# --- Execution --------------------------------------------------------------------------------


class Session(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("sesi ke"))
    held_on = models.DateField(_("tanggal"))
    topic = models.CharField(_("materi"), max_length=250)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="uniq_program_session")]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"


class ParticipantSource(models.TextChoices):
    UNIT = "unit", _("Pegawai unit kerja")
    SELECTION = "seleksi", _("Hasil seleksi")


class Result(models.TextChoices):
    PASSED = "lulus", _("Lulus")
    NOT_PASSED = "tidak_lulus", _("Tidak lulus")


class Participant(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="program_participations")
    source = models.CharField(_("asal"), max_length=10, choices=ParticipantSource.choices)
    result = models.CharField(_("hasil"), max_length=12, choices=Result.choices, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE)
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="program_participation"
    )

    class Meta:
        ordering = ["employee__name", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "employee"], name="uniq_program_participant")]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")

    def __str__(self) -> str:
        return f"{self.employee} – {self.program}"


class Presence(models.TextChoices):
    PRESENT = "hadir", _("Hadir")
    EXCUSED = "izin", _("Izin")
    SICK = "sakit", _("Sakit")
    ABSENT = "alpa", _("Tanpa keterangan")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    presence = models.CharField(_("kehadiran"), max_length=6, choices=Presence.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="uniq_attendance")]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")

    def __str__(self) -> str:
        return f"{self.participant}: {self.presence}"


class Supervision(TimeStampedModel):
    """BKPSDM's supervision and evaluation of a running program in one quarter (Pasal 58 angka 3)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="supervisions")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    due_on = models.DateField(_("batas pelaksanaan"))
    carried_out_on = models.DateField(_("tanggal supervisi"), null=True, blank=True)
    findings = models.TextField(_("temuan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year", "quarter"], name="uniq_program_supervision"),
            *temporal.constraints_for("training.Supervision"),
        ]
        verbose_name = _("supervisi dan evaluasi")
        verbose_name_plural = _("supervisi dan evaluasi")

    def __str__(self) -> str:
        return f"{self.program} TW {self.quarter}/{self.year}"


class ActivityReport(TimeStampedModel):
    """The unit's report of the activity to BKPSDM (Pasal 58 angka 5)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("ringkasan pelaksanaan"))
    actual_cost = models.DecimalField(
        _("realisasi biaya (Rp)"), max_digits=14, decimal_places=0, validators=NOT_NEGATIVE
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("laporan kegiatan")
        verbose_name_plural = _("laporan kegiatan")

    def __str__(self) -> str:
        return str(self.program)


# --- Certificates ----------------------------------------------------------------------------


class CertificateKind(models.TextChoices):
    """Pasal 58 angka 4: STTP, certificates, transcripts, charters (piagam) and the like."""

    STTP = "sttp", _("STTP")
    CERTIFICATE = "sertifikat", _("Sertifikat")
    TRANSCRIPT = "transkrip", _("Transkrip nilai")
    CHARTER = "piagam", _("Piagam")


class Certificate(TimeStampedModel):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("jenis"), max_length=12, choices=CertificateKind.choices)
    number = models.CharField(_("nomor"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("urutan"))
    # The public verification key printed as a QR code: random, so numbers cannot be enumerated.
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("penandatangan"), max_length=200)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("diterbitkan"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.CharField(_("alasan pencabutan"), max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="uniq_certificate_sequence"),
            models.UniqueConstraint(fields=["participant", "kind"], name="uniq_certificate_participant_kind"),
            *temporal.constraints_for("training.Certificate"),
        ]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
