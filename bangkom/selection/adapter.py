"""Registry records -> engine facts. The one adapter between the people app and `bangkom.rules`, so
that the selection rules exist once, in the engine and its rule sets.

A fixed number of queries for any number of employees: the employees with their current facts, the
SKP of the year before the as-of date, the latest English test on or before it, and the BUP rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import FilteredRelation, Q, QuerySet

from bangkom.people import facts
from bangkom.people.models import Employee, EnglishTest
from bangkom.people.selectors import bup_rules
from bangkom.rules import Candidate

# Registry codes -> the engine's vocabulary.
SKP_BY_SIASN_ID = {1: "sangat_baik", 2: "baik", 3: "butuh_perbaikan", 4: "kurang", 5: "sangat_kurang"}
ENGLISH_BY_KIND = {"TOEFL_ITP": "TOEFL_ITP", "TOEFL_PBT": "TOEFL", "TOEIC": "TOEIC", "LAN_ECSCS": "ECSCS"}
EDUCATION_BY_RANK = {1: "SD", 2: "SMP", 3: "SMA", 4: "D1", 5: "D2", 6: "D3", 7: "S1", 8: "S2", 9: "S3"}
NO_ESELON = "NON"


@dataclass(frozen=True)
class RoundFacts:
    """What only the selection round knows about a candidate, not the registry."""

    proposed_by_unit: bool = False
    baperjakat: bool = False
    education_conversion: bool = False
    score_knowledge: Decimal | None = None
    score_potential: Decimal | None = None
    score_fitness: Decimal | None = None
    score_english: Decimal | None = None
    papers: tuple[tuple[str, str, str], ...] | None = None
    selection_passed: bool = False


NOTHING_KNOWN = RoundFacts()


def candidates_from_registry(
    employees: QuerySet[Employee], *, as_of: dt.date, round_facts: Mapping[int, RoundFacts] | None = None
) -> list[Candidate]:
    """Engine facts for the given employees (in NIP order); `round_facts` is keyed by employee id."""
    round_facts = round_facts or {}
    ids = employees.values("id")
    english: dict[int, list[tuple[str, Decimal, dt.date]]] = {}
    tests = EnglishTest.objects.filter(employee_id__in=ids, test_date__lte=as_of).order_by(
        "employee_id", "test_date", "id"
    )
    for employee_id, kind, test_score, test_date in tests.values_list("employee_id", "kind_id", "score", "test_date"):
        english.setdefault(employee_id, []).append((ENGLISH_BY_KIND.get(kind, kind), test_score, test_date))
    rules = bup_rules()
    # The SKP of the year before by a join (one SKP per employee and year), not a second query.
    rows = (
        employees.annotate(last_skp=FilteredRelation("skp_history", condition=Q(skp_history__year=as_of.year - 1)))
        .order_by("nip")
        .values_list(
            "id", "nip", "front_title", "name", "back_title", "birth_date", "golongan__code", "position_kind_id",
            "eselon__code", "position_tmt", "education_level__rank", "bup_override", "functional_position__bup_age",
            "functional_position__level", "last_skp__rating_id",
        )
    )  # fmt: skip
    candidates = []
    for (pk, nip, front, name, back, birth, golongan, kind, eselon, tmt, education_rank, override, functional_bup,
         functional_level, skp) in rows:  # fmt: skip
        extra = round_facts.get(pk, NOTHING_KNOWN)
        taken = english.get(pk, [])
        test: str | None
        score: Decimal | None
        test, score = (taken[-1][0], taken[-1][1]) if taken else (None, None)  # the newest shown; all are weighed
        full_name = f"{front} {name}".strip() + (f", {back}" if back else "")
        bup = facts.resolve_bup_age(
            kind_code=kind,
            functional_level=functional_level or "",
            functional_bup=functional_bup,
            override=override,
            rules=rules,
        )
        candidates.append(
            Candidate(
                nip=nip,
                name=full_name,
                birth_date=birth,
                golongan=golongan,
                position_kind=kind,
                eselon=eselon if eselon != NO_ESELON else None,
                position_tmt=tmt,
                education=EDUCATION_BY_RANK.get(education_rank) if education_rank else None,
                education_conversion=extra.education_conversion,
                skp=SKP_BY_SIASN_ID.get(skp or 0),
                proposed_by_unit=extra.proposed_by_unit,
                baperjakat=extra.baperjakat,
                english_test=test,
                english_score=score,
                english_tests=tuple(taken),
                score_knowledge=extra.score_knowledge,
                score_potential=extra.score_potential,
                score_fitness=extra.score_fitness,
                score_english=extra.score_english,
                bup=bup,
                papers=extra.papers,
                selection_passed=extra.selection_passed,
            )
        )
    return candidates
