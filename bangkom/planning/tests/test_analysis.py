"""The pure gap analysis: what a person lacks and what to plan first."""

from __future__ import annotations

from bangkom.planning.analysis import Gap, gaps, suggested

REQUIRED = [
    ("INT", "Integritas", "manajerial", 3),
    ("KOM", "Komunikasi", "manajerial", 4),
    ("PEL", "Pelayanan publik", "sosial_kultural", 3),
]


def test_the_widest_measured_gap_is_suggested_first() -> None:
    # Integritas 3 of 3 (no gap), Komunikasi 2 of 4 (2 levels), Pelayanan not measured.
    found = gaps(REQUIRED, {"INT": 3, "KOM": 2})
    assert [(g.competency, g.size, g.open) for g in found] == [("INT", 0, False), ("KOM", 2, True), ("PEL", None, True)]
    assert suggested(found) == found[1]


def test_among_equal_gaps_the_first_listed_and_without_measures_the_first_open() -> None:
    assert suggested(gaps(REQUIRED, {"INT": 2, "KOM": 3, "PEL": 1})).competency == "PEL"  # 2 levels beat 1
    assert suggested(gaps(REQUIRED, {"INT": 2, "KOM": 3})).competency == "INT"  # 1 and 1: the first
    assert suggested(gaps(REQUIRED, {})).competency == "INT"  # nothing measured: the first required
    assert suggested(gaps(REQUIRED, {"INT": 5, "KOM": 4, "PEL": 3})) is None  # nothing open
    assert suggested([]) is None
    assert suggested([Gap("X", "X", "teknis", 2, None), Gap("Y", "Y", "teknis", 2, 1)]).competency == "Y"
