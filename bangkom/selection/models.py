"""Selection rounds for leadership training (REQUIREMENTS.md S1–S4): the round, its candidates and
the history of its status. The rules themselves live in bangkom.rules; a round keeps a copy of the
rule set it was opened with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core import temporal
from bangkom.core.models import TimeStampedModel, Verification
from bangkom.core.state_machine import StatusActions, StatusChange
from bangkom.people.models import DocumentKind, Employee, EmployeeDocument, Post
from bangkom.rules.engine import SCORES_MISSING
from bangkom.rules.vocabulary import ENGLISH_TESTS
from bangkom.selection.screening_output import finding_dict

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SCORE_MIN, SCORE_MAX = Decimal(10), Decimal(100)  # every component is scored 10-100 (BIMA Pasal 12-17)


class Level(models.TextChoices):
    """Today's name with the old one (Permenpan RB / Perlan LAN 2019 renamed Diklatpim II–IV)."""

    II = "II", _("PKN Tingkat II (Diklatpim II)")
    III = "III", _("PKA (Diklatpim III)")
    IV = "IV", _("PKP (Diklatpim IV)")


# The training's full name in letters and decrees, again with the name it had before.
LEVEL_TRAINING_NAMES: dict[str, str] = {
    Level.II: "Pelatihan Kepemimpinan Nasional Tingkat II (Diklatpim Tingkat II)",
    Level.III: "Pelatihan Kepemimpinan Administrator (Diklatpim Tingkat III)",
    Level.IV: "Pelatihan Kepemimpinan Pengawas (Diklatpim Tingkat IV)",
}


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Konsep")
    INVENTORY = "penjaringan", _("Penjaringan")
    SCREENING = "seleksi_administrasi", _("Seleksi administrasi")
    TESTING = "tes", _("Tes dan penilaian")
    CLOSED = "ditutup", _("Ditutup")
    CANCELLED = "dibatalkan", _("Dibatalkan")


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.INVENTORY, RoundStatus.CANCELLED},
    RoundStatus.INVENTORY: {RoundStatus.SCREENING, RoundStatus.CANCELLED},
    RoundStatus.SCREENING: {RoundStatus.INVENTORY, RoundStatus.TESTING, RoundStatus.CLOSED, RoundStatus.CANCELLED},
    RoundStatus.TESTING: {RoundStatus.SCREENING, RoundStatus.CLOSED, RoundStatus.CANCELLED},
    RoundStatus.CLOSED: set(),
    RoundStatus.CANCELLED: set(),
}
# While these hold, the candidate list and the round facts may still change.
EDITABLE_STATUSES = {RoundStatus.DRAFT, RoundStatus.INVENTORY, RoundStatus.SCREENING, RoundStatus.TESTING}


class SelectionRound(StatusActions, TimeStampedModel):
    ACTIONS = {"dispatch": {RoundStatus.CLOSED}}  # its participants sent to the training institution
    name = models.CharField(_("nama seleksi"), max_length=200)
    level = models.CharField(_("tingkat"), max_length=3, choices=Level.choices)
    ruleset_id = models.CharField(_("aturan"), max_length=100)
    # The rule set document as it was when the round was opened: later edits never change the round.
    ruleset_document = models.JSONField(_("salinan aturan"), editable=False)
    as_of = models.DateField(_("tanggal acuan"))
    quota = models.PositiveIntegerField(_("kuota peserta"))
    target_positions = models.TextField(_("jabatan yang akan diisi"), blank=True)
    # The posts of the job map the round fills: its inventory starts from them (see selectors).
    target_posts: models.ManyToManyField[Post, Any] = models.ManyToManyField(
        Post, through="RoundTargetPost", related_name="+", blank=True, verbose_name=_("jabatan sasaran")
    )
    opens_on = models.DateField(_("jadwal mulai"), null=True, blank=True)
    closes_on = models.DateField(_("jadwal selesai"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=25, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    screened_at = models.DateTimeField(_("terakhir disaring"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who screened (a bulk write of every verdict) and changed the round, with the reason; the rule
    # set's copy never changes after opening and is left out.
    history = HistoricalRecords(excluded_fields=["updated_at", "ruleset_document"])

    class Meta:
        constraints = temporal.constraints_for("selection.SelectionRound")
        ordering = ["-as_of", "-id"]
        permissions = [
            ("manage_selection", _("Mengelola seleksi calon peserta Diklatpim")),
            ("propose_candidate", _("Mengusulkan calon dari unit sendiri")),
        ]
        verbose_name = _("seleksi calon peserta Diklatpim")
        verbose_name_plural = _("seleksi calon peserta Diklatpim")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()})"


class RoundTargetPost(TimeStampedModel):
    """A post of the job map a round fills; who named it and when (each removal leaves a history row)."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="target_post_rows")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "post"], name="uniq_round_target_post")]
        verbose_name = _("jabatan sasaran seleksi")
        verbose_name_plural = _("jabatan sasaran seleksi")

    def __str__(self) -> str:
        return str(self.post) if self.post_id else "-"


class RoundStatusChange(StatusChange):
    """The history row of every status change: who, when, from, to and why."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=RoundStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=RoundStatus.choices)


class CandidateSource(models.TextChoices):
    IN_POST = "menjabat", _("Penjaringan: sudah menjabat, belum diklat")
    FEEDER = "jabatan_di_bawah", _("Penjaringan: jabatan satu tingkat di bawah")
    STAFF = "ditambah_bkpsdm", _("Ditambahkan BKPSDM")
    UNIT = "usul_opd", _("Usul OPD")


class RoundCandidate(TimeStampedModel):
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="candidates")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="selection_candidacies")
    source = models.CharField(_("asal"), max_length=20, choices=CandidateSource.choices)
    included = models.BooleanField(_("diikutkan"), default=True)
    reason = models.CharField(_("alasan ditambah/dikeluarkan"), max_length=500, blank=True)
    proposed_by_unit = models.BooleanField(_("diusulkan OPD"), default=False)
    baperjakat = models.BooleanField(_("rekomendasi Baperjakat"), default=False)
    selection_passed = models.BooleanField(
        _("lulus seleksi calon peserta"),
        default=False,
        help_text=_("Bagi yang belum menduduki jabatan yang dituju, bila aturannya mensyaratkan."),
    )
    education_conversion = models.BooleanField(_("konversi pendidikan"), default=False)
    education_conversion_note = models.CharField(_("dasar konversi pendidikan"), max_length=500, blank=True)
    # The engine's last verdict on this candidate (group, category, score, rank, every finding).
    group = models.CharField(_("kelompok"), max_length=10, blank=True)
    category = models.CharField(_("kategori"), max_length=1, blank=True)
    final_score = models.DecimalField(_("nilai akhir"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    # Set when the history already holds this training or a higher one (a candidate added by hand;
    # the inventory never proposes them): shown on the round, the tabulation and the decree draft.
    trained_already = models.CharField(_("sudah mengikuti pelatihan ini"), max_length=300, blank=True)
    # Each finding of the last screening, in the rule set's order: a number for a finding the round
    # shares among candidates (a RoundFinding: nearly all of them), or the finding itself as a dict
    # {kode, status, keterangan, dasar} when it is this candidate's own (a score). 100,000 candidates
    # with their findings written out in full made 276 MB of WAL per screening. Read `findings`.
    finding_refs = models.JSONField(_("hasil per syarat"), default=list, blank=True)
    # The codes of the findings not met or not decidable, " BERKAS NILAI ", so that the round page
    # filters by requirement with one LIKE on both databases (their JSON lookups differ).
    unmet = models.CharField(_("syarat belum terpenuhi"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "finding_refs", "trained_already", "unmet"])

    class Meta:
        ordering = ["round", "rank", "employee__name"]
        constraints = [models.UniqueConstraint(fields=["round", "employee"], name="uniq_round_employee")]
        verbose_name = _("calon peserta")
        verbose_name_plural = _("calon peserta")

    @property
    def findings(self) -> list[dict[str, str]]:
        """Every finding of the last screening as {kode, status, keterangan, dasar}. A list of
        candidates is given theirs by `findings_expand` in one query; alone, one query when needed."""
        shown = self.__dict__.get("_findings")
        if shown is None or shown[0] is not self.finding_refs:  # never expanded, or read again since
            findings_expand([self])
            shown = self.__dict__["_findings"]
        return shown[1]

    @property
    def verdict(self) -> str:
        """What the category means, said plainly: C only when a requirement failed; a C that rests
        only on missing data or on scores not yet given reads "data belum lengkap" or "belum dinilai"."""
        return verdict_of(self.category, self.findings)

    @property
    def trained_warning(self) -> str:
        if not self.trained_already:
            return ""
        return str(
            _("Sudah mengikuti %(training)s; ditambahkan dengan alasan: %(reason)s")
            % {"training": self.trained_already, "reason": self.reason or "-"}
        )

    def __str__(self) -> str:
        return f"{self.employee} – {self.round}"


class RoundFinding(models.Model):
    """A finding the round's last screening gave to more than one candidate, kept once and referred
    to by number from each candidate's `finding_refs`; replaced whole by each screening."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="shared_findings")
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=40)
    status = models.CharField(max_length=30)
    explanation = models.TextField()
    source = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="uniq_round_finding_number")]

    def __str__(self) -> str:
        return f"{self.code} #{self.number}: {self.explanation}"

    def as_dict(self) -> dict[str, str]:
        return finding_dict(self.code, self.status, self.explanation, self.source)


def findings_expand(candidates: Iterable[RoundCandidate]) -> None:
    """Give each candidate its findings (`RoundCandidate.findings`), reading the shared ones of all of
    them in one query per round."""
    candidates = list(candidates)
    wanted: dict[int, set[int]] = {}
    for candidate in candidates:
        numbers = {ref for ref in candidate.finding_refs if isinstance(ref, int)}
        if numbers:
            wanted.setdefault(candidate.round_id, set()).update(numbers)
    shared: dict[tuple[int, int], dict[str, str]] = {}
    for round_id, numbers in wanted.items():
        for row in RoundFinding.objects.filter(round_id=round_id, number__in=sorted(numbers)):
            shared[(round_id, row.number)] = row.as_dict()
    for candidate in candidates:
        refs = candidate.finding_refs
        expanded = [shared[(candidate.round_id, ref)] if isinstance(ref, int) else ref for ref in refs]
        candidate.__dict__["_findings"] = (refs, expanded)


def verdict_of(category: str, findings: list[dict[str, str]]) -> str:
    """A, B, C (a requirement failed), "data belum lengkap", "belum dinilai", or "" before screening."""
    if category != "C":
        return category
    unmet = [f for f in findings if f.get("status") not in ("memenuhi", "memenuhi_dengan_catatan")]
    if any(
        f.get("status") == "tidak_memenuhi" and not f.get("keterangan", "").startswith(SCORES_MISSING) for f in unmet
    ):
        return "C"
    if any(f.get("status") == "data_belum_lengkap" for f in unmet):
        return str(_("data belum lengkap"))
    return str(_("belum dinilai")) if unmet else "C"


def score_field(label: StrOrPromise) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )


class Assessment(TimeStampedModel):
    """One assessor's scores for one candidate (BIMA Pasal 12–17): each element is the mean of its
    components; several assessors of a candidate are averaged per element."""

    candidate = models.ForeignKey(RoundCandidate, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    knowledge_written = score_field(_("pengetahuan akademik: tes tertulis"))
    knowledge_interview = score_field(_("pengetahuan akademik: wawancara"))
    potential_written = score_field(_("potensi akademik: tes tertulis"))
    potential_interview = score_field(_("potensi akademik: wawancara"))
    fitness_health = score_field(_("kesiapan fisik: kesehatan"))
    fitness_communication = score_field(_("kesiapan: kemampuan komunikasi"))
    fitness_commitment = score_field(_("kesiapan: komitmen"))
    fitness_mental = score_field(_("kesiapan mental (psikotes)"))
    english_written = score_field(_("bahasa Inggris: tes tertulis"))
    english_interview = score_field(_("bahasa Inggris: wawancara"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["candidate", "assessor__username"]
        constraints = [models.UniqueConstraint(fields=["candidate", "assessor"], name="uniq_candidate_assessor")]
        permissions = [("assess_candidates", _("Menilai calon peserta yang ditugaskan"))]
        verbose_name = _("penilaian")
        verbose_name_plural = _("penilaian")

    def __str__(self) -> str:
        return f"{self.candidate} – {self.assessor}"


# The four scored elements and the components each is the mean of.
ELEMENT_COMPONENTS: dict[str, tuple[str, ...]] = {
    "score_knowledge": ("knowledge_written", "knowledge_interview"),
    "score_potential": ("potential_written", "potential_interview"),
    "score_fitness": ("fitness_health", "fitness_communication", "fitness_commitment", "fitness_mental"),
    "score_english": ("english_written", "english_interview"),
}


# The papers checked for every candidate (REQUIREMENTS.md S2; BIMA Pasal 11 ayat (1); the Bekasi
# standard's Persyaratan): the registry's document kinds.
REQUIRED_DOCUMENTS = (
    DocumentKind.SK_PANGKAT,
    DocumentKind.SK_JABATAN,
    DocumentKind.SKP,
    DocumentKind.HEALTH,
    DocumentKind.ENGLISH,
    DocumentKind.BAPERJAKAT,
)


class CheckStatus(models.TextChoices):
    MISSING = "belum_ada", _("Belum ada")
    PRESENT = "ada", _("Ada, belum diverifikasi")
    VERIFIED = "terverifikasi", _("Terverifikasi")
    REJECTED = "ditolak", _("Ditolak")


class DocumentCheck(Verification):
    """One required paper of one candidate: the registry document found for it and its verification."""

    candidate = models.ForeignKey(RoundCandidate, on_delete=models.CASCADE, related_name="document_checks")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=DocumentKind.choices)
    document = models.ForeignKey(
        EmployeeDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dokumen")
    )
    status = models.CharField(_("status"), max_length=15, choices=CheckStatus.choices, default=CheckStatus.MISSING)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["candidate", "kind"]
        constraints = [models.UniqueConstraint(fields=["candidate", "kind"], name="uniq_candidate_document_kind")]
        verbose_name = _("pemeriksaan dokumen")
        verbose_name_plural = _("pemeriksaan dokumen")

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_kind_display()} ({self.get_status_display()})"


class MemberRole(models.TextChoices):
    CHAIR = "ketua", _("Ketua")
    VICE_CHAIR = "wakil_ketua", _("Wakil Ketua")
    SECRETARY = "sekretaris", _("Sekretaris")
    COORDINATOR = "koordinator", _("Koordinator")
    MEMBER = "anggota", _("Anggota")


class EnglishEquivalence(TimeStampedModel):
    """A row of the agency's English equivalence table for a rule set ("skor TOEFL … atau yang
    setara"): a test the rule set does not name, the score that counts as equal, how long a result
    stays valid, and on what authority. Applied at every screening of a round of that rule set."""

    ruleset_id = models.CharField(_("aturan"), max_length=60)
    test = models.CharField(_("jenis tes"), max_length=20, choices=[(t, t) for t in ENGLISH_TESTS])
    min_score = models.DecimalField(
        _("skor minimal setara"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    valid_years = models.PositiveSmallIntegerField(
        _("masa berlaku (tahun)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Kosongkan bila hasil tes tidak kedaluwarsa."),
    )
    source = models.CharField(_("dasar penetapan"), max_length=300)

    class Meta:
        ordering = ["ruleset_id", "test"]
        constraints = [models.UniqueConstraint(fields=["ruleset_id", "test"], name="uniq_english_equivalence")]
        verbose_name = _("kesetaraan tes bahasa Inggris")
        verbose_name_plural = _("kesetaraan tes bahasa Inggris")

    def __str__(self) -> str:
        return f"{self.ruleset_id}: {self.test} ≥ {self.min_score}"


class SelectionTeam(TimeStampedModel):
    """The TSPDI of one period (BIMA Pasal 3–4), set up by a decree of the head of region."""

    name = models.CharField(_("nama tim"), max_length=200)
    period_start = models.DateField(_("masa tugas mulai"))
    period_end = models.DateField(_("masa tugas selesai"))
    decree_reference = models.CharField(_("SK penetapan tim"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = temporal.constraints_for("selection.SelectionTeam")
        ordering = ["-period_start", "-id"]
        verbose_name = _("TSPDI")
        verbose_name_plural = _("TSPDI")

    def __str__(self) -> str:
        return self.name


class TeamMember(TimeStampedModel):
    team = models.ForeignKey(SelectionTeam, on_delete=models.CASCADE, related_name="members")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    position = models.CharField(_("jabatan dalam instansi"), max_length=200)
    role = models.CharField(_("kedudukan dalam tim"), max_length=15, choices=MemberRole.choices)

    class Meta:
        ordering = ["team", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "employee"], name="uniq_team_employee"),
            models.UniqueConstraint(fields=["team", "role"], condition=models.Q(role="ketua"), name="uniq_team_chair"),
        ]
        verbose_name = _("anggota TSPDI")
        verbose_name_plural = _("anggota TSPDI")

    def __str__(self) -> str:
        return f"{self.employee.full_name} ({self.get_role_display()})"


ADVICE_DAYS = 7  # the chair's written advice, at most one week after the session (BIMA Pasal 8 ayat (2))


class TeamSession(TimeStampedModel):
    """A sidang of the TSPDI on a round: who attended, the agenda, the written conclusions (berita
    acara) and the decisions on candidates (BIMA Pasal 6–8)."""

    team = models.ForeignKey(SelectionTeam, on_delete=models.PROTECT, related_name="sessions")
    round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("tanggal sidang"))
    agenda = models.TextField(_("acara"))
    minutes = models.TextField(_("kesimpulan sidang (berita acara)"), blank=True)
    test_schedule = models.CharField(
        _("jadwal dan tempat tes"),
        max_length=300,
        blank=True,
        help_text=_("Untuk surat pemanggilan calon yang ditetapkan ikut tes."),
    )
    attendees = models.ManyToManyField(TeamMember, related_name="sessions", verbose_name=_("anggota yang hadir"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("sidang TSPDI")
        verbose_name_plural = _("sidang TSPDI")

    def __str__(self) -> str:
        return f"{self.team} – {self.held_on:%d-%m-%Y}"

    @property
    def advice_due(self) -> dt.date:
        return self.held_on + dt.timedelta(days=ADVICE_DAYS)


class Decision(models.TextChoices):
    ADMIN_PASSED = "lulus_administrasi", _("Lulus seleksi administrasi")
    TO_TEST = "ikut_tes", _("Ditugaskan mengikuti tes")
    PARTICIPANT = "ditetapkan_peserta", _("Ditetapkan sebagai peserta Diklatpim")
    NOT_PASSED = "tidak_memenuhi", _("Tidak memenuhi syarat")


class SessionDecision(TimeStampedModel):
    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="decisions")
    candidate = models.ForeignKey(RoundCandidate, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("keputusan"), max_length=20, choices=Decision.choices)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["session", "candidate__rank", "candidate__employee__name"]
        constraints = [models.UniqueConstraint(fields=["session", "candidate"], name="uniq_session_candidate")]
        verbose_name = _("keputusan sidang")
        verbose_name_plural = _("keputusan sidang")

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_decision_display()}"
