"""Annual competency development planning (REQUIREMENTS.md P1–P5; Kabupaten Purbalingga's standard):
the position's competency standard against each PNS's current level gives the gaps, each gap gets a
planned development, units submit, BKPSDM verifies and consolidates, the head of region approves, and
the training records that realise the plan are compared with it at the end of the year."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core import temporal
from bangkom.core.models import ReferenceModel, TimeStampedModel
from bangkom.core.state_machine import StatusActions, StatusChange, moves_to
from bangkom.people.models import (
    Employee,
    Eselon,
    FunctionalPosition,
    PositionKind,
    TrainingKind,
    TrainingRecord,
    Unit,
)

LEVELS = [MinValueValidator(1), MaxValueValidator(5)]  # PermenPAN-RB 38/2017: levels 1–5


# --- Reference data -------------------------------------------------------------------------


class CompetencyGroup(models.TextChoices):
    MANAGERIAL = "manajerial", _("Manajerial")
    SOCIO_CULTURAL = "sosial_kultural", _("Sosial kultural")
    TECHNICAL = "teknis", _("Teknis")


class Competency(ReferenceModel):
    """A competency of the dictionary (SIASN's list to start with; technical ones added by the agency)."""

    code = models.CharField(_("kode"), max_length=20, primary_key=True)
    name = models.CharField(_("nama kompetensi"), max_length=250)
    group = models.CharField(_("kelompok"), max_length=20, choices=CompetencyGroup.choices)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kamus kompetensi")

    def __str__(self) -> str:
        return self.name


class CompetencyStandard(ReferenceModel):
    """The competency standard of a position (standar kompetensi jabatan). The most specific one that
    matches an employee applies: the exact position title, then the functional position, then the
    eselon, then the position kind."""

    code = models.CharField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama standar"), max_length=200)
    position_kind = models.ForeignKey(PositionKind, on_delete=models.PROTECT, verbose_name=_("jenis jabatan"))
    eselon = models.ForeignKey(Eselon, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("eselon"))
    functional_position = models.ForeignKey(
        FunctionalPosition, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jabatan fungsional")
    )
    position_name = models.CharField(
        _("nama jabatan"), max_length=200, blank=True, help_text=_("Isi bila standar hanya untuk satu jabatan.")
    )

    class Meta:
        ordering = ["position_kind__order", "code"]
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")

    def __str__(self) -> str:
        return self.name


class RequiredCompetency(models.Model):
    standard = models.ForeignKey(CompetencyStandard, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, verbose_name=_("kompetensi"))
    level = models.PositiveSmallIntegerField(_("level yang dipersyaratkan"), validators=LEVELS)

    class Meta:
        ordering = ["standard", "competency__group", "competency__name"]
        constraints = [models.UniqueConstraint(fields=["standard", "competency"], name="uniq_required_competency")]
        verbose_name = _("kompetensi yang dipersyaratkan")
        verbose_name_plural = _("kompetensi yang dipersyaratkan")

    def __str__(self) -> str:
        return f"{self.competency} ({self.level})"


class DevelopmentPath(models.TextChoices):
    """PP 11/2017 Pasal 203 ayat (5): development by education or by training."""

    EDUCATION = "pendidikan", _("Pendidikan formal")
    TRAINING = "pelatihan", _("Pelatihan")


class CostStandard(ReferenceModel):
    """The regional cost standard (standar satuan harga) for a kind of development in a year."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    path = models.CharField(_("jalur"), max_length=12, choices=DevelopmentPath.choices)
    kind = models.ForeignKey(
        TrainingKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("jenis diklat"),
        help_text=_("Kosongkan untuk semua jenis pada jalur ini."),
    )
    max_per_person = models.DecimalField(_("biaya maksimum per orang (Rp)"), max_digits=14, decimal_places=0)
    max_per_jp = models.DecimalField(
        _("biaya maksimum per orang per JP (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True
    )

    class Meta:
        ordering = ["-year", "path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "path", "kind"], name="uniq_cost_standard"),
            models.UniqueConstraint(
                fields=["year", "path"], condition=models.Q(kind__isnull=True), name="uniq_cost_standard_any_kind"
            ),
            *temporal.constraints_for("planning.CostStandard"),
        ]
        verbose_name = _("standar biaya pengembangan kompetensi")
        verbose_name_plural = _("standar biaya pengembangan kompetensi")

    def __str__(self) -> str:
        kind = self.kind.name if self.kind is not None else self.get_path_display()
        return f"{self.year} {kind}: Rp{self.max_per_person:,.0f}"


# --- The employee's current level -----------------------------------------------------------


class LevelSource(models.TextChoices):
    ASSESSMENT = "asesmen", _("Hasil asesmen kompetensi")
    SUPERVISOR = "atasan", _("Penilaian atasan langsung")


class CompetencyLevel(TimeStampedModel):
    """A measured level, appended; the newest per competency is the employee's current level."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="competency_levels")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, verbose_name=_("kompetensi"))
    level = models.PositiveSmallIntegerField(_("level saat ini"), validators=LEVELS)
    source = models.CharField(_("sumber"), max_length=10, choices=LevelSource.choices)
    assessed_on = models.DateField(_("tanggal penilaian"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["employee", "competency", "assessed_on"], name="competency_level_idx")]
        verbose_name = _("level kompetensi pegawai")
        verbose_name_plural = _("level kompetensi pegawai")

    # --- The planning cycle ---------------------------------------------------------------------

    def __str__(self) -> str:
        competency = str(self.competency) if self.competency_id else "-"
        return f"{competency}: level {self.level} ({self.get_source_display()})"


class CycleStatus(models.TextChoices):
    OPEN = "dibuka", _("Permintaan kebutuhan ke unit kerja")
    CONSOLIDATED = "dikonsolidasi", _("Dikonsolidasi, diajukan ke PPK")
    APPROVED = "disetujui", _("Disetujui PPK, pelaksanaan")
    EVALUATED = "dievaluasi", _("Dievaluasi, dilaporkan ke kepala daerah")
    CANCELLED = "dibatalkan", _("Dibatalkan")


CYCLE_TRANSITIONS: dict[str, set[str]] = {
    CycleStatus.OPEN: {CycleStatus.CONSOLIDATED, CycleStatus.CANCELLED},  # cancelled: opened by mistake
    CycleStatus.CONSOLIDATED: {CycleStatus.APPROVED, CycleStatus.OPEN},  # the PPK approves or sends it back
    CycleStatus.APPROVED: {CycleStatus.EVALUATED},
    CycleStatus.EVALUATED: set(),
    CycleStatus.CANCELLED: set(),
}


class PlanningCycle(StatusActions, TimeStampedModel):
    ACTIONS = {
        "collect_needs": {CycleStatus.OPEN},
        "consolidate": moves_to(CYCLE_TRANSITIONS, CycleStatus.CONSOLIDATED),
        "cancel": moves_to(CYCLE_TRANSITIONS, CycleStatus.CANCELLED),
        "approve": moves_to(CYCLE_TRANSITIONS, CycleStatus.APPROVED),
        "realise": {CycleStatus.APPROVED},
        "evaluate": moves_to(CYCLE_TRANSITIONS, CycleStatus.EVALUATED),
    }

    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    needs_due = models.DateField(_("batas pengiriman kebutuhan oleh unit kerja"))
    verification_due = models.DateField(_("batas verifikasi dan konsolidasi"))
    report_due = models.DateField(_("batas laporan realisasi unit kerja"))
    request_note = models.TextField(_("isi permintaan kepada unit kerja"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The request on the service standard's clock (Purbalingga's nine steps), moved by the cycle itself.
    request = models.OneToOneField(
        "services.ServiceRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_cycle",
        verbose_name=_("permohonan layanan"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=~models.Q(status="dibatalkan"),
                name="uniq_live_cycle_year",
                violation_error_message=_("Siklus perencanaan tahun itu sudah dibuka."),
            ),
            *temporal.constraints_for("planning.PlanningCycle"),
        ]
        permissions = [
            ("manage_planning", _("Membuka, memverifikasi dan mengonsolidasi rencana pengembangan kompetensi")),
            ("plan_unit", _("Menyusun rencana dan melaporkan realisasi unit kerja")),
            ("approve_plan", _("Menyetujui rencana pengembangan kompetensi (PPK)")),
            ("view_jp_report", _("Melihat rekap JP pengembangan kompetensi")),
        ]
        verbose_name = _("siklus perencanaan")
        verbose_name_plural = _("siklus perencanaan")

    def __str__(self) -> str:
        return str(_("Rencana pengembangan kompetensi %(year)s") % {"year": self.year})


class CycleStatusChange(StatusChange):
    cycle = models.ForeignKey(PlanningCycle, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=CycleStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=CycleStatus.choices)


class UnitPlanStatus(models.TextChoices):
    DRAFT = "disusun", _("Disusun unit kerja")
    SUBMITTED = "diajukan", _("Dikirim, menunggu verifikasi")
    RETURNED = "dikembalikan", _("Dikembalikan untuk perbaikan")
    VERIFIED = "diverifikasi", _("Diverifikasi BKPSDM")
    REPORTED = "realisasi_dilaporkan", _("Realisasi dilaporkan")


UNIT_PLAN_TRANSITIONS: dict[str, set[str]] = {
    UnitPlanStatus.DRAFT: {UnitPlanStatus.SUBMITTED},
    UnitPlanStatus.SUBMITTED: {UnitPlanStatus.RETURNED, UnitPlanStatus.VERIFIED},
    UnitPlanStatus.RETURNED: {UnitPlanStatus.SUBMITTED},
    UnitPlanStatus.VERIFIED: {UnitPlanStatus.REPORTED, UnitPlanStatus.RETURNED},  # reopened after the PPK's return
    UnitPlanStatus.REPORTED: {UnitPlanStatus.VERIFIED},  # BKPSDM sends a report back to be completed
}
EDITABLE_PLAN = {UnitPlanStatus.DRAFT, UnitPlanStatus.RETURNED}


class UnitPlan(StatusActions, TimeStampedModel):
    ACTIONS = {
        "edit": EDITABLE_PLAN,
        "verify": {UnitPlanStatus.SUBMITTED},
        "reopen": {UnitPlanStatus.VERIFIED},
        "realise": {UnitPlanStatus.VERIFIED},
        "return_report": {UnitPlanStatus.REPORTED},
    }
    # What the cycle must allow for each of the plan's actions.
    CYCLE_NEEDS = {"edit": "collect_needs", "reopen": "collect_needs", "realise": "realise", "return_report": "realise"}

    def also_allows(self, action: str) -> bool:
        needed = self.CYCLE_NEEDS.get(action)
        return needed is None or self.cycle.may_do(needed)

    """One unit's needs in a cycle (the request of P1 and the answer of P2)."""

    cycle = models.ForeignKey(PlanningCycle, on_delete=models.CASCADE, related_name="unit_plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="development_plans")
    status = models.CharField(_("status"), max_length=25, choices=UnitPlanStatus.choices, default=UnitPlanStatus.DRAFT)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    realisation_note = models.TextField(_("catatan laporan realisasi"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        ordering = ["cycle", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="uniq_unit_plan")]
        verbose_name = _("rencana unit kerja")
        verbose_name_plural = _("rencana unit kerja")

    def __str__(self) -> str:
        return f"{self.unit} – {self.cycle.year}"


class UnitPlanStatusChange(StatusChange):
    unit_plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=UnitPlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=UnitPlanStatus.choices)


class ItemStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu verifikasi")
    ACCEPTED = "diterima", _("Diterima")
    RETURNED = "dikembalikan", _("Dikembalikan dengan catatan")
    REJECTED = "ditolak", _("Ditolak")


ITEM_TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.PENDING: {ItemStatus.ACCEPTED, ItemStatus.RETURNED, ItemStatus.REJECTED},
    ItemStatus.ACCEPTED: {ItemStatus.RETURNED, ItemStatus.REJECTED},  # until the unit's plan is verified
    ItemStatus.RETURNED: {ItemStatus.PENDING, ItemStatus.ACCEPTED, ItemStatus.REJECTED},
    ItemStatus.REJECTED: {ItemStatus.ACCEPTED, ItemStatus.RETURNED},
}
QUARTERS = [(q, _("Triwulan %(q)s") % {"q": roman}) for q, roman in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))]


class PlanItem(StatusActions, TimeStampedModel):
    ACTIONS = {
        "edit": {ItemStatus.PENDING, ItemStatus.RETURNED},  # by the unit, while its plan may be edited
        "realise": {ItemStatus.ACCEPTED},
    }
    TONES = {ItemStatus.ACCEPTED: "success", ItemStatus.RETURNED: "warning", ItemStatus.REJECTED: "danger"}

    """One planned development of one PNS, closing one competency gap (P2's development plan)."""

    unit_plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="items")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="plan_items")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, verbose_name=_("kompetensi"))
    required_level = models.PositiveSmallIntegerField(_("level standar"), null=True, blank=True)
    current_level = models.PositiveSmallIntegerField(_("level saat ini"), null=True, blank=True)
    path = models.CharField(_("jalur"), max_length=12, choices=DevelopmentPath.choices)
    kind = models.ForeignKey(
        TrainingKind, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jenis pengembangan")
    )
    title = models.CharField(_("nama kegiatan"), max_length=250)
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    estimated_cost = models.DecimalField(
        _("perkiraan biaya (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    status = models.CharField(_("status"), max_length=15, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    verification_note = models.CharField(_("catatan verifikasi"), max_length=1000, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])  # edits that are not status moves, too

    class Meta:
        ordering = ["unit_plan", "employee__name", "id"]
        verbose_name = _("rencana pengembangan pegawai")
        verbose_name_plural = _("rencana pengembangan pegawai")

    def __str__(self) -> str:
        return f"{self.employee.full_name}: {self.title}"

    def clean(self) -> None:
        if self.path == DevelopmentPath.TRAINING and not self.kind_id:
            raise ValidationError({"kind": _("Pilih jenis pelatihan.")})
        if self.path == DevelopmentPath.EDUCATION and self.kind_id:
            raise ValidationError({"kind": _("Pendidikan formal tidak memakai jenis pelatihan.")})

    @property
    def kind_label(self) -> str:
        return self.kind.name if self.kind is not None else str(DevelopmentPath(self.path).label)


class PlanItemStatusChange(StatusChange):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=ItemStatus.choices)


class Realisation(TimeStampedModel):
    """A plan item carried out. Training produces (or links) the training record that counts towards
    the employee's JP; formal education has none and is realised by its start and cost."""

    item = models.OneToOneField(PlanItem, on_delete=models.CASCADE, related_name="realisation")
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="realisation"
    )
    carried_out_on = models.DateField(_("tanggal pelaksanaan (selesai)"))
    jp = models.PositiveSmallIntegerField(_("JP terealisasi"))
    actual_cost = models.DecimalField(
        _("biaya realisasi (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["item"]
        verbose_name = _("realisasi rencana")
        verbose_name_plural = _("realisasi rencana")

    def __str__(self) -> str:
        return str(self.item)
