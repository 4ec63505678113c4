"""The study rule engine at its boundaries, by hand-computed dates and scores."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangkom.rules.dates import add_months
from bangkom.rules.loader import RuleSetError
from bangkom.rules.model import Status
from bangkom.rules.study import (
    Applicant,
    Screening,
    available_study_rules,
    parse_study_rules,
    place,
    screen,
    study_rules_document,
)

RULES_ID = "dki-tugas-belajar-2018"
RULES = parse_study_rules(study_rules_document(RULES_ID), RULES_ID)
AS_OF = dt.date(2026, 12, 31)
BASE = Applicant(
    key="1", name="Uji", birth_date=dt.date(1990, 6, 15), is_pns=True, tmt_cpns=dt.date(2015, 1, 1),
    golongan="III/a", education="S1", skp_by_year={2024: "baik", 2025: "sangat_baik"}, bup=58, level="S2",
    accreditation="B", starts_on=dt.date(2027, 9, 1), duration_months=24,
    flags={"tidak_hukuman_disiplin": True, "tidak_sedang_tugas_belajar": True}, missing_documents=(),
    scores={"akademik": Decimal(80), "wawancara": Decimal(70)},
)  # fmt: skip


def finding(applicant: Applicant, code: str) -> tuple[Status, str]:
    result = screen(RULES, applicant, AS_OF)
    found = next(f for f in result.findings if f.code == code)
    return found.status, found.explanation


def test_the_shipped_rule_set_loads_with_sources() -> None:
    assert available_study_rules() == [RULES_ID]
    assert all(r.source.startswith("Pergub DKI 111/2017") for r in RULES.requirements)
    assert [d.code for d in RULES.documents][:2] == ["surat_usulan", "surat_penerimaan"]


def test_an_eligible_applicant_and_the_weighted_score() -> None:
    result = screen(RULES, BASE, AS_OF)
    assert result.eligible is True
    assert result.final_score == Decimal("76.00")  # 80×0.60 + 70×0.40


@pytest.mark.parametrize(
    ("birth", "level", "status"),
    [
        (dt.date(1986, 1, 1), "S2", Status.MET),  # 40 on 31-12-2026: the limit itself
        (dt.date(1985, 12, 31), "S2", Status.NOT_MET),  # 41 that very day
        (dt.date(1991, 1, 1), "S1", Status.MET),  # 35
        (dt.date(1990, 12, 31), "S1", Status.NOT_MET),  # 36 that very day
    ],
)
def test_age_limit_per_level_on_the_closing_date(birth: dt.date, level: str, status: Status) -> None:
    applicant = replace(BASE, birth_date=birth, level=level, education="SMA" if level == "S1" else "S1")
    assert finding(applicant, "usia")[0] is status


@pytest.mark.parametrize(
    ("tmt", "status"),
    [(dt.date(2024, 12, 31), Status.MET), (dt.date(2025, 1, 1), Status.NOT_MET), (None, Status.INCOMPLETE)],
)
def test_two_years_of_service_since_tmt_cpns(tmt: dt.date | None, status: Status) -> None:
    assert finding(replace(BASE, tmt_cpns=tmt), "masa_kerja")[0] is status


def test_golongan_is_required_for_s2_and_s3_only() -> None:
    assert finding(replace(BASE, golongan="II/d"), "golongan") == (
        Status.NOT_MET,
        "Golongan II/d di bawah batas minimal III/a untuk S2.",
    )
    assert finding(replace(BASE, golongan="II/d", level="S1", education="D3"), "golongan")[0] is Status.MET
    assert finding(replace(BASE, golongan="III/a", level="S3", education="S2"), "golongan")[0] is Status.NOT_MET


def test_the_level_must_be_above_the_last_education() -> None:
    assert finding(replace(BASE, education="S2"), "jenjang")[0] is Status.NOT_MET
    assert finding(replace(BASE, level="D4", education="S1"), "jenjang")[0] is Status.NOT_MET  # D4 = S1
    assert finding(replace(BASE, education=None), "jenjang")[0] is Status.INCOMPLETE


def test_skp_of_the_two_years_before() -> None:
    assert finding(replace(BASE, skp_by_year={2024: "baik"}), "skp") == (
        Status.INCOMPLETE,
        "Data belum lengkap: predikat SKP tahun 2025 belum tercatat.",
    )
    assert finding(replace(BASE, skp_by_year={2024: "butuh_perbaikan", 2025: "baik"}), "skp") == (
        Status.NOT_MET,
        "Predikat SKP di bawah baik: 2024 (butuh_perbaikan).",
    )


@pytest.mark.parametrize(
    ("tmt_cpns", "status", "years"),
    [
        (dt.date(2025, 1, 1), Status.NOT_MET, "2024"),
        (dt.date(2026, 3, 1), Status.NOT_MET, "2024, 2025"),
        (dt.date(2024, 12, 31), Status.INCOMPLETE, ""),
    ],
)
def test_an_skp_that_cannot_exist_follows_the_rule_set_not_missing_data(tmt_cpns, status, years) -> None:
    """A new CPNS has no SKP for a year before the appointment: the rule set says that fails the
    requirement (with its source) rather than waiting for data that will never come and holding up
    the ranking of everyone."""
    result, text = finding(replace(BASE, tmt_cpns=tmt_cpns, skp_by_year={}), "skp")
    assert result is status
    if status is Status.NOT_MET:
        assert text.startswith(f"SKP tahun {years} tidak mungkin ada: TMT CPNS") and "PP 30/2019" in text
    skp = next(r for r in RULES.requirements if r.code == "skp")
    assert skp.params["before_service"]["verdict"] == "tidak_memenuhi"


@pytest.mark.parametrize(
    ("grade", "status"),
    [("A", Status.MET), ("Baik Sekali", Status.MET), ("Baik", Status.NOT_MET), ("C", Status.NOT_MET)],
)
def test_accreditation_old_and_new_grades(grade: str, status: Status) -> None:
    assert finding(replace(BASE, accreditation=grade), "akreditasi")[0] is status


def test_service_after_study_until_bup() -> None:
    # Start 1-9-2027 + 24 months = 1-9-2029; 2n = 48 months more: 1-9-2033. BUP 58.
    just = replace(BASE, birth_date=dt.date(1975, 9, 1))  # 58 on 1-9-2033
    assert finding(just, "masa_pengabdian")[0] is Status.MET
    assert finding(replace(just, birth_date=dt.date(1975, 9, 2)), "masa_pengabdian")[0] is Status.MET
    assert finding(replace(just, birth_date=dt.date(1975, 8, 31)), "masa_pengabdian") == (
        Status.NOT_MET,
        "Selesai studi 01-09-2029, wajib bekerja kembali 2×24 bulan sampai 01-09-2033; BUP 58 tahun pada "
        "31-08-2033: masa pengabdian tidak cukup.",
    )


def test_flags_papers_and_pns() -> None:
    assert finding(replace(BASE, is_pns=False), "status_pns")[0] is Status.NOT_MET
    flags = {"tidak_hukuman_disiplin": False, "tidak_sedang_tugas_belajar": True}
    assert finding(replace(BASE, flags=flags), "hukuman_disiplin")[0] is Status.NOT_MET
    assert finding(replace(BASE, missing_documents=("SKP dua tahun terakhir",)), "dokumen") == (
        Status.NOT_MET,
        "Berkas belum lengkap atau belum sah: SKP dua tahun terakhir.",
    )
    assert screen(RULES, replace(BASE, tmt_cpns=None), AS_OF).eligible is None


def test_add_months_at_month_ends() -> None:
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 9, 1), 24) == dt.date(2029, 9, 1)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)


def _screening(key: str, level: str, score: int | None, eligible: bool = True, tie: int = 0) -> Screening:
    from bangkom.rules.model import Finding

    status = Status.MET if eligible else Status.NOT_MET
    return Screening(
        key, level, (Finding("x", status, "", "s"),), Decimal(score) if score is not None else None, Decimal(tie)
    )


def test_place_ranks_per_level_within_quota() -> None:
    placements = place(
        [
            _screening("a", "S2", 70),
            _screening("b", "S2", 90),
            _screening("c", "S2", 80),
            _screening("d", "S1", 60),
            _screening("e", "S2", 99, eligible=False),
            _screening("f", "S2", 75, tie=1),
            _screening("g", "S2", 75, tie=2),
        ],
        {"S2": 2, "S1": 1},
    )
    assert {k: (p.rank, p.selected) for k, p in placements.items()} == {
        "b": (1, True),
        "c": (2, True),
        "g": (3, False),
        "f": (4, False),
        "a": (5, False),
        "d": (1, True),
        "e": (None, False),
    }


@given(
    st.lists(st.tuples(st.sampled_from(["S1", "S2"]), st.integers(0, 100), st.booleans()), max_size=30),
    st.integers(0, 5),
)
def test_place_never_exceeds_quota_and_prefers_higher_scores(rows: list[tuple[str, int, bool]], quota: int) -> None:
    screenings = [_screening(str(i), level, score, eligible) for i, (level, score, eligible) in enumerate(rows)]
    placements = place(screenings, {"S1": quota, "S2": quota})
    for level in ("S1", "S2"):
        chosen = [s for s in screenings if s.level == level and placements[s.key].selected]
        left = [s for s in screenings if s.level == level and s.eligible and not placements[s.key].selected]
        assert len(chosen) <= quota and all(s.eligible for s in chosen)
        if chosen and left:
            assert min(s.final_score for s in chosen) >= max(s.final_score for s in left)
        if len(chosen) < quota:
            assert left == []


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["scoring"]["weights"].update(akademik=50), "scoring.weights"),
        (lambda d: d["requirements"][0].update(kind="tebakan"), "requirements[0].kind"),
        (lambda d: d["requirements"][1].update(source=" "), "requirements[1].source"),
        (lambda d: d["requirements"][2]["by_level"].update(S9=30), "requirements[2].by_level"),
        (lambda d: d["requirements"].append(dict(d["requirements"][0])), "requirements"),
        (lambda d: d["requirements"][4].update(extra=1), "requirements[4].extra"),
    ],
)
def test_a_bad_rule_set_names_the_key(change, key: str) -> None:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(study_rules_document(RULES_ID))
    change(data)
    with pytest.raises(RuleSetError) as error:
        parse_study_rules(data, "uji.json")
    assert error.value.key == key and error.value.file == "uji.json"
