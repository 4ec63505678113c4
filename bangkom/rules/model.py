"""Typed facts in and results out of the eligibility and scoring engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    MET = "memenuhi"
    MET_WITH_NOTE = "memenuhi_dengan_catatan"
    NOT_MET = "tidak_memenuhi"
    # A fact the requirement needs is not recorded (registry data): neither a pass nor a fail.
    INCOMPLETE = "data_belum_lengkap"


class Group(StrEnum):
    IN_POST = "menjabat"  # already holds a post of the target eselon: administrative screening only
    SELECTION = "seleksi"


class Category(StrEnum):
    A = "A"  # memenuhi syarat
    B = "B"  # memenuhi syarat dengan catatan
    C = "C"  # tidak memenuhi syarat


@dataclass(frozen=True, slots=True)
class Candidate:
    """The facts about one candidate. From the registry, golongan, position kind, education and SKP
    may be unknown (None): the requirements that need them are then "data belum lengkap"."""

    nip: str
    name: str
    birth_date: dt.date
    golongan: str | None
    position_kind: str | None
    eselon: str | None
    position_tmt: dt.date | None
    education: str | None
    education_conversion: bool
    skp: str | None
    proposed_by_unit: bool
    baperjakat: bool
    english_test: str | None
    english_score: Decimal | None
    score_knowledge: Decimal | None
    score_potential: Decimal | None
    score_fitness: Decimal | None
    score_english: Decimal | None
    bup: int | None
    # The papers a selection round checked: (paper, state, note) with the state one of PAPER_STATES;
    # None where nobody checked papers (a CSV of candidates).
    papers: tuple[tuple[str, str, str], ...] | None = None
    # Every English test in the registry on or before the as-of date, (test, score, date): the best
    # valid one counts. None where only one test is known (english_test/english_score, from a CSV).
    english_tests: tuple[tuple[str, Decimal, dt.date], ...] | None = None
    # Passed the selection for the training (Bekasi requirement 5, for one not yet in the post).
    selection_passed: bool = False
    # A functional position's level ("ahli_madya"): its BUP may differ (PP 11/2017 Pasal 239).
    functional_level: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    status: Status
    explanation: str
    source: str


@dataclass(frozen=True, slots=True)
class Result:
    candidate: Candidate
    group: Group
    category: Category
    final_score: Decimal | None
    rank: int | None
    findings: tuple[Finding, ...]

    @property
    def incomplete(self) -> list[Finding]:
        """The requirements that could not be decided for lack of data."""
        return [f for f in self.findings if f.status is Status.INCOMPLETE]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a level: a check of a known kind with parameters from the rule set."""

    code: str
    kind: str
    source: str
    groups: frozenset[Group]
    absolute: bool
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LevelRules:
    level: str
    training: str
    target_eselon_family: str
    requirements: tuple[Requirement, ...]
    # Who the inventory proposes besides officials already in a post of the target eselon: posts of
    # these eselons, or staff of these position kinds (at or above the level's minimum golongan).
    # Nobody else: teachers and pelaksana only where the rule set names them.
    feeder_eselons: tuple[str, ...] = ()
    feeder_position_kinds: tuple[str, ...] = ()
    # The papers a selection round checks for this level (registry document kinds) and their legal
    # source; empty: the round's default papers (REQUIREMENTS S2).
    papers: tuple[str, ...] = ()
    papers_source: str = ""

    @property
    def scored(self) -> bool:
        return any(r.kind == "score" for r in self.requirements)


# The orders a tie after the score may be broken in (BIMA Pasal 37 names the first three in this order).
TIE_BREAKS = ("masa_jabatan", "golongan", "usia", "nip")
# The date the BUP margin is counted to: the round's as-of date, or the end of its year.
BUP_COUNTED_TO = ("tanggal_acuan", "akhir_tahun")


@dataclass(frozen=True, slots=True)
class Interpretation:
    """Choices a rule set's text leaves open, made explicit so that an agency can see and set them
    (key `interpretation`, with a `note` saying on what authority). The defaults are the readings
    Bangkom has always applied."""

    round_before_pass_mark: bool = True  # the final score is rounded to 2 decimals, then compared
    tie_break: tuple[str, ...] = TIE_BREAKS
    b_ranked_with_a: bool = True  # False: every A before any B
    bup_counted_to: str = "tanggal_acuan"
    note: str = ""


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    name: str
    source: str
    valid_from: dt.date | None
    default_bup: Mapping[str, int]
    levels: Mapping[str, LevelRules]
    interpretation: Interpretation = Interpretation()
