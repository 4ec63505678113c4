"""The engine against hand-worked cases: both rule sets, all three levels, boundary dates and scores."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from bangkom.rules import Candidate, Category, Group, Status, load_ruleset, screen

D = dt.date
AS_OF = D(2026, 11, 23)
BIMA = load_ruleset("bima-2018")
BEKASI = load_ruleset("bekasi-diklatpim-ii")


def person(**changes: object) -> Candidate:
    """A level-II `seleksi` candidate of Bima who meets everything (final score 79.00)."""
    base = Candidate(
        nip="197508202001121002", name="Budi Santoso", birth_date=D(1975, 8, 20), golongan="IV/b",
        position_kind="administrator", eselon="III.a", position_tmt=D(2019, 6, 3), education="S1",
        education_conversion=False, skp="baik", proposed_by_unit=True, baperjakat=True, english_test="TOEFL",
        english_score=Decimal(470), score_knowledge=Decimal(82), score_potential=Decimal(78),
        score_fitness=Decimal(80), score_english=Decimal(75), bup=None,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def one(candidate: Candidate, level: str = "II", ruleset=BIMA, as_of: dt.date = AS_OF):
    return screen(ruleset, level, as_of, [candidate])[0]


def status(result, code: str) -> Status | None:
    return next((f.status for f in result.findings if f.code == code), None)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_a_candidate_who_meets_everything_is_a_with_the_hand_computed_score() -> None:
    result = one(person())
    # 0.30*82 + 0.30*78 + 0.20*80 + 0.20*75 = 24.6 + 23.4 + 16 + 15
    assert (result.group, result.category, result.final_score, result.rank) == (
        Group.SELECTION,
        Category.A,
        Decimal("79.00"),
        1,
    )
    assert codes(result) == [
        "GOLONGAN",
        "JABATAN",
        "BAPERJAKAT",
        "PENDIDIKAN",
        "USIA_BUP",
        "SKP",
        "USUL_OPD",
        "BAHASA_INGGRIS",
        "NILAI",
    ]
    assert all(f.source.startswith("Perwali Bima No. 5 Tahun 2018") for f in result.findings)
    nilai = result.findings[-1]
    assert "Nilai akhir 79.00" in nilai.explanation and "30% pengetahuan akademik 82" in nilai.explanation


@pytest.mark.parametrize(
    ("scores", "expected", "met"),
    [
        ((70, 70, 70, 70), "70.00", True),
        ((Decimal("69.99"), Decimal("69.99"), Decimal("69.99"), Decimal("69.99")), "69.99", False),
        ((70, 70, 70, Decimal("69.95")), "69.99", False),  # 14 + ... + 13.99
        ((Decimal("70.05"), 70, 70, 70), "70.02", True),  # 70.015 rounds half-up
        ((Decimal("69.95"), 70, 70, Decimal("70.05")), "70.00", True),  # 69.985 + 0.01 = 69.995 -> 70.00
        ((10, 10, 10, 10), "10.00", False),
        ((100, 100, 100, 100), "100.00", True),
    ],
)
def test_final_score_boundaries(scores, expected: str, met: bool) -> None:
    k, p, f, e = (Decimal(s) for s in scores)
    result = one(person(score_knowledge=k, score_potential=p, score_fitness=f, score_english=e))
    assert result.final_score == Decimal(expected)
    assert status(result, "NILAI") is (Status.MET if met else Status.NOT_MET)
    assert result.category is (Category.A if met else Category.C)
    assert (result.rank is not None) is met


def test_missing_score_is_not_met_with_the_reason() -> None:
    result = one(person(score_fitness=None))
    assert status(result, "NILAI") is Status.NOT_MET and result.final_score is None and result.category is Category.C
    assert "kesiapan fisik dan mental" in result.findings[-1].explanation


@pytest.mark.parametrize(
    ("birth", "kind", "bup", "met"),
    [
        (D(1973, 11, 23), "administrator", None, True),  # BUP 58 on 2031-11-23 = as-of + 5 years
        (D(1973, 11, 24), "administrator", None, True),
        (D(1973, 11, 22), "administrator", None, False),  # one day short
        (D(1971, 11, 22), "jpt", None, False),  # JPT 60: 2031-11-22
        (D(1971, 11, 23), "jpt", None, True),
        (D(1969, 11, 23), "administrator", 62, True),  # BUP given in the file
        (D(1969, 11, 22), "administrator", 62, False),
    ],
)
def test_five_years_before_bup(birth: dt.date, kind: str, bup: int | None, met: bool) -> None:
    nip = birth.strftime("%Y%m%d") + "2001121002"
    result = one(person(nip=nip, birth_date=birth, position_kind=kind, bup=bup))
    assert status(result, "USIA_BUP") is (Status.MET if met else Status.NOT_MET)


def test_leap_day_birth_reaches_bup_on_1_march() -> None:
    # Born 29-02-1976, BUP 58 -> 01-03-2034; as-of 29-02-2028 + 5 years -> 01-03-2033.
    result = one(person(birth_date=D(1976, 2, 29)), as_of=D(2028, 2, 29))
    usia = next(f for f in result.findings if f.code == "USIA_BUP")
    assert usia.status is Status.MET and "01-03-2034" in usia.explanation and "29-02-2028" in usia.explanation


@pytest.mark.parametrize(
    ("level", "golongan", "met"),
    [
        ("II", "IV/a", True),
        ("II", "III/d", False),
        ("III", "III/d", True),
        ("III", "III/c", False),
        ("IV", "III/b", True),
        ("IV", "III/a", False),
    ],
)
def test_minimum_golongan_per_level_is_absolute(level: str, golongan: str, met: bool) -> None:
    eselon = {"II": "III.a", "III": "IV.a", "IV": None}[level]
    result = one(person(golongan=golongan, eselon=eselon), level)
    assert status(result, "GOLONGAN") is (Status.MET if met else Status.NOT_MET)
    if not met:
        assert result.category is Category.C and result.rank is None
        assert "mutlak" in result.findings[0].explanation


@pytest.mark.parametrize(
    ("level", "eselon", "expected"),
    [
        ("II", "III.a", Status.MET),
        ("II", "III.b", Status.NOT_MET),
        ("II", None, Status.NOT_MET),
        ("III", "IV.a", Status.MET),
        ("III", "IV.b", Status.NOT_MET),
        ("IV", None, None),
        ("IV", "III.a", None),
    ],
)
def test_position_prerequisite(level: str, eselon: str | None, expected: Status | None) -> None:
    golongan = {"II": "IV/a", "III": "III/d", "IV": "III/b"}[level]
    assert status(one(person(eselon=eselon, golongan=golongan), level), "JABATAN") is expected


def test_already_in_post_gets_the_administrative_screening_only() -> None:
    result = one(person(eselon="II.b", position_kind="jpt", baperjakat=False, english_test=None, english_score=None,
                        score_knowledge=None, score_potential=None, score_fitness=None, score_english=None))  # fmt: skip
    assert result.group is Group.IN_POST and result.category is Category.A and result.final_score is None
    assert codes(result) == ["GOLONGAN", "JABATAN", "PENDIDIKAN", "USIA_BUP", "SKP", "USUL_OPD"]
    assert one(person(eselon="III.b"), "III").group is Group.IN_POST
    assert one(person(eselon="IV.b", golongan="III/b"), "IV").group is Group.IN_POST


@pytest.mark.parametrize(
    ("level", "education", "conversion", "expected", "category"),
    [
        ("II", "S1", False, Status.MET, Category.A),
        ("II", "D4", False, Status.MET, Category.A),
        ("II", "S3", False, Status.MET, Category.A),
        ("II", "D3", True, Status.MET_WITH_NOTE, Category.B),
        ("II", "D3", False, Status.NOT_MET, Category.C),
        ("IV", "D3", False, Status.MET, Category.A),
        ("IV", "SMA", True, Status.MET_WITH_NOTE, Category.B),
        ("IV", "SMA", False, Status.NOT_MET, Category.C),
    ],
)
def test_education_and_conversion(level, education, conversion, expected, category) -> None:
    eselon = "III.a" if level == "II" else None
    result = one(person(education=education, education_conversion=conversion, eselon=eselon, golongan="IV/a"), level)
    assert (status(result, "PENDIDIKAN"), result.category) == (expected, category)


def test_skp_proposal_and_baperjakat() -> None:
    assert status(one(person(skp="sangat_baik")), "SKP") is Status.MET
    assert status(one(person(skp="butuh_perbaikan")), "SKP") is Status.NOT_MET
    assert one(person(proposed_by_unit=False)).category is Category.C
    result = one(person(baperjakat=False))
    assert status(result, "BAPERJAKAT") is Status.NOT_MET and "Baperjakat" in result.findings[2].explanation


@pytest.mark.parametrize(
    ("level", "test", "score", "expected"),
    [
        ("II", "TOEFL", 435, Status.MET),
        ("II", "TOEFL", 434, Status.NOT_MET),
        ("II", "TOEFL_ITP", 435, Status.MET),
        ("II", "TOEIC", 900, Status.NOT_MET),
        ("II", None, None, Status.NOT_MET),
        ("III", "TOEFL", 350, Status.MET),
        ("III", "TOEFL", Decimal("349.9"), Status.NOT_MET),
        ("IV", "TOEFL", 35, Status.MET),
        ("IV", "TOEFL_ITP", 34, Status.NOT_MET),
    ],
)
def test_english_as_the_regulation_is_written(level, test, score, expected) -> None:
    eselon = {"II": "III.a", "III": "IV.a", "IV": None}[level]
    value = Decimal(score) if score is not None else None
    result = one(person(english_test=test, english_score=value, eselon=eselon), level)
    assert status(result, "BAHASA_INGGRIS") is expected


def bekasi_candidate(**changes: object) -> Candidate:
    """A Bekasi candidate not yet in an eselon II post who passed the selection (requirement 5)."""
    return person(**{"selection_passed": True, **changes})


def test_bekasi_level_two() -> None:
    ok = one(bekasi_candidate(english_test="TOEIC", english_score=Decimal(550), score_knowledge=None), ruleset=BEKASI)
    assert (ok.category, ok.final_score, codes(ok)) == (
        Category.A,
        None,
        ["GOLONGAN", "BAHASA_INGGRIS", "LULUS_SELEKSI", "BAPERJAKAT"],
    )
    for test, score, category in (
        ("TOEIC", Decimal(549), Category.C),
        ("TOEFL_ITP", Decimal(475), Category.A),
        ("ECSCS", Decimal(75), Category.A),
        ("ECSCS", Decimal("74.99"), Category.C),
        ("TOEFL", Decimal(600), Category.C),
    ):
        assert one(bekasi_candidate(english_test=test, english_score=score), ruleset=BEKASI).category is category
    # Requirement 5: one not yet in an eselon II post must have passed the selection.
    not_passed = one(
        bekasi_candidate(english_test="TOEIC", english_score=Decimal(600), selection_passed=False), ruleset=BEKASI
    )
    assert not_passed.category is Category.C and status(not_passed, "LULUS_SELEKSI") is Status.NOT_MET
    # "Pembina (IV/a) atau yang disetarakan" is not absolute: the finding does not call it so.
    low = one(bekasi_candidate(golongan="III/d"), ruleset=BEKASI)
    golongan = next(f for f in low.findings if f.code == "GOLONGAN")
    assert golongan.status is Status.NOT_MET and "mutlak" not in golongan.explanation
    # English applies to officials already in post too; the Baperjakat recommendation does not.
    in_post = one(person(eselon="II.b", baperjakat=False, english_test=None, english_score=None), ruleset=BEKASI)
    assert (
        in_post.group is Group.IN_POST
        and codes(in_post) == ["GOLONGAN", "BAHASA_INGGRIS"]
        and in_post.category is Category.C
    )
    with pytest.raises(ValueError, match="tidak mengatur tingkat III"):
        screen(BEKASI, "III", AS_OF, [person()])


def test_ranking_by_score_then_seniority_and_by_seniority_for_officials_in_post() -> None:
    def candidate(n: int, **changes: object) -> Candidate:
        return person(**{"nip": f"19750820200112{n:04d}", "name": f"Calon {n}", **changes})

    people = [
        candidate(1, score_knowledge=Decimal(90)),  # 81.40
        candidate(2),  # 79.00, TMT 2019-06-03
        candidate(3, position_tmt=D(2018, 1, 1)),  # 79.00, longer in post: before 2
        candidate(4, golongan="III/d"),  # C: no rank
        candidate(5, education="D3", education_conversion=True),  # B, 79.00, same seniority as 2: NIP decides
        candidate(6, eselon="II.a", position_tmt=D(2020, 1, 1)),  # menjabat
        candidate(7, eselon="II.b", position_tmt=D(2020, 1, 1), golongan="IV/c"),  # same TMT, higher golongan
        candidate(
            8,
            eselon="II.b",
            position_tmt=D(2020, 1, 1),
            golongan="IV/c",
            birth_date=D(1975, 8, 19),
            nip="197508192001120008",
        ),
        candidate(9, eselon="II.b", position_tmt=None),  # no TMT: last
    ]
    results = screen(BIMA, "II", AS_OF, people)
    ranks = {r.candidate.name: (r.group.value, r.category.value, r.rank) for r in results}
    assert ranks == {
        "Calon 1": ("seleksi", "A", 1),
        "Calon 3": ("seleksi", "A", 2),
        "Calon 2": ("seleksi", "A", 3),
        "Calon 5": ("seleksi", "B", 4),
        "Calon 4": ("seleksi", "C", None),
        "Calon 8": ("menjabat", "A", 1),
        "Calon 7": ("menjabat", "A", 2),
        "Calon 6": ("menjabat", "A", 3),
        "Calon 9": ("menjabat", "A", 4),
    }
    assert [r.candidate.name for r in results] == [c.name for c in people]  # input order kept


def test_bekasi_ranks_everyone_by_seniority() -> None:
    early = bekasi_candidate(
        nip="197508202001121003", position_tmt=D(2015, 1, 1), english_test="TOEIC", english_score=Decimal(600)
    )
    late = bekasi_candidate(
        nip="197508202001121004", position_tmt=D(2021, 1, 1), english_test="TOEIC", english_score=Decimal(990)
    )
    results = screen(BEKASI, "II", AS_OF, [late, early])
    assert [(r.candidate.nip, r.rank) for r in results] == [("197508202001121004", 2), ("197508202001121003", 1)]


@pytest.mark.parametrize(
    ("missing", "code", "what"),
    [("golongan", "GOLONGAN", "golongan"), ("education", "PENDIDIKAN", "pendidikan"), ("skp", "SKP", "predikat SKP")],
)
def test_missing_registry_data_is_neither_a_pass_nor_a_fail(missing: str, code: str, what: str) -> None:
    result = one(person(**{missing: None}))
    finding = next(f for f in result.findings if f.code == code)
    assert finding.status is Status.INCOMPLETE and finding.explanation == f"Data belum lengkap: {what} belum tercatat."
    assert result.category is Category.C and result.rank is None and result.incomplete == [finding]
    assert one(person()).incomplete == []


def test_unknown_position_kind_takes_the_default_bup() -> None:
    # Born 23-11-1973, no position kind known: BUP 58 (the rule set's "lainnya") -> 23-11-2031, just met.
    result = one(person(nip="197311232001121002", birth_date=D(1973, 11, 23), position_kind=None))
    assert status(result, "USIA_BUP") is Status.MET


def _english(result) -> tuple[Status | None, str]:
    finding = next(f for f in result.findings if f.code == "BAHASA_INGGRIS")
    return finding.status, finding.explanation


def test_a_test_without_an_equivalence_row_is_not_yet_equivalent_not_refused() -> None:
    verdict = _english(one(person(english_test="TOEIC", english_score=Decimal(900))))
    assert verdict == (
        Status.NOT_MET,
        "Tes TOEIC belum ditetapkan setara dalam tabel kesetaraan aturan ini; "
        "disyaratkan TOEFL ≥ 435, TOEFL_ITP ≥ 435.",
    )


def test_the_best_valid_test_counts_not_the_newest() -> None:
    """TOEFL ITP 500 in 2024, then TOEIC 600 in 2025 (no TOEIC row in Bima's table): the TOEFL ITP counts."""
    tests = (("TOEFL_ITP", Decimal(500), D(2024, 3, 1)), ("TOEIC", Decimal(600), D(2025, 5, 2)))
    result = one(person(english_test="TOEIC", english_score=Decimal(600), english_tests=tests))
    assert _english(result) == (Status.MET, "Skor TOEFL_ITP 500 memenuhi batas minimal 435.")
    assert result.category is Category.A
    # Neither meets it: each test's reason is given.
    low = (("TOEFL_ITP", Decimal(400), D(2024, 3, 1)), ("TOEIC", Decimal(600), D(2025, 5, 2)))
    status_, text = _english(one(person(english_tests=low)))
    assert status_ is Status.NOT_MET
    assert text == (
        "Skor TOEFL_ITP 400 di bawah batas minimal 435. Tes TOEIC belum ditetapkan setara dalam tabel "
        "kesetaraan aturan ini; disyaratkan TOEFL ≥ 435, TOEFL_ITP ≥ 435."
    )


def test_an_equivalence_row_with_its_validity_and_source() -> None:
    """A rule set's table row {"min", "valid_years", "source"}: a TOEIC 600 counts as TOEFL 435 for two
    years; on the as-of date 23-11-2026 a test of 23-11-2024 is still valid, one of 22-11-2024 is not."""
    from bangkom.rules.loader import parse_ruleset, ruleset_document

    document, _name = ruleset_document("bima-2018")
    english = next(r for r in document["levels"]["II"]["requirements"] if r["kind"] == "english")
    english["equivalences"] = {"TOEIC": {"min": 600, "valid_years": 2, "source": "Keputusan Kepala BKPSDM 12/2026"}}
    ruleset = parse_ruleset(document, "uji")
    on_time = (("TOEIC", Decimal(600), D(2024, 11, 23)),)
    assert _english(one(person(english_tests=on_time), ruleset=ruleset)) == (
        Status.MET,
        "Skor TOEIC 600 memenuhi batas minimal 600 (setara, Keputusan Kepala BKPSDM 12/2026).",
    )
    late = (("TOEIC", Decimal(990), D(2024, 11, 22)),)
    assert _english(one(person(english_tests=late), ruleset=ruleset)) == (
        Status.NOT_MET,
        "Skor TOEIC 990 tanggal 22-11-2024 sudah melewati masa berlaku 2 tahun.",
    )
    assert _english(one(person(english_tests=(("TOEIC", Decimal(599), D(2026, 1, 5)),)), ruleset=ruleset))[0] is (
        Status.NOT_MET
    )


def _interpreted(**reading: object):
    """Bima with an agency's interpretation (the shipped file's defaults otherwise)."""
    from bangkom.rules import parse_ruleset, ruleset_document

    document, file = ruleset_document("bima-2018")
    return parse_ruleset({**document, "interpretation": reading}, file)


def test_the_default_interpretation_is_the_one_always_applied() -> None:
    assert BIMA.interpretation == _interpreted().interpretation
    chosen = BIMA.interpretation
    assert (chosen.round_before_pass_mark, chosen.tie_break, chosen.b_ranked_with_a, chosen.bup_counted_to) == (
        True,
        ("masa_jabatan", "golongan", "usia", "nip"),
        True,
        "tanggal_acuan",
    )


def test_the_pass_mark_against_the_rounded_or_the_exact_score() -> None:
    # 0.30*69.95 + 0.30*70 + 0.20*70 + 0.20*70.05 = 20.985 + 21 + 14 + 14.01 = 69.995: 70.00 once rounded.
    close = person(
        score_knowledge=Decimal("69.95"),
        score_potential=Decimal(70),
        score_fitness=Decimal(70),
        score_english=Decimal("70.05"),
    )
    assert status(one(close), "NILAI") is Status.MET
    exact = one(close, ruleset=_interpreted(round_before_pass_mark=False))
    assert status(exact, "NILAI") is Status.NOT_MET and exact.final_score == Decimal("70.00")
    assert "Nilai akhir 70.00" in exact.findings[-1].explanation and exact.category is Category.C


def test_the_tie_break_order_and_b_after_a_are_the_agency_s_choice() -> None:
    def candidate(n: int, **changes: object) -> Candidate:
        return person(**{"nip": f"19750820200112{n:04d}", "name": f"Calon {n}", **changes})

    longer = candidate(1, position_tmt=D(2015, 1, 1), golongan="IV/a")  # 79.00, longer in post, lower golongan
    higher = candidate(2, position_tmt=D(2019, 6, 3), golongan="IV/c")  # 79.00, higher golongan
    b_high = candidate(3, education="D3", education_conversion=True, score_knowledge=Decimal(95))  # B, 82.90

    def ranks(ruleset) -> dict[str, int | None]:
        return {r.candidate.name: r.rank for r in screen(ruleset, "II", AS_OF, [longer, higher, b_high])}

    assert ranks(BIMA) == {"Calon 3": 1, "Calon 1": 2, "Calon 2": 3}  # B with A by score; time in post first
    assert ranks(_interpreted(tie_break=["golongan", "masa_jabatan"], b_ranked_with_a=False)) == {
        "Calon 2": 1,
        "Calon 1": 2,
        "Calon 3": 3,
    }


def test_bup_counted_to_the_end_of_the_year() -> None:
    # Administrator, BUP 58: born 1973-12-31 reaches it on 2031-12-31, five years after 2026-12-31.
    born = person(nip="197312312001121002", birth_date=D(1973, 12, 30))
    assert status(one(born), "USIA_BUP") is Status.MET  # counted to 23-11-2026
    at_year_end = one(born, ruleset=_interpreted(bup_counted_to="akhir_tahun"))
    usia = next(f for f in at_year_end.findings if f.code == "USIA_BUP")
    assert usia.status is Status.NOT_MET and "31-12-2026" in usia.explanation


@pytest.mark.parametrize(
    ("level", "bup", "met"),
    [(None, 58, False), ("ahli_muda", 58, False), ("ahli_madya", 60, True), ("ahli_utama", 65, True)],
)
def test_functional_bup_by_level(level: str | None, bup: int, met: bool) -> None:
    """PP 11/2017 Pasal 239: ahli madya 60, ahli utama 65. Born 1972-01-01: 58 on 01-01-2030, short of
    five years after 23-11-2026 (23-11-2031); 60 on 01-01-2032 and 65 on 01-01-2037 are not."""
    candidate = person(
        nip="197201012001121002", birth_date=D(1972, 1, 1), position_kind="fungsional", functional_level=level
    )
    usia = next(f for f in one(candidate).findings if f.code == "USIA_BUP")
    assert usia.status is (Status.MET if met else Status.NOT_MET)
    assert f"Mencapai BUP {bup} tahun" in usia.explanation


@pytest.mark.parametrize(
    ("reading", "key"),
    [
        ({"tie_break": ["umur"]}, "interpretation.tie_break"),
        ({"tie_break": ["nip", "nip"]}, "interpretation.tie_break"),
        ({"bup_counted_to": "awal_tahun"}, "interpretation.bup_counted_to"),
        ({"b_ranked_with_a": "ya"}, "interpretation.b_ranked_with_a"),
        ({"pembulatan": True}, "interpretation.pembulatan"),
    ],
)
def test_a_wrong_interpretation_is_refused_with_its_key(reading: dict[str, object], key: str) -> None:
    from bangkom.rules import RuleSetError

    with pytest.raises(RuleSetError) as refused:
        _interpreted(**reading)
    assert refused.value.key == key


def test_a_rule_set_is_not_applied_before_it_took_effect() -> None:
    with pytest.raises(ValueError, match="berlaku mulai 01-01-2018; tanggal acuan 31-12-2017"):
        screen(BIMA, "II", D(2017, 12, 31), [person()])
    assert one(person(), as_of=D(2018, 1, 1)).candidate.nip == person().nip
