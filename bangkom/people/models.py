"""The people registry: reference data (SIASN codes), the unit tree, employees and their histories."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkom.core import temporal
from bangkom.core.models import ReferenceModel, TimeStampedModel

from .nip import NipError, nip_mismatches, parse_nip

# --- Reference data -------------------------------------------------------------------------


class Golongan(ReferenceModel):
    """Golongan/ruang I/a..IV/e; the SIASN id (11..45) also gives the order."""

    id = models.PositiveSmallIntegerField(_("kode SIASN"), primary_key=True)
    code = models.CharField(_("golongan"), max_length=6, unique=True)
    pangkat = models.CharField(_("pangkat"), max_length=60)

    class Meta:
        ordering = ["id"]
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")

    def __str__(self) -> str:
        return f"{self.pangkat} ({self.code})"


class Eselon(ReferenceModel):
    id = models.CharField(_("kode SIASN"), max_length=2, primary_key=True)
    code = models.CharField(_("eselon"), max_length=6)
    level_name = models.CharField(_("tingkat jabatan"), max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("eselon")
        verbose_name_plural = _("eselon")

    def __str__(self) -> str:
        return self.code


class PositionKind(ReferenceModel):
    """Kinds of position that decide BUP and selection rules (UU 20/2023)."""

    JPT = "jpt"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    PELAKSANA = "pelaksana"
    FUNGSIONAL = "fungsional"

    code = models.CharField(_("kode"), max_length=20, primary_key=True)
    name = models.CharField(_("nama"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    siasn_jenis_jabatan = models.CharField(_("jenis jabatan SIASN"), max_length=2, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("jenis jabatan")
        verbose_name_plural = _("jenis jabatan")

    def __str__(self) -> str:
        return self.name


NO_ESELON = "99"
STRUCTURAL_KINDS = (PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS)


def kind_for_eselon(eselon_id: str) -> str:
    """The structural kind an eselon belongs to: I and II JPT, III administrator, IV (and the old V)
    pengawas (UU 20/2023 Pasal 131 on the equivalence of eselon and the new position kinds)."""
    return {"1": PositionKind.JPT, "2": PositionKind.JPT, "3": PositionKind.ADMINISTRATOR}.get(
        eselon_id[0], PositionKind.PENGAWAS
    )


class FunctionalPosition(ReferenceModel):
    """SIASN jabatan fungsional with its own BUP (usiaBup), e.g. teachers 60."""

    id = models.CharField(_("kode SIASN"), max_length=40, primary_key=True)
    name = models.CharField(_("nama jabatan"), max_length=200, db_index=True)
    level = models.CharField(_("jenjang"), max_length=4, blank=True)
    bup_age = models.PositiveSmallIntegerField(_("usia BUP"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jabatan fungsional")
        verbose_name_plural = _("jabatan fungsional")

    def __str__(self) -> str:
        return self.name


class BupRule(ReferenceModel):
    """Retirement age by position kind and, for functional posts, by level (jenjang)."""

    position_kind = models.ForeignKey(PositionKind, on_delete=models.PROTECT, verbose_name=_("jenis jabatan"))
    functional_level = models.CharField(_("jenjang fungsional"), max_length=4, blank=True)
    age = models.PositiveSmallIntegerField(_("usia BUP"))

    class Meta:
        ordering = ["position_kind__order", "functional_level"]
        constraints = [models.UniqueConstraint(fields=["position_kind", "functional_level"], name="uniq_bup_rule")]
        verbose_name = _("aturan BUP")
        verbose_name_plural = _("aturan BUP")

    def __str__(self) -> str:
        level = f" {self.functional_level}" if self.functional_level else ""
        return f"{self.position_kind}{level}: {self.age}"


class JpNorm(ReferenceModel):
    """The yearly minimum of development hours every PNS has a right to (20 JP)."""

    hours = models.PositiveSmallIntegerField(_("JP minimal per tahun"))

    class Meta:
        ordering = ["-valid_from"]
        # One norm per effective date; shipped rows are matched on it, so rows added in the admin
        # take ordinary keys from the sequence.
        constraints = [models.UniqueConstraint(fields=["valid_from"], name="uniq_jp_norm_valid_from")]
        verbose_name = _("norma JP")
        verbose_name_plural = _("norma JP")

    def __str__(self) -> str:
        return f"{self.hours} JP ({self.legal_source})"


class EducationLevel(ReferenceModel):
    id = models.CharField(_("kode SIASN"), max_length=4, primary_key=True)
    code = models.CharField(_("jenjang"), max_length=10, unique=True)
    name = models.CharField(_("nama"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("peringkat"), help_text=_("D4 dan S1 setara."))

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = _("jenjang pendidikan")
        verbose_name_plural = _("jenjang pendidikan")

    def __str__(self) -> str:
        return self.code


class SkpRating(ReferenceModel):
    id = models.PositiveSmallIntegerField(_("kode SIASN"), primary_key=True)
    name = models.CharField(_("predikat"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("peringkat"), help_text=_("Makin besar makin baik."))

    class Meta:
        ordering = ["-rank"]
        verbose_name = _("predikat SKP")
        verbose_name_plural = _("predikat SKP")

    def __str__(self) -> str:
        return self.name


class TrainingKind(ReferenceModel):
    id = models.PositiveSmallIntegerField(_("kode SIASN"), primary_key=True)
    name = models.CharField(_("jenis diklat"), max_length=200)
    certificate_kind = models.CharField(_("jenis sertifikat"), max_length=2, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("jenis diklat")
        verbose_name_plural = _("jenis diklat")

    def __str__(self) -> str:
        return self.name


class StructuralTrainingLevel(ReferenceModel):
    """SIASN latihanStruktural: 2 = PIM IV, 3 = PIM III, 4 = PIM II, 5 = PIM I."""

    id = models.PositiveSmallIntegerField(_("kode SIASN"), primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["id"]
        verbose_name = _("diklat struktural")
        verbose_name_plural = _("diklat struktural")

    def __str__(self) -> str:
        return self.name


class EnglishTestKind(ReferenceModel):
    code = models.CharField(_("kode"), max_length=20, primary_key=True)
    name = models.CharField(_("nama"), max_length=80)
    min_score = models.DecimalField(_("skor terendah"), max_digits=6, decimal_places=1)
    max_score = models.DecimalField(_("skor tertinggi"), max_digits=6, decimal_places=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jenis tes bahasa Inggris")
        verbose_name_plural = _("jenis tes bahasa Inggris")

    def __str__(self) -> str:
        return self.name


class LegalStatus(ReferenceModel):
    """SIASN kedudukan hukum (Aktif, CLTN, Tugas Belajar, ...)."""

    id = models.CharField(_("kode SIASN"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=80)
    counts_as_active = models.BooleanField(_("dihitung aktif"), default=False)
    # Retired, dismissed, deceased, NIP annulled: the person's Bangkom account is closed.
    ends_service = models.BooleanField(_("berhenti sebagai PNS"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kedudukan hukum")
        verbose_name_plural = _("kedudukan hukum")

    def __str__(self) -> str:
        return self.name


# --- Work units -----------------------------------------------------------------------------


class UnitKind(models.TextChoices):
    AGENCY = "instansi", _("Instansi")
    OPD = "opd", _("Perangkat Daerah (OPD)")
    DIVISION = "bidang", _("Bagian/Bidang")
    SECTION = "seksi", _("Subbagian/Seksi")
    UPT = "upt", _("UPT/UKPD")
    SCHOOL = "sekolah", _("Sekolah")
    HEALTH = "puskesmas", _("Puskesmas/Rumah Sakit")
    DISTRICT = "kecamatan", _("Kecamatan/Kelurahan")


UNIT_PATH_SEGMENT = 7  # "000042/": a zero-padded id and a slash per level


class Unit(TimeStampedModel):
    """A work unit (unit kerja / OPD / SKPD / UKPD); `path` holds the ancestors for scope queries."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama unit"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    siasn_unor_id = models.CharField(_("ID unor SIASN"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.name


class Post(TimeStampedModel):
    """A structural post of the agency's job map (peta jabatan): its unit, its eselon and who holds it
    (none while vacant). A selection round names the posts it fills; its inventory starts from them."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit kerja"))
    name = models.CharField(_("nama jabatan"), max_length=200)
    eselon = models.ForeignKey(Eselon, on_delete=models.PROTECT, related_name="+", verbose_name=_("eselon"))
    holder = models.ForeignKey(
        "Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("pemangku"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["eselon", "unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="uniq_post_unit_name",
                violation_error_message=_("Unit ini sudah mempunyai jabatan dengan nama itu."),
            ),
            models.UniqueConstraint(
                fields=["holder"],
                name="uniq_post_holder",
                violation_error_message=_("Pegawai ini sudah memangku jabatan lain."),
            ),
        ]
        verbose_name = _("jabatan (peta jabatan)")
        verbose_name_plural = _("peta jabatan")

    def __str__(self) -> str:
        return f"{self.name} ({self.eselon.code}) · {self.unit.name}"


# --- Employees ------------------------------------------------------------------------------


class EmployeeType(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class Gender(models.TextChoices):
    MALE = "1", _("Laki-laki")
    FEMALE = "2", _("Perempuan")


class Employee(TimeStampedModel):
    """A civil servant. The `current_*` fields cache the newest history rows (see services)."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    employee_type = models.CharField(
        _("jenis pegawai"), max_length=4, choices=EmployeeType.choices, default=EmployeeType.PNS
    )
    siasn_id = models.CharField(_("PNS ID SIASN"), max_length=64, blank=True)
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    back_title = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit kerja"))
    legal_status = models.ForeignKey(
        LegalStatus, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kedudukan hukum")
    )
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    email = models.EmailField(_("email dinas"), blank=True)
    bup_override = models.PositiveSmallIntegerField(
        _("BUP khusus"),
        null=True,
        blank=True,
        help_text=_("Isi hanya bila ada ketetapan BUP khusus untuk pegawai ini."),
    )

    # Derived from the newest history rows; kept here so lists filter and sort without subqueries.
    golongan = models.ForeignKey(Golongan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("golongan"))
    golongan_tmt = models.DateField(_("TMT golongan"), null=True, blank=True)
    position_name = models.CharField(_("jabatan"), max_length=200, blank=True)
    position_kind = models.ForeignKey(
        PositionKind, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jenis jabatan")
    )
    eselon = models.ForeignKey(Eselon, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("eselon"))
    functional_position = models.ForeignKey(
        FunctionalPosition, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jabatan fungsional")
    )
    position_tmt = models.DateField(_("TMT jabatan"), null=True, blank=True)
    education_level = models.ForeignKey(
        EducationLevel, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pendidikan terakhir")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "nip"]
        # One index per list sort order (selectors.SORTS), so deep pages need no full sort.
        indexes = [
            models.Index(fields=["name", "id"], name="employee_name_sort_idx"),
            models.Index(fields=["golongan", "name", "id"], name="employee_golongan_sort_idx"),
            models.Index(fields=["unit", "name", "id"], name="employee_unit_sort_idx"),
            # A name search's first tier, the names that start with it, read in order (selectors.employee_pages).
            models.Index(Upper("name"), F("id"), name="employee_name_key_idx"),
        ]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        permissions = [
            ("view_all_employees", _("Melihat pegawai semua unit")),
            ("view_unit_employees", _("Melihat pegawai unit sendiri dan bawahannya")),
            ("import_employees", _("Mengimpor data pegawai")),
            ("export_employees", _("Mengekspor daftar pegawai")),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    def clean(self) -> None:
        # The NIP carries the birth date and gender; a record that contradicts it is wrong somewhere.
        if not self.nip:
            return
        try:
            parts = parse_nip(self.nip, is_pppk=self.employee_type == EmployeeType.PPPK)
        except NipError as error:
            raise ValidationError({"nip": str(error)}) from None
        problems = nip_mismatches(parts, birth_date=self.birth_date, gender=self.gender or None)
        if problems:
            raise ValidationError({"nip": problems})

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name


class HistoryRow(TimeStampedModel):
    """Base of every history table: rows are appended, never overwritten (X2)."""

    class Meta:
        abstract = True


def _day(value: dt.date | None) -> str:
    """A history row's date as people read it, "-" while it is not set."""
    return f"{value:%d-%m-%Y}" if value else "-"


class RankHistory(HistoryRow):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="rank_history")
    golongan = models.ForeignKey(Golongan, on_delete=models.PROTECT, verbose_name=_("golongan"))
    tmt = models.DateField(_("TMT"))
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-tmt", "-id"]
        verbose_name = _("riwayat pangkat")
        verbose_name_plural = _("riwayat pangkat")

    def __str__(self) -> str:
        return f"{self.golongan_id and self.golongan}, TMT {_day(self.tmt)}"


class PositionHistory(HistoryRow):
    def clean(self) -> None:
        eselon = self.eselon_id if self.eselon_id != NO_ESELON else None
        if self.kind_id in STRUCTURAL_KINDS and (eselon is None or kind_for_eselon(eselon) != self.kind_id):
            raise ValidationError(
                {"eselon": _("Jabatan %(kind)s memerlukan eselon yang sesuai.") % {"kind": self.kind.name}}
            )
        if self.kind_id and self.kind_id not in STRUCTURAL_KINDS and eselon is not None:
            raise ValidationError({"eselon": _("Hanya jabatan struktural yang memiliki eselon.")})

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="position_history")
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.ForeignKey(PositionKind, on_delete=models.PROTECT, verbose_name=_("jenis jabatan"))
    eselon = models.ForeignKey(Eselon, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("eselon"))
    functional_position = models.ForeignKey(
        FunctionalPosition, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("jabatan fungsional")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("unit kerja"))
    tmt = models.DateField(_("TMT"))
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-tmt", "-id"]
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")

    def __str__(self) -> str:
        return f"{self.name}, TMT {_day(self.tmt)}"


class EducationHistory(HistoryRow):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="education_history")
    level = models.ForeignKey(EducationLevel, on_delete=models.PROTECT, verbose_name=_("jenjang"))
    major = models.CharField(_("jurusan"), max_length=200, blank=True)
    institution = models.CharField(_("nama sekolah/perguruan tinggi"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("tahun lulus"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = temporal.constraints_for("people.EducationHistory")
        ordering = ["-graduation_year", "-id"]
        verbose_name = _("riwayat pendidikan")
        verbose_name_plural = _("riwayat pendidikan")

    def __str__(self) -> str:
        level = str(self.level) if self.level_id else ""
        return " ".join(part for part in (level, self.major, f"({self.graduation_year or '-'})") if part)


class SkpRecord(HistoryRow):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skp_history")
    year = models.PositiveSmallIntegerField(_("tahun"))
    rating = models.ForeignKey(SkpRating, on_delete=models.PROTECT, verbose_name=_("predikat"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"],
                name="uniq_skp_year",
                violation_error_message=_("Predikat SKP untuk tahun ini sudah tercatat."),
            ),
            *temporal.constraints_for("people.SkpRecord"),
        ]
        verbose_name = _("riwayat SKP")
        verbose_name_plural = _("riwayat SKP")

    def __str__(self) -> str:
        return f"SKP {self.year}: {self.rating if self.rating_id else '-'}"


class EnglishTest(HistoryRow):
    def clean(self) -> None:
        kind = self.kind if self.kind_id else None
        if kind and self.score is not None and not kind.min_score <= self.score <= kind.max_score:
            raise ValidationError(
                {
                    "score": _("Skor %(score)s di luar rentang %(kind)s (%(lo)s–%(hi)s).")
                    % {"score": self.score, "kind": kind.name, "lo": kind.min_score, "hi": kind.max_score}
                }
            )

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="english_tests")
    kind = models.ForeignKey(EnglishTestKind, on_delete=models.PROTECT, verbose_name=_("jenis tes"))
    score = models.DecimalField(_("skor"), max_digits=6, decimal_places=1)
    test_date = models.DateField(_("tanggal tes"))
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-test_date", "-id"]
        verbose_name = _("tes bahasa Inggris")
        verbose_name_plural = _("tes bahasa Inggris")

    def __str__(self) -> str:
        return f"{self.kind if self.kind_id else ''} {self.score} ({_day(self.test_date)})".strip()


class TrainingRecordQuerySet(models.QuerySet["TrainingRecord"]):
    def counted(self) -> TrainingRecordQuerySet:
        """The records that count: JP, the ledger, leadership training held. A record whose
        certificate was revoked stays in the history, marked, and counts nowhere."""
        return self.filter(revoked_at__isnull=True)


class TrainingRecord(HistoryRow):
    def clean(self) -> None:
        errors = {}
        if self.jp_hours is not None and self.jp_hours < 1:
            errors["jp_hours"] = _("Jumlah JP harus minimal 1.")
        if errors:
            raise ValidationError(errors)

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="training_records")
    name = models.CharField(_("nama diklat"), max_length=250)
    kind = models.ForeignKey(TrainingKind, on_delete=models.PROTECT, verbose_name=_("jenis diklat"))
    structural_level = models.ForeignKey(
        StructuralTrainingLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("tingkat diklat struktural"),
    )
    organiser = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp_hours = models.PositiveSmallIntegerField(_("jumlah JP"))
    certificate_number = models.CharField(_("nomor sertifikat/STTP"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.CharField(_("alasan pencabutan"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        constraints = temporal.constraints_for("people.TrainingRecord")
        ordering = ["-end_date", "-id"]
        indexes = [models.Index(fields=["employee", "end_date"], name="training_emp_end_idx")]
        verbose_name = _("riwayat diklat")
        verbose_name_plural = _("riwayat diklat")

    def __str__(self) -> str:
        return f"{self.name} ({_day(self.start_date)} – {_day(self.end_date)}, {self.jp_hours} JP)"


class DocumentKind(models.TextChoices):
    SK_PANGKAT = "sk_pangkat", _("SK pangkat")
    SK_JABATAN = "sk_jabatan", _("SK jabatan")
    SPMT = "spmt", _("SPMT")
    PELANTIKAN = "pelantikan", _("Berita acara pelantikan")
    HEALTH = "surat_sehat", _("Surat keterangan sehat")
    PHOTO_4X6 = "foto_4x6", _("Pas foto 4x6")
    PHOTO_3X4 = "foto_3x4", _("Pas foto 3x4")
    PORTFOLIO = "portofolio", _("Portofolio")
    DIPLOMA = "ijazah", _("Ijazah")
    CERTIFICATE = "sertifikat", _("Sertifikat/STTP")
    SKP = "skp", _("Dokumen SKP")
    ENGLISH = "bahasa_inggris", _("Sertifikat tes bahasa Inggris")
    BAPERJAKAT = "baperjakat", _("Rekomendasi Baperjakat")
    # Kota Bekasi's Diklatpim II requirements 1, 2 and 6: documented potential and technical
    # competence, and the assignment by the competent official.
    POTENTIAL = "dokumen_potensi", _("Dokumen potensi yang dapat dikembangkan")
    TECHNICAL_COMPETENCE = "kompetensi_teknis", _("Dokumen kompetensi teknis bidang jabatan")
    ASSIGNMENT = "surat_penugasan", _("Surat penugasan pejabat yang berwenang")
    ASSESSMENT_REPORT = "hasil_asesmen", _("Laporan individu hasil asesmen")
    OTHER = "lainnya", _("Lainnya")


def document_upload_to(instance: EmployeeDocument, filename: str) -> str:
    # The stored name never reuses the uploader's file name (kept separately for display).
    return f"documents/{instance.employee.nip}/{instance.kind}-{instance.checksum[:16]}.{instance.extension}"


class EmployeeDocument(HistoryRow):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("ukuran"))
    checksum = models.CharField(max_length=64)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["kind", "-created_at"]
        verbose_name = _("dokumen pegawai")
        verbose_name_plural = _("dokumen pegawai")

    # --- Figures kept current by the writes (people.figures), so pages read O(units) rows ----------------

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class JpYear(models.Model):
    """The JP ledger: what an employee earned in a year from the training records that count (a
    training counts in the year it ended). Kept by `people.figures` on every training write,
    correction and revocation; `manage.py figures --check` recomputes it from the records."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="jp_years")
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.PositiveIntegerField(_("JP"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="uniq_jp_year")]
        verbose_name = _("JP per tahun")
        verbose_name_plural = _("JP per tahun")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP"


class Figure(models.TextChoices):
    EMPLOYEES = "pegawai", _("pegawai")
    PNS = "pns", _("PNS")
    GOLONGAN = "golongan", _("per golongan")
    EDUCATION = "pendidikan", _("per pendidikan")
    POSITION_KIND = "jenis_jabatan", _("per jenis jabatan")
    JP_TOTAL = "jp", _("jumlah JP PNS")
    JP_BAND = "jp_band", _("PNS per rentang JP")


class UnitFigure(models.Model):
    """One headline number of one unit (not its subtree): a page sums the rows of the units it shows.
    `key` names the group (a golongan, a JP band …); `year` is 0 for figures that are not per year."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="figures")
    figure = models.CharField(max_length=20, choices=Figure.choices)
    key = models.CharField(max_length=20, blank=True, default="")
    year = models.PositiveSmallIntegerField(default=0)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figure", "year", "key", "unit"], name="uniq_unit_figure"),
        ]
        indexes = [models.Index(fields=["unit", "figure", "year"], name="unit_figure_unit_idx")]
        verbose_name = _("angka unit")
        verbose_name_plural = _("angka unit")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.figure} {self.key} {self.year}: {self.value}"
