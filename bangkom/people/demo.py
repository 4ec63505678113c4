"""A deterministic synthetic workforce for the fictional Kabupaten Sukamaju (no real person's data).

The job map follows a kabupaten's organisation (PP 18/2016): a sekda, heads of OPDs at eselon II,
secretaries and heads of division at III, heads of section at IV, then teachers, health staff, other
functional staff and pelaksana. Ranks follow education and years of service; every history row is
consistent with the NIP (birth date, TMT CPNS, gender).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from bangkom.core.bulk import bulk_insert, reserve_ids
from bangkom.rules.dates import add_years

from .figures import figures_rebuild
from .models import (
    EducationHistory,
    Employee,
    EmployeeType,
    EnglishTest,
    FunctionalPosition,
    Gender,
    PositionHistory,
    PositionKind,
    Post,
    RankHistory,
    SkpRecord,
    TrainingRecord,
    Unit,
    UnitKind,
)
from .services import apply_current, current_from_rows, education_ranks, posts_from_registry, unit_create

AGENCY = "Pemerintah Kabupaten Sukamaju"
OPDS = (
    ("SETDA", "Sekretariat Daerah", "Setda"),
    ("SETWAN", "Sekretariat DPRD", "Setwan"),
    ("INSP", "Inspektorat Daerah", "Inspektorat"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    ("BAPENDA", "Badan Pendapatan Daerah", "Bapenda"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol"),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
    ("DINKES", "Dinas Kesehatan", "Dinkes"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("PERKIM", "Dinas Perumahan dan Kawasan Permukiman", "Perkim"),
    ("DINSOS", "Dinas Sosial", "Dinsos"),
    ("DISNAKER", "Dinas Tenaga Kerja", "Disnaker"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("DKP", "Dinas Ketahanan Pangan", "DKP"),
    ("DLH", "Dinas Lingkungan Hidup", "DLH"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
    ("DISHUB", "Dinas Perhubungan", "Dishub"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro", "Diskop UKM"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "DPMPTSP"),
    ("DISPORAPAR", "Dinas Pemuda, Olahraga dan Pariwisata", "Disporapar"),
    ("DISPERTAN", "Dinas Pertanian", "Distan"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "Disperindag"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP"),
    ("RSUD", "Rumah Sakit Umum Daerah Sukamaju", "RSUD"),
)
DISTRICTS = ("Sukamaju", "Cibeureum", "Karangsari", "Sindangjaya", "Mekarwangi", "Pasirluhur", "Tanjungsari", "Cikadu")
SUB_UNITS = (
    ("DISDIK", "SD", "Satuan Pendidikan Sekolah Dasar", UnitKind.SCHOOL),
    ("DISDIK", "SMP", "Satuan Pendidikan Sekolah Menengah Pertama", UnitKind.SCHOOL),
    ("DINKES", "PKM-1", "Puskesmas Sukamaju", UnitKind.HEALTH),
    ("DINKES", "PKM-2", "Puskesmas Karangsari", UnitKind.HEALTH),
)
DIVISIONS = ("Perencanaan", "Pelayanan", "Pengembangan", "Pengendalian", "Pembinaan", "Data dan Informasi")

MALE_NAMES = (
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Iwan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhamad",
    "Nanang",
    "Rahmat",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Asep",
    "Bambang",
    "Cecep",
    "Dadang",
    "Endang",
    "Gilang",
    "Heru",
    "Irfan",
    "Rizky",
    "Ujang",
    "Yayan",
    "Andi",
    "Ahmad",
    "Dodi",
    "Firman",
    "Hadi",
    "Ilham",
    "Taufik",
)
FEMALE_NAMES = (
    "Ani",
    "Dewi",
    "Endah",
    "Fitri",
    "Indah",
    "Kartika",
    "Lestari",
    "Nurul",
    "Rina",
    "Siti",
    "Tuti",
    "Wulan",
    "Yuni",
    "Ayu",
    "Euis",
    "Heni",
    "Imas",
    "Lilis",
    "Neneng",
    "Ratna",
    "Sri",
    "Yanti",
    "Dian",
    "Mega",
    "Novi",
    "Putri",
    "Rini",
    "Sari",
    "Titin",
    "Wati",
    "Intan",
    "Maya",
    "Nia",
    "Ratih",
    "Eli",
)
FAMILY_NAMES = (
    "Suryana",
    "Hidayat",
    "Setiawan",
    "Saputra",
    "Wijaya",
    "Nugraha",
    "Permana",
    "Kusuma",
    "Pratama",
    "Rahayu",
    "Suhendar",
    "Gunawan",
    "Santoso",
    "Hermawan",
    "Firmansyah",
    "Ramadhan",
    "Sulaeman",
    "Maulana",
    "Purnama",
    "Wibowo",
    "Susanti",
    "Handayani",
    "Kurniasih",
    "Nurhayati",
    "Wahyuni",
    "Fauziah",
    "Rohmat",
    "Syahputra",
)
# Starting golongan at CPNS and the ceiling a degree normally reaches (PP 99/2000 as amended).
EDUCATION_START = {"SD": 11, "SMP": 13, "SMA": 21, "D3": 23, "S1": 31, "S2": 32, "S3": 33}
EDUCATION_CEILING = {"SD": 22, "SMP": 31, "SMA": 34, "D3": 34, "S1": 42, "S2": 43, "S3": 44}
GOLONGAN_STEPS = (11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45)
EDUCATION_IDS = {"SD": "05", "SMP": "10", "SMA": "15", "D3": "30", "S1": "40", "S2": "45", "S3": "50"}
MAJORS = {
    "SMA": ("IPA", "IPS", "Umum"),
    "D3": ("Keperawatan", "Kebidanan", "Akuntansi", "Teknik Sipil"),
    "S1": ("Ilmu Pemerintahan", "Manajemen", "Hukum", "Pendidikan", "Akuntansi", "Teknik Sipil", "Ilmu Komputer"),
    "S2": ("Administrasi Publik", "Manajemen", "Ilmu Hukum", "Pendidikan", "Kesehatan Masyarakat"),
    "S3": ("Administrasi Publik", "Ilmu Pemerintahan"),
    "SD": ("-",),
    "SMP": ("-",),
}
DEGREES = {"D3": "A.Md.", "S1": "S.E.", "S2": "M.Si.", "S3": "Dr."}
TRAININGS = (
    (3, "Diklat Teknis Pengelolaan Keuangan Daerah", 40),
    (8, "Bimbingan Teknis Penyusunan SKP", 16),
    (4, "Workshop Manajemen Risiko", 12),
    (9, "Seminar Reformasi Birokrasi", 4),
    (16, "E-Learning Literasi Digital ASN", 20),
    (3, "Pelatihan Pelayanan Publik Prima", 32),
    (7, "Sosialisasi Disiplin PNS", 4),
    (11, "Kursus Bahasa Inggris Dasar", 30),
    (14, "Coaching Kinerja Pegawai", 8),
    (17, "Pelatihan Jarak Jauh Analisis Jabatan", 24),
)
STRUCTURAL_TRAINING = {
    "jpt": (4, "PKN Tingkat II", 285),
    "administrator": (3, "Pelatihan Kepemimpinan Administrator", 228),
    "pengawas": (2, "Pelatihan Kepemimpinan Pengawas", 189),
}


@dataclass
class Slot:
    """One position in the job map, filled by one generated employee."""

    title: str
    kind: str
    unit: Unit
    eselon: str | None = None
    functional: str | None = None
    education: tuple[str, ...] = ("S1",)
    age: tuple[int, int] = (25, 57)
    min_golongan: int = 11


@dataclass
class Generated:
    employees: list[Employee] = field(default_factory=list)
    ranks: list[list[RankHistory]] = field(default_factory=list)
    positions: list[list[PositionHistory]] = field(default_factory=list)
    educations: list[list[EducationHistory]] = field(default_factory=list)
    others: list[list[Any]] = field(default_factory=list)


def build_units() -> tuple[Unit, dict[str, Unit]]:
    root = unit_create(code="KAB", name=AGENCY, kind=UnitKind.AGENCY, short_name="Pemkab Sukamaju")
    units: dict[str, Unit] = {}
    for code, name, short in OPDS:
        kind = UnitKind.HEALTH if code == "RSUD" else UnitKind.OPD
        units[code] = unit_create(code=code, name=name, kind=kind, parent=root, short_name=short)
    for district in DISTRICTS:
        code = f"KEC-{district.upper()}"
        units[code] = unit_create(
            code=code, name=f"Kecamatan {district}", kind=UnitKind.DISTRICT, parent=root, short_name=f"Kec. {district}"
        )
    for parent, code, name, kind in SUB_UNITS:
        units[code] = unit_create(code=code, name=name, kind=kind, parent=units[parent])
    return root, units


# Who fills a structural post of each eselon: kind, education, age band at appointment and the
# lowest golongan for the eselon (PP 100/2000 jo. PP 13/2002, Lampiran: pangkat terendah).
ESELON_PROFILES: dict[str, dict[str, Any]] = {
    "21": {"kind": PositionKind.JPT, "education": ("S2", "S3"), "age": (50, 58), "min_golongan": 43},
    "22": {"kind": PositionKind.JPT, "education": ("S1", "S2"), "age": (45, 58), "min_golongan": 43},
    "31": {"kind": PositionKind.ADMINISTRATOR, "education": ("S1", "S2"), "age": (40, 56), "min_golongan": 41},
    "32": {"kind": PositionKind.ADMINISTRATOR, "education": ("S1", "S2"), "age": (38, 56), "min_golongan": 34},
    "41": {"kind": PositionKind.PENGAWAS, "education": ("S1", "D3"), "age": (32, 56), "min_golongan": 32},
    "42": {"kind": PositionKind.PENGAWAS, "education": ("S1", "D3", "SMA"), "age": (32, 56), "min_golongan": 31},
}
ASSISTANT_AREAS = ("Pemerintahan dan Kesejahteraan Rakyat", "Perekonomian dan Pembangunan", "Administrasi Umum")
SECRETARIAT_PARTS = ("Umum dan Kepegawaian", "Keuangan", "Program")


def post(title: str, unit: Unit, eselon: str) -> Slot:
    return Slot(title, unit=unit, eselon=eselon, **ESELON_PROFILES[eselon])


def head_title(unit: Unit) -> str:
    if unit.short_name == "RSUD":
        return f"Direktur {unit.name}"
    if unit.short_name == "Inspektorat":
        return f"Inspektur {unit.name}"
    return f"Kepala {unit.name}"


def district(unit: Unit) -> str:
    return unit.name.removeprefix("Kecamatan ")


def job_map(units: dict[str, Unit]) -> list[Slot]:
    """Structural posts in order of importance (so a small workforce keeps the top of the map)."""
    setda = units["SETDA"]
    opds = [units[code] for code, _name, _short in OPDS if code != "SETDA"]
    offices = [setda, *opds]
    districts = [u for code, u in units.items() if code.startswith("KEC-")]
    return [
        post("Sekretaris Daerah", setda, "21"),
        *(post(f"Asisten {area}", setda, "22") for area in ASSISTANT_AREAS),
        *(post(f"Staf Ahli Bupati Bidang {n}", setda, "22") for n in range(1, 4)),
        *(post(head_title(unit), unit, "22") for unit in opds),
        *(post(f"Sekretaris {unit.name}", unit, "31") for unit in opds),
        *(post(f"Camat {district(u)}", u, "31") for u in districts),
        *(post(f"Kepala Bidang {division}", unit, "32") for unit in offices for division in DIVISIONS[:4]),
        *(post(f"Sekretaris Kecamatan {district(u)}", u, "32") for u in districts),
        *(post(f"Kepala Subbagian {part}", unit, "41") for unit in offices for part in SECRETARIAT_PARTS),
        *(
            post(f"Kepala Seksi {division} {section}", unit, "41")
            for unit in offices
            for division in DIVISIONS[:4]
            for section in ("I", "II", "III")
        ),
        *(post(f"Lurah {n}", u, "41") for u in districts for n in range(1, 6)),
        *(post(f"Kepala Seksi Kecamatan {n}", u, "42") for u in districts for n in range(1, 6)),
    ]


def staff_slots(units: dict[str, Unit], count: int, rng: random.Random) -> list[Slot]:
    """Functional and pelaksana posts: teachers, health staff, other functional staff, pelaksana."""
    schools = [units["SD"], units["SMP"]]
    health = [units["RSUD"], units["PKM-1"], units["PKM-2"]]
    offices = [u for code, u in units.items() if code not in ("SD", "SMP", "PKM-1", "PKM-2")]
    plan = (
        (
            0.40,
            schools,
            (("Guru Ahli Pertama", ("S1",)), ("Guru Ahli Muda", ("S1", "S2")), ("Guru Ahli Madya", ("S1", "S2"))),
        ),
        (
            0.12,
            health,
            (
                ("Perawat Terampil", ("D3",)),
                ("Perawat Ahli Pertama", ("S1",)),
                ("Bidan Terampil", ("D3",)),
                ("Dokter Ahli Pertama", ("S1",)),
                ("Apoteker Ahli Pertama", ("S1",)),
            ),
        ),
        (
            0.10,
            offices,
            (
                ("Analis Kebijakan Ahli Pertama", ("S1",)),
                ("Analis Kebijakan Ahli Muda", ("S1", "S2")),
                ("Pranata Komputer Ahli Pertama", ("S1",)),
                ("Auditor Ahli Pertama", ("S1",)),
                ("Penyuluh Pertanian Terampil", ("D3",)),
            ),
        ),
    )
    slots: list[Slot] = []
    education: tuple[str, ...]
    for share, places, posts in plan:
        for _ in range(round(count * share)):
            title, education = rng.choice(posts)
            slots.append(
                Slot(
                    title,
                    PositionKind.FUNGSIONAL,
                    rng.choice(places),
                    functional=title,
                    education=education,
                    age=(23, 59),
                )
            )
    clerks = (
        ("Pengadministrasi Umum", ("SMA", "SMP", "SD")),
        ("Pengelola Keuangan", ("D3", "S1", "SMA")),
        ("Analis Kepegawaian", ("S1",)),
        ("Pengemudi", ("SMA", "SMP")),
        ("Pengolah Data", ("SMA", "D3")),
    )
    while len(slots) < count:
        title, education = rng.choice(clerks)
        slots.append(Slot(title, PositionKind.PELAKSANA, rng.choice(offices), education=education, age=(21, 57)))
    return slots[:count]


class NipSerials:
    """Hands out the serial digits so that every NIP is unique."""

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()

    def nip(self, birth: dt.date, tmt: dt.date, gender: str) -> str:
        prefix = f"{birth:%Y%m%d}{tmt:%Y%m}{gender}"
        self.used[prefix] += 1
        return f"{prefix}{self.used[prefix]:03d}"


class WorkforceGenerator:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.serials = NipSerials()
        self.functional = dict(FunctionalPosition.objects.values_list("name", "id"))

    def person(self, slot: Slot, out: Generated) -> None:
        rng, today = self.rng, self.today
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        education = rng.choice(slot.education)
        earliest_start = 22 if education in ("S1", "S2", "S3") else 19
        age = max(rng.randint(*slot.age), earliest_start + 1)
        birth = dt.date(today.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
        start_age = rng.randint(earliest_start, min(35, age - 1))
        tmt_cpns = dt.date(birth.year + start_age, rng.randint(1, 12), 1)
        if tmt_cpns > today:
            tmt_cpns = dt.date(today.year - 1, 1, 1)
        first = rng.choice(MALE_NAMES if gender == Gender.MALE else FEMALE_NAMES)
        name = f"{first} {rng.choice(FAMILY_NAMES)}"
        front = "dr." if slot.functional and slot.functional.startswith("Dokter") else ""
        back = DEGREES.get(education, "")
        if slot.functional and slot.functional.startswith("Guru") and education == "S1":
            back = "S.Pd."
        if education == "S3":
            front, back = "Dr.", "M.Si."
        employee = Employee(
            nip=self.serials.nip(birth, tmt_cpns, gender),
            employee_type=EmployeeType.PNS,
            name=name,
            front_title=front,
            back_title=back,
            birth_place=rng.choice(DISTRICTS),
            birth_date=birth,
            gender=gender,
            unit=slot.unit,
            legal_status_id="01",
            tmt_cpns=tmt_cpns,
            tmt_pns=add_years(tmt_cpns, 1),
        )
        ranks = self._ranks(slot, education, tmt_cpns)
        level = EDUCATION_IDS[education]
        educations = [
            EducationHistory(
                level_id=level,
                major=rng.choice(MAJORS[education]),
                institution="Universitas Sukamaju"
                if education in ("S1", "S2", "S3", "D3")
                else "Sekolah Negeri Sukamaju",
                graduation_year=tmt_cpns.year - rng.randint(1, 3),
            )
        ]
        if education in ("S2", "S3"):
            educations.append(
                EducationHistory(
                    level_id="40",
                    major=rng.choice(MAJORS["S1"]),
                    institution="Universitas Padjadjaran",
                    graduation_year=educations[0].graduation_year - 3,
                )
            )
        position_tmt = self._past(max(tmt_cpns, dt.date(today.year - rng.randint(0, 6), rng.randint(1, 12), 1)))
        positions = [
            PositionHistory(
                name=slot.title,
                kind_id=slot.kind,
                eselon_id=slot.eselon,
                functional_position_id=self.functional.get(slot.functional or ""),
                unit=slot.unit,
                tmt=position_tmt,
                sk_number=f"821.2/{rng.randint(100, 999)}/BKPSDM/{position_tmt.year}",
            )
        ]
        out.employees.append(employee)
        out.ranks.append(ranks)
        out.positions.append(positions)
        out.educations.append(educations)
        out.others.append(self._others(slot, education, tmt_cpns))

    def _past(self, day: dt.date) -> dt.date:
        """Generated events never lie in the future (the importer would rightly refuse them)."""
        return min(day, self.today)

    def _ranks(self, slot: Slot, education: str, tmt_cpns: dt.date) -> list[RankHistory]:
        index = GOLONGAN_STEPS.index(EDUCATION_START[education])
        ceiling = GOLONGAN_STEPS.index(max(EDUCATION_CEILING[education], slot.min_golongan))
        steps = [(GOLONGAN_STEPS[index], tmt_cpns)]
        tmt = tmt_cpns
        while index < ceiling:
            tmt = add_years(tmt, 4).replace(day=1, month=4 if tmt.month <= 6 else 10)
            if tmt > self.today:
                break
            index += 1
            steps.append((GOLONGAN_STEPS[index], tmt))
        golongan, tmt = steps[-1]
        if golongan < slot.min_golongan:
            # Appointed to a post that needs a higher rank: promoted on the post's own schedule.
            promoted = add_years(self.today, -2).replace(day=1)
            if promoted <= tmt:
                steps.pop()
                promoted = tmt
            steps.append((slot.min_golongan, promoted))
        return [
            RankHistory(golongan_id=g, tmt=t, sk_number=f"823.3/{n:03d}/BKPSDM/{t.year}")
            for n, (g, t) in enumerate(steps[-3:], 1)
        ]

    def _others(self, slot: Slot, education: str, tmt_cpns: dt.date) -> list[Any]:
        rng, year = self.rng, self.today.year
        rows: list[Any] = [
            SkpRecord(year=y, rating_id=rng.choices((1, 2, 3, 4), weights=(15, 75, 8, 2))[0])
            for y in range(max(tmt_cpns.year + 1, year - 3), year)
        ]
        if education in ("S1", "S2", "S3") and rng.random() < 0.35:
            kind, score = rng.choice(
                (
                    ("TOEFL_ITP", rng.randint(380, 560)),
                    ("TOEIC", rng.randint(350, 800)),
                    ("LAN_ECSCS", rng.randint(50, 90)),
                )
            )
            rows.append(
                EnglishTest(
                    kind_id=kind,
                    score=score,
                    test_date=self._past(dt.date(year - rng.randint(0, 3), rng.randint(1, 11), rng.randint(1, 28))),
                    certificate_number=f"EN-{rng.randint(10000, 99999)}",
                )
            )
        for n in range(rng.randint(1, 4)):
            training_kind, title, jp = rng.choice(TRAININGS)
            end = dt.date(year - (n % 3 if n else 0), rng.randint(1, 10), rng.randint(1, 28))
            end = self._past(max(end, tmt_cpns))
            rows.append(
                TrainingRecord(
                    name=title,
                    kind_id=training_kind,
                    organiser="BKPSDM Kabupaten Sukamaju",
                    start_date=end - dt.timedelta(days=max(0, jp // 8 - 1)),
                    end_date=end,
                    jp_hours=jp,
                    certificate_number=f"STTP/{rng.randint(1000, 9999)}/{end.year}",
                )
            )
        if slot.kind in STRUCTURAL_TRAINING and rng.random() < 0.8:
            level, title, jp = STRUCTURAL_TRAINING[slot.kind]
            end = dt.date(year - rng.randint(1, 8), rng.randint(3, 11), rng.randint(1, 28))
            rows.append(
                TrainingRecord(
                    name=title,
                    kind_id=1,
                    structural_level_id=level,
                    organiser="BPSDM Provinsi",
                    start_date=end - dt.timedelta(days=90),
                    end_date=end,
                    jp_hours=jp,
                    certificate_number=f"PIM/{rng.randint(1000, 9999)}/{end.year}",
                )
            )
        return rows


@transaction.atomic
def generate_workforce(*, size: int, seed: int = 2026, today: dt.date | None = None) -> dict[str, int]:
    """Create the units and `size` employees with their histories; returns row counts."""
    today = today or timezone.localdate()
    generator = WorkforceGenerator(seed=seed, today=today)
    _root, units = build_units()
    posts = job_map(units)
    structural = posts[: max(1, int(size * 0.13))]
    slots = structural + staff_slots(units, size - len(structural), generator.rng)
    out = Generated()
    for slot in slots:
        generator.person(slot, out)
    ranks_by_level = education_ranks()
    for employee, ranks, positions, educations in zip(
        out.employees, out.ranks, out.positions, out.educations, strict=True
    ):
        apply_current(employee, current_from_rows(ranks, positions, educations, ranks_by_level))
    for employee, pk in zip(out.employees, reserve_ids(Employee, len(out.employees)), strict=True):
        employee.pk = pk
    bulk_insert(Employee, out.employees, with_pk=True)
    counts = {"units": len(units) + 1, "employees": len(out.employees)}
    histories: tuple[tuple[str, list[list[Any]]], ...] = (
        ("ranks", out.ranks),
        ("positions", out.positions),
        ("educations", out.educations),
        ("others", out.others),
    )
    for label, groups in histories:
        rows = []
        for employee, group in zip(out.employees, groups, strict=True):
            for row in group:
                row.employee = employee
                rows.append(row)
        by_model: dict[type, list[Any]] = {}
        for row in rows:
            by_model.setdefault(type(row), []).append(row)
        for model, objs in by_model.items():
            bulk_insert(model, objs)
        counts[label] = len(rows)
    # The job map: every post held, and the posts the workforce leaves vacant.
    counts["posts"] = posts_from_registry(actor=None)
    vacant = [
        Post(unit=slot.unit, name=slot.title, eselon_id=slot.eselon)
        for slot in posts[len(structural) :]
        if slot.eselon  # the structural posts: every one has its eselon
    ]
    Post.objects.bulk_create(vacant, ignore_conflicts=True)
    counts["posts"] += len(vacant)
    figures_rebuild()  # the bulk writes above bypass the signals that keep the figures
    return counts
