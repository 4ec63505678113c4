"""Selection of candidates for a study assignment (tugas belajar, REQUIREMENTS.md R7): the criteria are
a rule set in rulesets/study/, each requirement a check of a known kind with its legal source, like the
leadership rule sets. Eligibility findings, the weighted selection score and the ranking within each
education level's quota are computed here, free of Django."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from .dates import add_months, add_years
from .loader import RuleSetError, _Reader
from .model import Finding, Status
from .vocabulary import EDUCATION_RANK, GOLONGAN, GOLONGAN_RANK, SKP

STUDY_DIR = Path(__file__).resolve().parent / "rulesets" / "study"
STUDY_LEVELS = ("D3", "D4", "S1", "S2", "S3")
# BAN-PT's grades before 2020 and their equivalents since (Unggul = A, Baik Sekali = B, Baik = C).
ACCREDITATION_RANK = {"A": 3, "Unggul": 3, "B": 2, "Baik Sekali": 2, "C": 1, "Baik": 1}
ACCREDITATIONS = tuple(ACCREDITATION_RANK)
FLAG_FIELDS = {
    "tidak_hukuman_disiplin": (
        "Menyatakan tidak sedang menjalani hukuman disiplin sedang atau berat.",
        "Sedang menjalani hukuman disiplin sedang atau berat.",
    ),
    "tidak_sedang_tugas_belajar": (
        "Tidak sedang menjalani tugas belajar lain.",
        "Sedang menjalani tugas belajar lain.",
    ),
}
SCORE_PARTS = ("akademik", "wawancara")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Applicant:
    """The facts about one application; registry facts may be unknown (None)."""

    key: str
    name: str
    birth_date: dt.date
    is_pns: bool
    tmt_cpns: dt.date | None
    golongan: str | None
    education: str | None
    skp_by_year: Mapping[int, str]
    bup: int
    level: str
    accreditation: str | None
    starts_on: dt.date
    duration_months: int
    flags: Mapping[str, bool]
    missing_documents: tuple[str, ...]
    scores: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StudyRequirement:
    code: str
    kind: str
    source: str
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class StudyDocument:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class StudyRules:
    id: str
    name: str
    source: str
    levels: tuple[str, ...]
    requirements: tuple[StudyRequirement, ...]
    documents: tuple[StudyDocument, ...]
    weights: Mapping[str, Decimal]
    scoring_source: str
    extension_months: int


@dataclass(frozen=True, slots=True)
class Screening:
    key: str
    level: str
    findings: tuple[Finding, ...]
    final_score: Decimal | None
    tie_break: Decimal | None = None  # the score of the heaviest-weighted part

    @property
    def eligible(self) -> bool | None:
        """True if every requirement is met, False if one is not, None while data is missing."""
        statuses = {f.status for f in self.findings}
        if Status.NOT_MET in statuses:
            return False
        if Status.INCOMPLETE in statuses:
            return None
        return True


@dataclass(frozen=True, slots=True)
class Placement:
    key: str
    rank: int | None
    selected: bool
    reason: str


# --- Checks -----------------------------------------------------------------------------------------

Check = Callable[[StudyRequirement, Applicant, dt.date], tuple[Status, str]]


def _date(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def full_years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _incomplete(what: str) -> tuple[Status, str]:
    return Status.INCOMPLETE, f"Data belum lengkap: {what} belum tercatat."


def check_pns(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    if a.is_pns:
        return Status.MET, "Berstatus PNS."
    return Status.NOT_MET, "Bukan PNS: tugas belajar hanya bagi PNS."


def check_service_years(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    years = req.params["years"]
    if a.tmt_cpns is None:
        return _incomplete("TMT CPNS")
    reached = add_years(a.tmt_cpns, years)
    if reached <= as_of:
        return Status.MET, f"Masa kerja sejak TMT CPNS {_date(a.tmt_cpns)} sudah {years} tahun pada {_date(as_of)}."
    return (
        Status.NOT_MET,
        f"Masa kerja sejak TMT CPNS {_date(a.tmt_cpns)} baru genap {years} tahun pada {_date(reached)}.",
    )


def check_max_age(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    limit = req.params["by_level"].get(a.level)
    age = full_years(a.birth_date, as_of)
    if limit is None:
        return Status.MET, f"Tidak ada batas usia untuk jenjang {a.level}."
    if age <= limit:
        return Status.MET, f"Usia {age} tahun pada {_date(as_of)}, tidak lebih dari {limit} tahun untuk {a.level}."
    return Status.NOT_MET, f"Usia {age} tahun pada {_date(as_of)}, melebihi batas {limit} tahun untuk {a.level}."


def check_min_golongan(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    minimum = req.params["by_level"].get(a.level)
    if minimum is None:
        return Status.MET, f"Tidak ada batas golongan untuk jenjang {a.level}."
    if a.golongan is None:
        return _incomplete("golongan")
    if GOLONGAN_RANK[a.golongan] >= GOLONGAN_RANK[minimum]:
        return Status.MET, f"Golongan {a.golongan} memenuhi batas minimal {minimum} untuk {a.level}."
    return Status.NOT_MET, f"Golongan {a.golongan} di bawah batas minimal {minimum} untuk {a.level}."


def check_higher_level(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    if a.education is None:
        return _incomplete("pendidikan terakhir")
    if EDUCATION_RANK[a.level] > EDUCATION_RANK[a.education]:
        return Status.MET, f"Jenjang {a.level} lebih tinggi dari pendidikan terakhir {a.education}."
    return Status.NOT_MET, f"Jenjang {a.level} tidak lebih tinggi dari pendidikan terakhir {a.education}."


def check_skp_years(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    count, minimum = req.params["years"], req.params["min"]
    years = range(as_of.year - count, as_of.year)
    before = req.params.get("before_service")
    impossible = [y for y in years if a.tmt_cpns is not None and a.tmt_cpns.year > y]
    if impossible and before is not None:
        # No SKP can exist for a year before the appointment: the rule set says what that means.
        listed = ", ".join(str(y) for y in impossible)
        return Status.NOT_MET, (
            f"SKP tahun {listed} tidak mungkin ada: TMT CPNS {_date(a.tmt_cpns)} ({before['source']})."  # type: ignore[arg-type]
        )
    missing = [str(y) for y in years if y not in a.skp_by_year]
    if missing:
        return _incomplete(f"predikat SKP tahun {', '.join(missing)}")
    # SKP is ordered best first, so a larger index is a worse rating.
    below = [f"{y} ({a.skp_by_year[y]})" for y in years if SKP.index(a.skp_by_year[y]) > SKP.index(minimum)]
    listed = ", ".join(str(y) for y in years)
    if below:
        return Status.NOT_MET, f"Predikat SKP di bawah {minimum}: {', '.join(below)}."
    return Status.MET, f"Predikat SKP tahun {listed} paling rendah {minimum}."


def check_flag(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    met_text, not_met_text = FLAG_FIELDS[req.params["field"]]
    return (Status.MET, met_text) if a.flags.get(req.params["field"]) else (Status.NOT_MET, not_met_text)


def check_accreditation(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    minimum = req.params["min"]
    if a.accreditation is None:
        return _incomplete("akreditasi program studi")
    if ACCREDITATION_RANK[a.accreditation] >= ACCREDITATION_RANK[minimum]:
        return Status.MET, f"Akreditasi {a.accreditation} memenuhi batas minimal {minimum}."
    return Status.NOT_MET, f"Akreditasi {a.accreditation} di bawah batas minimal {minimum}."


def check_service_after_study(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    factor = req.params["factor"]
    finishes = add_months(a.starts_on, a.duration_months)
    needed_until = add_months(finishes, factor * a.duration_months)
    retires = add_years(a.birth_date, a.bup)
    text = (
        f"Selesai studi {_date(finishes)}, wajib bekerja kembali {factor}×{a.duration_months} bulan "
        f"sampai {_date(needed_until)}; BUP {a.bup} tahun pada {_date(retires)}"
    )
    if retires >= needed_until:
        return Status.MET, f"{text}."
    return Status.NOT_MET, f"{text}: masa pengabdian tidak cukup."


def check_documents(req: StudyRequirement, a: Applicant, as_of: dt.date) -> tuple[Status, str]:
    if a.missing_documents:
        return Status.NOT_MET, f"Berkas belum lengkap atau belum sah: {', '.join(a.missing_documents)}."
    return Status.MET, "Seluruh berkas persyaratan sah."


CHECKS: dict[str, Check] = {
    "pns": check_pns,
    "min_service_years": check_service_years,
    "max_age": check_max_age,
    "min_golongan": check_min_golongan,
    "higher_level": check_higher_level,
    "skp_years": check_skp_years,
    "flag": check_flag,
    "min_accreditation": check_accreditation,
    "service_after_study": check_service_after_study,
    "documents": check_documents,
}


# --- Screening, scoring and ranking -------------------------------------------------------------


def final_score(rules: StudyRules, scores: Mapping[str, Decimal | None]) -> Decimal | None:
    """The weighted selection score, or None while a part is not yet scored."""
    if any(scores.get(part) is None for part in rules.weights):
        return None
    total = sum((scores[part] * weight for part, weight in rules.weights.items()), Decimal(0))  # type: ignore[operator]
    return (total / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def screen(rules: StudyRules, applicant: Applicant, as_of: dt.date) -> Screening:
    if applicant.level not in rules.levels:
        raise ValueError(f"jenjang {applicant.level} tidak dibuka dalam {rules.id}")
    findings = []
    for req in rules.requirements:
        status, text = CHECKS[req.kind](req, applicant, as_of)
        findings.append(Finding(req.code, status, text, req.source))
    heaviest = max(rules.weights, key=lambda part: rules.weights[part])
    return Screening(
        applicant.key,
        applicant.level,
        tuple(findings),
        final_score(rules, applicant.scores),
        applicant.scores.get(heaviest),
    )


def place(screenings: Iterable[Screening], quotas: Mapping[str, int]) -> dict[str, Placement]:
    """Rank the eligible applications of each level by final score, equal scores by the heaviest-weighted
    part, still equal by the order given (the caller passes them in order of submission), and select as
    many as the level's quota. The caller refuses to rank while an eligible one is unscored."""
    placements: dict[str, Placement] = {}
    by_level: dict[str, list[Screening]] = {}
    for s in screenings:
        if s.eligible is not True:
            why = "Tidak memenuhi syarat." if s.eligible is False else "Data belum lengkap."
            placements[s.key] = Placement(s.key, None, False, why)
        elif s.final_score is None:
            placements[s.key] = Placement(s.key, None, False, "Belum dinilai.")
        else:
            by_level.setdefault(s.level, []).append(s)
    for level, ranked in by_level.items():
        quota = quotas.get(level, 0)
        ranked.sort(key=lambda s: (-(s.final_score or 0), -(s.tie_break or 0)))  # stable: ties keep their order
        for rank, s in enumerate(ranked, start=1):
            selected = rank <= quota
            reason = (
                f"Peringkat {rank} dari kuota {quota} jenjang {level}."
                if selected
                else f"Peringkat {rank}, di luar kuota {quota} jenjang {level}."
            )
            placements[s.key] = Placement(s.key, rank, selected, reason)
    return placements


# --- Loading --------------------------------------------------------------------------------------

PARAMS: dict[str, Callable[[_Reader, dict[str, Any], str], dict[str, Any]]] = {}


def _params(kind: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def register(reader: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        PARAMS[kind] = reader
        return reader

    return register


for _kind in ("pns", "higher_level", "documents"):
    PARAMS[_kind] = lambda r, data, path: {}


@_params("min_service_years")
def _service_years(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    years = r.get(data, "years", path, int)
    if not 0 < years <= 40:
        raise r.fail(f"{path}.years", "harus 1–40")
    return {"years": years}


def _by_level(r: _Reader, data: dict[str, Any], path: str, valid: Callable[[Any], bool], what: str) -> dict[str, Any]:
    table = r.get(data, "by_level", path, dict)
    for level, value in table.items():
        r.one_of(level, STUDY_LEVELS, f"{path}.by_level")
        if isinstance(value, bool) or not valid(value):
            raise r.fail(f"{path}.by_level.{level}", what)
    return {"by_level": dict(table)}


@_params("max_age")
def _max_age(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    return _by_level(r, data, path, lambda v: isinstance(v, int) and 18 <= v <= 65, "harus bilangan bulat 18–65")


@_params("min_golongan")
def _min_golongan(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    return _by_level(r, data, path, lambda v: v in GOLONGAN, f"harus salah satu dari {', '.join(GOLONGAN)}")


@_params("skp_years")
def _skp_years(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    years = r.get(data, "years", path, int)
    if not 1 <= years <= 5:
        raise r.fail(f"{path}.years", "harus 1–5")
    params: dict[str, Any] = {"years": years, "min": r.one_of(r.get(data, "min", path, str), SKP, f"{path}.min")}
    if "before_service" in data:
        # A year before TMT CPNS holds no SKP: "tidak_memenuhi" (the requirement cannot be met), with
        # its legal source, instead of waiting for data that cannot come.
        before = r.get(data, "before_service", path, dict)
        r.one_of(
            r.get(before, "verdict", f"{path}.before_service", str),
            ("tidak_memenuhi",),
            f"{path}.before_service.verdict",
        )
        params["before_service"] = {
            "verdict": "tidak_memenuhi",
            "source": r.get(before, "source", f"{path}.before_service", str),
        }
    return params


@_params("flag")
def _flag(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    return {"field": r.one_of(r.get(data, "field", path, str), tuple(FLAG_FIELDS), f"{path}.field")}


@_params("min_accreditation")
def _accreditation(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    return {"min": r.one_of(r.get(data, "min", path, str), ACCREDITATIONS, f"{path}.min")}


@_params("service_after_study")
def _service_after(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    factor = r.get(data, "factor", path, int)
    if not 1 <= factor <= 5:
        raise r.fail(f"{path}.factor", "harus 1–5")
    return {"factor": factor}


def _requirement(r: _Reader, data: Any, path: str) -> StudyRequirement:
    if not isinstance(data, dict):
        raise r.fail(path, "harus objek")
    code = r.get(data, "code", path, str)
    kind = r.one_of(r.get(data, "kind", path, str), tuple(CHECKS), f"{path}.kind")
    source = r.get(data, "source", path, str)
    if not source.strip():
        raise r.fail(f"{path}.source", "dasar hukum wajib diisi")
    params = PARAMS[kind](r, data, path)
    extra = set(data) - {"code", "kind", "source"} - set(params)
    if extra:
        raise r.fail(f"{path}.{sorted(extra)[0]}", "kunci tidak dikenal")
    return StudyRequirement(code, kind, source, params)


def parse_study_rules(data: Any, file: str) -> StudyRules:
    r = _Reader(file)
    if not isinstance(data, dict):
        raise r.fail("(akar)", "harus objek")
    levels = tuple(r.one_of(level, STUDY_LEVELS, "levels") for level in r.get(data, "levels", "", list))
    if not levels:
        raise r.fail("levels", "tidak boleh kosong")
    requirements = tuple(
        _requirement(r, item, f"requirements[{i}]") for i, item in enumerate(r.get(data, "requirements", "", list))
    )
    codes = [req.code for req in requirements]
    if len(set(codes)) != len(codes):
        raise r.fail("requirements", "kode syarat ganda")
    documents = []
    for i, item in enumerate(r.get(data, "documents", "", list)):
        if not isinstance(item, dict):
            raise r.fail(f"documents[{i}]", "harus objek")
        documents.append(
            StudyDocument(r.get(item, "code", f"documents[{i}]", str), r.get(item, "name", f"documents[{i}]", str))
        )
    if len({d.code for d in documents}) != len(documents):
        raise r.fail("documents", "kode dokumen ganda")
    scoring = r.get(data, "scoring", "", dict)
    weights_raw = r.get(scoring, "weights", "scoring", dict)
    weights = {
        r.one_of(part, SCORE_PARTS, "scoring.weights"): r.number(value, f"scoring.weights.{part}")
        for part, value in weights_raw.items()
    }
    if sum(weights.values()) != 100:
        raise r.fail("scoring.weights", f"jumlah bobot harus 100, tertulis {sum(weights.values())}")
    extension = r.get(data, "extension_months", "", int)
    if not 0 <= extension <= 36:
        raise r.fail("extension_months", "harus 0–36")
    return StudyRules(
        id=r.get(data, "id", "", str),
        name=r.get(data, "name", "", str),
        source=r.get(data, "source", "", str),
        levels=levels,
        requirements=requirements,
        documents=tuple(documents),
        weights=weights,
        scoring_source=r.get(scoring, "source", "scoring", str),
        extension_months=extension,
    )


def available_study_rules() -> list[str]:
    return sorted(p.stem for p in STUDY_DIR.glob("*.json"))


def study_rules_document(rules_id: str) -> Any:
    """The raw JSON of a shipped study rule set; an announcement keeps it so later edits never change
    a selection already announced."""
    path = STUDY_DIR / f"{rules_id}.json"
    if not path.is_file():
        raise RuleSetError(
            rules_id, "(berkas)", f"tidak ditemukan; yang tersedia: {', '.join(available_study_rules())}"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RuleSetError(path.name, f"baris {error.lineno}", f"JSON tidak sah: {error.msg}") from None
