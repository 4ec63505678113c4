"""Screening of candidates for leadership training against a rule set (REQUIREMENTS.md S1–S4).

Each requirement kind is one check below; its thresholds, weights, accepted tests and legal source
come from the rule set. Every check returns a Finding that says why, in Indonesian.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from .dates import add_years
from .model import Candidate, Category, Finding, Group, LevelRules, Requirement, Result, RuleSet, Status
from .vocabulary import EDUCATION_RANK, GOLONGAN_RANK, eselon_family

CENT = Decimal("0.01")
SCORE_LABELS = {
    "pengetahuan": "pengetahuan akademik",
    "potensi": "potensi akademik",
    "fisik_mental": "kesiapan fisik dan mental",
    "bahasa_inggris": "bahasa Inggris",
}
SKP_LABELS = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang",
    "sangat_kurang": "Sangat Kurang",
}
FLAG_TEXT = {
    "usul_opd": ("Diusulkan oleh OPD/unit kerja.", "Tidak diusulkan oleh OPD/unit kerja."),
    "rekomendasi_baperjakat": (
        "Direkomendasikan oleh Baperjakat untuk jabatan yang dituju.",
        "Belum menduduki jabatan eselon yang dituju dan tidak ada rekomendasi Baperjakat.",
    ),
}


def _date(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def _number(value: Decimal) -> str:
    """475 not 4.75E+2, 69.95 as written."""
    return format(value.normalize(), "f")


class Context:
    """What every check of one screening run shares."""

    def __init__(self, ruleset: RuleSet, level: LevelRules, as_of: dt.date) -> None:
        self.ruleset = ruleset
        self.level = level
        self.as_of = as_of
        self.default_bup = ruleset.default_bup

    def bup_of(self, candidate: Candidate) -> int:
        if candidate.bup is not None:
            return candidate.bup
        return self.default_bup.get(candidate.position_kind, self.default_bup["lainnya"])


Check = Callable[[Requirement, Candidate, Group, Context], tuple[Status, str]]


def check_min_golongan(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    minimum = req.params["min"]
    if GOLONGAN_RANK[c.golongan] >= GOLONGAN_RANK[minimum]:
        return Status.MET, f"Golongan {c.golongan} memenuhi batas minimal {minimum}."
    absolute = " Syarat mutlak, tidak dapat dikecualikan." if req.absolute else ""
    return Status.NOT_MET, f"Golongan {c.golongan} di bawah batas minimal {minimum}.{absolute}"


def check_position(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    if group is Group.IN_POST:
        return Status.MET, f"Sudah menduduki jabatan eselon {c.eselon} (kelompok menjabat)."
    required = " atau ".join(req.params["eselon"])
    if c.eselon in req.params["eselon"]:
        return Status.MET, f"Menduduki jabatan eselon {c.eselon} sesuai syarat."
    now = f"eselon {c.eselon}" if c.eselon else "bukan jabatan struktural"
    return Status.NOT_MET, f"Tidak menduduki jabatan eselon {required} (jabatan sekarang: {now})."


def check_flag(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    field = req.params["field"]
    value = c.proposed_by_unit if field == "usul_opd" else c.baperjakat
    met_text, not_met_text = FLAG_TEXT[field]
    return (Status.MET, met_text) if value else (Status.NOT_MET, not_met_text)


def check_min_education(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    minimum = req.params["min"]
    if EDUCATION_RANK[c.education] >= EDUCATION_RANK[minimum]:
        return Status.MET, f"Pendidikan {c.education} memenuhi batas minimal {minimum}."
    if req.params["conversion"] and c.education_conversion:
        return (
            Status.MET_WITH_NOTE,
            f"Pendidikan {c.education} di bawah {minimum}, diperhitungkan dengan konversi diklat lain yang relevan.",
        )
    return Status.NOT_MET, f"Pendidikan {c.education} di bawah batas minimal {minimum}."


def check_bup_margin(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    years = req.params["years"]
    bup = ctx.bup_of(c)
    reaches = add_years(c.birth_date, bup)
    limit = add_years(ctx.as_of, years)
    text = f"Mencapai BUP {bup} tahun pada {_date(reaches)}"
    if reaches >= limit:
        return Status.MET, f"{text}, tidak kurang dari {years} tahun sesudah {_date(ctx.as_of)}."
    return Status.NOT_MET, f"{text}, kurang dari {years} tahun sesudah {_date(ctx.as_of)}."


def check_skp(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    accepted = req.params["accepted"]
    label = SKP_LABELS[c.skp]
    if c.skp in accepted:
        return Status.MET, f"Predikat SKP {label}."
    wanted = " atau ".join(SKP_LABELS[a] for a in accepted)
    return Status.NOT_MET, f"Predikat SKP {label}; disyaratkan {wanted}."


def check_english(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    minimum: dict[str, Decimal] = req.params["minimum"]
    equivalences: dict[str, Decimal] = req.params["equivalences"]
    accepted = ", ".join(f"{t} ≥ {_number(s)}" for t, s in {**minimum, **equivalences}.items())
    if c.english_test is None or c.english_score is None:
        return Status.NOT_MET, f"Tidak ada hasil tes bahasa Inggris; disyaratkan {accepted}."
    test, score = c.english_test, c.english_score
    threshold = minimum.get(test, equivalences.get(test))
    if threshold is None:
        return Status.NOT_MET, f"Tes {test} tidak diterima; disyaratkan {accepted}."
    setara = " (setara)" if test in equivalences else ""
    if score >= threshold:
        return Status.MET, f"Skor {test} {_number(score)} memenuhi batas minimal {_number(threshold)}{setara}."
    return Status.NOT_MET, f"Skor {test} {_number(score)} di bawah batas minimal {_number(threshold)}{setara}."


def final_score(req: Requirement, c: Candidate) -> Decimal | None:
    """The weighted score, rounded half-up to 2 decimals; None when a score is missing."""
    scores = (c.score_knowledge, c.score_potential, c.score_fitness, c.score_english)
    if any(s is None for s in scores):
        return None
    weights = req.params["weights"]
    total = sum((score * weights[part] for score, part in zip(scores, SCORE_LABELS, strict=True)), Decimal(0)) / 100
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def check_score(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    scores = dict(
        zip(SCORE_LABELS, (c.score_knowledge, c.score_potential, c.score_fitness, c.score_english), strict=True)
    )
    missing = [SCORE_LABELS[part] for part, score in scores.items() if score is None]
    if missing:
        return Status.NOT_MET, f"Nilai belum lengkap: nilai {', '.join(missing)} belum ada."
    total = final_score(req, c)
    assert total is not None
    weights = req.params["weights"]
    parts = ", ".join(
        f"{_number(weights[part])}% {SCORE_LABELS[part]} {_number(score)}"  # type: ignore[arg-type]
        for part, score in scores.items()
    )
    pass_mark = req.params["pass_mark"]
    verdict = "memenuhi" if total >= pass_mark else "di bawah"
    text = f"Nilai akhir {total} ({parts}) {verdict} nilai minimal {_number(pass_mark)}."
    return (Status.MET if total >= pass_mark else Status.NOT_MET), text


CHECKS: dict[str, Check] = {
    "min_golongan": check_min_golongan,
    "position": check_position,
    "flag": check_flag,
    "min_education": check_min_education,
    "bup_margin": check_bup_margin,
    "skp": check_skp,
    "english": check_english,
    "score": check_score,
}


def group_of(candidate: Candidate, level: LevelRules) -> Group:
    """Already in a post of the target eselon family (Pasal 9 ayat 5) or to be selected."""
    return Group.IN_POST if eselon_family(candidate.eselon) == level.target_eselon_family else Group.SELECTION


def category_of(findings: Iterable[Finding]) -> Category:
    statuses = {f.status for f in findings}
    if Status.NOT_MET in statuses:
        return Category.C
    if Status.MET_WITH_NOTE in statuses:
        return Category.B
    return Category.A


def seniority_key(c: Candidate) -> tuple[dt.date, int, dt.date, str]:
    """Pasal 37: longer in the position first, then the higher golongan, then the older, then NIP."""
    return (c.position_tmt or dt.date.max, -GOLONGAN_RANK[c.golongan], c.birth_date, c.nip)


def _assess(candidate: Candidate, level: LevelRules, ctx: Context) -> tuple[Group, Decimal | None, tuple[Finding, ...]]:
    group = group_of(candidate, level)
    findings = []
    score = None
    for req in level.requirements:
        if group not in req.groups:
            continue
        status, text = CHECKS[req.kind](req, candidate, group, ctx)
        findings.append(Finding(req.code, status, text, req.source))
        if req.kind == "score":
            score = final_score(req, candidate)
    return group, score, tuple(findings)


def screen(ruleset: RuleSet, level: str, as_of: dt.date, candidates: Sequence[Candidate]) -> list[Result]:
    """Screen candidates for the training of `level`; results come back in input order."""
    if level not in ruleset.levels:
        raise ValueError(f"Aturan {ruleset.id} tidak mengatur tingkat {level}; tersedia: {', '.join(ruleset.levels)}")
    rules = ruleset.levels[level]
    ctx = Context(ruleset, rules, as_of)
    assessed = [(c, *_assess(c, rules, ctx)) for c in candidates]
    categories = [category_of(findings) for _c, _g, _s, findings in assessed]

    ranks: dict[int, int] = {}
    for group in Group:
        eligible = [i for i, (_c, g, _s, _f) in enumerate(assessed) if g is group and categories[i] is not Category.C]
        by_score = rules.scored and group is Group.SELECTION

        def order(i: int, by_score: bool = by_score) -> tuple[object, ...]:
            candidate, _g, score, _f = assessed[i]
            seniority = seniority_key(candidate)
            return (-(score or Decimal(0)), *seniority) if by_score else seniority

        for rank, index in enumerate(sorted(eligible, key=order), start=1):
            ranks[index] = rank

    return [
        Result(candidate, group, categories[i], score, ranks.get(i), findings)
        for i, (candidate, group, score, findings) in enumerate(assessed)
    ]
