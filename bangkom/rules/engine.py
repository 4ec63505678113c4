"""Screening of candidates for leadership training against a rule set (REQUIREMENTS.md S1–S4).

Each requirement kind is one check below; its thresholds, weights, accepted tests and legal source
come from the rule set. Every check returns a Finding that says why, in Indonesian.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from .dates import add_years
from .model import TIE_BREAKS, Candidate, Category, Finding, Group, LevelRules, Requirement, Result, RuleSet, Status
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
    "lulus_seleksi": (
        "Lulus seleksi calon peserta diklat kepemimpinan.",
        "Belum menduduki jabatan eselon yang dituju dan belum lulus seleksi calon peserta diklat kepemimpinan.",
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
        self.interpretation = ruleset.interpretation
        # The BUP margin is counted to the as-of date, or to the end of its year (interpretation).
        self.bup_reference = (
            dt.date(as_of.year, 12, 31) if self.interpretation.bup_counted_to == "akhir_tahun" else as_of
        )

    def bup_of(self, candidate: Candidate) -> int:
        """The candidate's own BUP, else the rule set's for their functional level, else for their kind."""
        if candidate.bup is not None:
            return candidate.bup
        bup = self.default_bup
        if candidate.functional_level and f"fungsional_{candidate.functional_level}" in bup:
            return bup[f"fungsional_{candidate.functional_level}"]
        return bup.get(candidate.position_kind or "", bup["lainnya"])


Check = Callable[[Requirement, Candidate, Group, Context], tuple[Status, str]]


def _incomplete(what: str) -> tuple[Status, str]:
    return Status.INCOMPLETE, f"Data belum lengkap: {what} belum tercatat."


def check_min_golongan(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    minimum = req.params["min"]
    if c.golongan is None:
        return _incomplete("golongan")
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
    value = {
        "usul_opd": c.proposed_by_unit,
        "rekomendasi_baperjakat": c.baperjakat,
        "lulus_seleksi": c.selection_passed,
    }[field]
    met_text, not_met_text = FLAG_TEXT[field]
    return (Status.MET, met_text) if value else (Status.NOT_MET, not_met_text)


def check_min_education(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    minimum = req.params["min"]
    if c.education is None:
        return _incomplete("pendidikan")
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
    limit = add_years(ctx.bup_reference, years)
    text = f"Mencapai BUP {bup} tahun pada {_date(reaches)}"
    if reaches >= limit:
        return Status.MET, f"{text}, tidak kurang dari {years} tahun sesudah {_date(ctx.bup_reference)}."
    return Status.NOT_MET, f"{text}, kurang dari {years} tahun sesudah {_date(ctx.bup_reference)}."


def check_skp(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    accepted = req.params["accepted"]
    if c.skp is None:
        return _incomplete("predikat SKP")
    label = SKP_LABELS[c.skp]
    if c.skp in accepted:
        return Status.MET, f"Predikat SKP {label}."
    wanted = " atau ".join(SKP_LABELS[a] for a in accepted)
    return Status.NOT_MET, f"Predikat SKP {label}; disyaratkan {wanted}."


def _english_verdict(
    req: Requirement, ctx: Context, test: str, score: Decimal, taken: dt.date | None, accepted: str
) -> tuple[Status, str]:
    """One English test against the rule set: its minimum (or its equivalence row), then its validity."""
    minimum: dict[str, Decimal] = req.params["minimum"]
    equivalences: dict[str, Decimal] = req.params["equivalences"]
    threshold = minimum.get(test, equivalences.get(test))
    if threshold is None:
        return Status.NOT_MET, (
            f"Tes {test} belum ditetapkan setara dalam tabel kesetaraan aturan ini; disyaratkan {accepted}."
        )
    years = req.params.get("valid_years", {}).get(test)
    if taken is not None and years and add_years(taken, years) < ctx.as_of:
        return Status.NOT_MET, (
            f"Skor {test} {_number(score)} tanggal {_date(taken)} sudah melewati masa berlaku {years} tahun."
        )
    source = req.params.get("equivalence_sources", {}).get(test, "")
    setara = (f" (setara, {source})" if source else " (setara)") if test in equivalences else ""
    if score >= threshold:
        return Status.MET, f"Skor {test} {_number(score)} memenuhi batas minimal {_number(threshold)}{setara}."
    return Status.NOT_MET, f"Skor {test} {_number(score)} di bawah batas minimal {_number(threshold)}{setara}."


def check_english(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    """The best valid test counts, not the newest: one that meets the requirement is enough; when
    none does, each test's reason is given."""
    minimum: dict[str, Decimal] = req.params["minimum"]
    equivalences: dict[str, Decimal] = req.params["equivalences"]
    accepted = ", ".join(f"{t} ≥ {_number(s)}" for t, s in {**minimum, **equivalences}.items())
    if c.english_tests is not None:
        tests = c.english_tests
    elif c.english_test is not None and c.english_score is not None:
        tests = ((c.english_test, c.english_score, None),)  # type: ignore[assignment]
    else:
        tests = ()
    if not tests:
        return Status.NOT_MET, f"Tidak ada hasil tes bahasa Inggris; disyaratkan {accepted}."
    verdicts = [_english_verdict(req, ctx, test, score, taken, accepted) for test, score, taken in tests]
    met = [text for status, text in verdicts if status is Status.MET]
    if met:
        return Status.MET, met[-1]  # the newest of those that meet it
    if len(verdicts) == 1:
        return verdicts[0]
    return Status.NOT_MET, " ".join(text for _status, text in verdicts)


# The state of a required paper, as the selection round's document check leaves it.
PAPER_ACCEPTED, PAPER_REJECTED, PAPER_MISSING, PAPER_UNCHECKED = "diterima", "ditolak", "belum_ada", "belum_diperiksa"


def check_papers(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    """The papers decide (S2): one rejected or missing is a requirement failed, naming the paper; one
    not yet checked leaves the candidate's data incomplete."""
    if c.papers is None:
        return _incomplete("pemeriksaan berkas")
    exempt = set(req.params.get("in_post_exempt", ())) if group is Group.IN_POST else set()
    papers = [(paper, state, note) for paper, state, note in c.papers if paper not in exempt]
    failed = [
        f"{paper} ditolak ({note})"
        if state == PAPER_REJECTED and note
        else f"{paper} ditolak"
        if state == PAPER_REJECTED
        else f"{paper} belum ada"
        for paper, state, note in papers
        if state in (PAPER_REJECTED, PAPER_MISSING)
    ]
    if failed:
        return Status.NOT_MET, f"Berkas tidak memenuhi: {'; '.join(failed)}."
    unchecked = [paper for paper, state, _note in papers if state == PAPER_UNCHECKED]
    if unchecked:
        return Status.INCOMPLETE, f"Data belum lengkap: {', '.join(unchecked)} belum diverifikasi."
    return Status.MET, f"Berkas lengkap dan terverifikasi: {', '.join(p for p, _s, _n in papers)}."


def _scores(c: Candidate) -> tuple[Decimal | None, ...]:
    return (c.score_knowledge, c.score_potential, c.score_fitness, c.score_english)


def exact_score(req: Requirement, c: Candidate) -> Decimal | None:
    """The weighted score as computed, unrounded; None when a score is missing."""
    scores = _scores(c)
    if None in scores:
        return None
    weights = req.params["weights"]
    return sum((s * weights[part] for s, part in zip(scores, SCORE_LABELS, strict=True)), Decimal(0)) / 100  # type: ignore[operator]


def final_score(req: Requirement, c: Candidate) -> Decimal | None:
    """The weighted score, rounded half-up to 2 decimals; None when a score is missing."""
    total = exact_score(req, c)
    return None if total is None else total.quantize(CENT, rounding=ROUND_HALF_UP)


def _weight_labels(req: Requirement) -> tuple[str, ...]:
    weights = req.params["weights"]
    return tuple(f"{_number(weights[part])}% {label}" for part, label in SCORE_LABELS.items())


# How a score finding begins when a score is still missing: the candidate is not yet assessed, which
# the selection round shows as such ("belum dinilai") though the category stays C (the `screen` contract).
SCORES_MISSING = "Nilai belum lengkap:"


def score_finding(
    req: Requirement, c: Candidate, labels: tuple[str, ...], round_first: bool = True
) -> tuple[Decimal | None, Status, str]:
    """NILAI: the final score with how it was reached, or which scores are missing. The pass mark is
    compared with the rounded score, or (`round_first` False, a rule set's interpretation) with the
    score as computed."""
    scores = _scores(c)
    total = final_score(req, c)
    if total is None:
        missing = [label for label, score in zip(SCORE_LABELS.values(), scores, strict=True) if score is None]
        return None, Status.NOT_MET, f"{SCORES_MISSING} nilai {', '.join(missing)} belum ada."
    parts = ", ".join(f"{label} {score}" for label, score in zip(labels, scores, strict=True))
    pass_mark = req.params["pass_mark"]
    met = (total if round_first else exact_score(req, c)) >= pass_mark  # type: ignore[operator]
    verdict = "memenuhi" if met else "di bawah"
    text = f"Nilai akhir {total} ({parts}) {verdict} nilai minimal {_number(pass_mark)}."
    return total, (Status.MET if met else Status.NOT_MET), text


def check_score(req: Requirement, c: Candidate, group: Group, ctx: Context) -> tuple[Status, str]:
    _total, status, text = score_finding(req, c, _weight_labels(req), ctx.interpretation.round_before_pass_mark)
    return status, text


CHECKS: dict[str, Check] = {
    "min_golongan": check_min_golongan,
    "position": check_position,
    "flag": check_flag,
    "min_education": check_min_education,
    "bup_margin": check_bup_margin,
    "skp": check_skp,
    "english": check_english,
    "score": check_score,
    "papers": check_papers,
}

# What decides each check's outcome and wording. Candidates sharing these inputs share one Finding,
# which keeps a 200,000-row screening within seconds (findings are immutable).
Decider = Callable[[Candidate, Group, Context], object]
DECIDERS: dict[str, Decider | None] = {
    "min_golongan": lambda c, g, ctx: c.golongan,
    "position": lambda c, g, ctx: (g, c.eselon),
    "flag": lambda c, g, ctx: (c.proposed_by_unit, c.baperjakat, c.selection_passed),
    "min_education": lambda c, g, ctx: (c.education, c.education_conversion),
    "bup_margin": lambda c, g, ctx: (c.birth_date, ctx.bup_of(c)),
    "skp": lambda c, g, ctx: c.skp,
    "english": lambda c, g, ctx: (c.english_test, c.english_score, c.english_tests),
    "score": None,  # four scores: nearly every candidate differs
    "papers": lambda c, g, ctx: (g, c.papers),
}


def group_of(candidate: Candidate, level: LevelRules) -> Group:
    """Already in a post of the target eselon family (Pasal 9 ayat 5) or to be selected."""
    return Group.IN_POST if eselon_family(candidate.eselon) == level.target_eselon_family else Group.SELECTION


# Each tie-break as a sort key, smallest first: longer in the position, higher golongan, older, NIP.
TIE_BREAK_KEYS: dict[str, Callable[[Candidate], object]] = {
    "masa_jabatan": lambda c: c.position_tmt or dt.date.max,
    "golongan": lambda c: -GOLONGAN_RANK.get(c.golongan or "", -1),
    "usia": lambda c: c.birth_date,
    "nip": lambda c: c.nip,
}


def seniority_key(c: Candidate, order: Sequence[str] = TIE_BREAKS) -> tuple[object, ...]:
    """Pasal 37: longer in the position first, then the higher golongan, then the older, then NIP
    (a rule set's interpretation may set another order); NIP always last, so no two tie."""
    keys = [TIE_BREAK_KEYS[name](c) for name in order]
    return (*keys, c.nip) if "nip" not in order else tuple(keys)


class _Assessor:
    def __init__(self, level: LevelRules, ctx: Context) -> None:
        self.ctx = ctx
        self.level = level
        self.plan: list[tuple[Requirement, Check, Decider | None, dict[object, Finding]]] = [
            (req, CHECKS[req.kind], DECIDERS[req.kind], {}) for req in level.requirements
        ]
        self.labels = {req.code: _weight_labels(req) for req in level.requirements if req.kind == "score"}

    def assess(self, candidate: Candidate) -> tuple[Group, Decimal | None, tuple[Finding, ...], Category]:
        group = group_of(candidate, self.level)
        findings = []
        score = None
        category = Category.A
        ctx = self.ctx
        for req, check, decider, memo in self.plan:
            if group not in req.groups:
                continue
            if decider is None:  # a score: nearly every candidate differs, nothing to remember
                score, status, text = score_finding(
                    req, candidate, self.labels[req.code], ctx.interpretation.round_before_pass_mark
                )
                finding = Finding(req.code, status, text, req.source)
            else:
                key = decider(candidate, group, ctx)
                remembered = memo.get(key)
                if remembered is None:
                    status, text = check(req, candidate, group, ctx)
                    remembered = memo[key] = Finding(req.code, status, text, req.source)
                finding = remembered
            findings.append(finding)
            # Pasal 39: C if any requirement is not met, else B if any is met with a note, else A.
            # A requirement that cannot be decided for lack of data keeps the candidate out of A and
            # B (and of the ranking) until the data is completed; its finding says so.
            if finding.status is not Status.MET and category is not Category.C:
                category = Category.B if finding.status is Status.MET_WITH_NOTE else Category.C
        return group, score, tuple(findings), category


def screen(ruleset: RuleSet, level: str, as_of: dt.date, candidates: Sequence[Candidate]) -> list[Result]:
    """Screen candidates for the training of `level`; results come back in input order."""
    if level not in ruleset.levels:
        raise ValueError(f"Aturan {ruleset.id} tidak mengatur tingkat {level}; tersedia: {', '.join(ruleset.levels)}")
    if ruleset.valid_from is not None and as_of < ruleset.valid_from:
        raise ValueError(
            f"Aturan {ruleset.id} berlaku mulai {_date(ruleset.valid_from)}; tanggal acuan {_date(as_of)} "
            "jatuh sebelumnya."
        )
    rules = ruleset.levels[level]
    interpretation = ruleset.interpretation
    assessor = _Assessor(rules, Context(ruleset, rules, as_of))
    assessed = [(c, *assessor.assess(c)) for c in candidates]

    ranks: dict[int, int] = {}
    for group in Group:
        eligible = [
            i for i, (_c, g, _s, _f, category) in enumerate(assessed) if g is group and category is not Category.C
        ]
        by_score = rules.scored and group is Group.SELECTION

        def order(i: int, by_score: bool = by_score) -> tuple[object, ...]:
            candidate, _g, score, _f, category = assessed[i]
            seniority = seniority_key(candidate, interpretation.tie_break)
            # B after every A, where the rule set's interpretation says so; with A by default.
            first = () if interpretation.b_ranked_with_a else (category is Category.B,)
            return (*first, -(score or Decimal(0)), *seniority) if by_score else (*first, *seniority)

        for rank, index in enumerate(sorted(eligible, key=order), start=1):
            ranks[index] = rank

    return [
        Result(candidate, group, category, score, ranks.get(i), findings)
        for i, (candidate, group, score, findings, category) in enumerate(assessed)
    ]
