"""Properties that must hold for any candidates: checked with hypothesis."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bangkom.rules import Candidate, Category, available_rulesets, load_ruleset, screen
from bangkom.rules.vocabulary import EDUCATION_RANK, ENGLISH_TESTS, ESELON, GOLONGAN, GOLONGAN_RANK, POSITION_KINDS, SKP

RULESETS = {name: load_ruleset(name) for name in available_rulesets()}
TARGETS = [(name, level) for name, ruleset in RULESETS.items() for level in ruleset.levels]
AS_OF = dt.date(2026, 11, 23)
CATEGORY_ORDER = {Category.A: 0, Category.B: 1, Category.C: 2}
SCORE_FIELDS = ("score_knowledge", "score_potential", "score_fitness", "score_english")

scores = st.one_of(st.none(), st.decimals(min_value=10, max_value=100, places=2))


@st.composite
def candidates(draw: st.DrawFn, index: int = 0) -> Candidate:
    birth = draw(st.dates(min_value=dt.date(1966, 1, 1), max_value=dt.date(1995, 12, 31)))
    return Candidate(
        nip=f"{birth:%Y%m%d}2001{index:06d}", name=f"Calon {index}", birth_date=birth,
        golongan=draw(st.sampled_from(GOLONGAN[8:])), position_kind=draw(st.sampled_from(POSITION_KINDS)),
        eselon=draw(st.one_of(st.none(), st.sampled_from(ESELON[2:]))),
        position_tmt=draw(st.one_of(st.none(), st.dates(min_value=dt.date(2010, 1, 1), max_value=AS_OF))),
        education=draw(st.sampled_from(sorted(EDUCATION_RANK))), education_conversion=draw(st.booleans()),
        skp=draw(st.sampled_from(SKP[:3])), proposed_by_unit=draw(st.booleans()), baperjakat=draw(st.booleans()),
        english_test=draw(st.one_of(st.none(), st.sampled_from(ENGLISH_TESTS))),
        english_score=draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=990, places=0))),
        score_knowledge=draw(scores), score_potential=draw(scores), score_fitness=draw(scores), score_english=draw(scores),
        bup=draw(st.one_of(st.none(), st.sampled_from((58, 60, 65)))),
    )  # fmt: skip


@st.composite
def batches(draw: st.DrawFn) -> list[Candidate]:
    size = draw(st.integers(min_value=1, max_value=12))
    return [draw(candidates(index=i)) for i in range(size)]


def test_weights_sum_to_100_in_every_scored_level() -> None:
    for ruleset in RULESETS.values():
        for level in ruleset.levels.values():
            for requirement in level.requirements:
                if requirement.kind == "score":
                    assert sum(requirement.params["weights"].values()) == 100


ABSOLUTE_GOLONGAN = [
    (name, level)
    for name, level in TARGETS
    if any(r.code == "GOLONGAN" and r.absolute for r in RULESETS[name].levels[level].requirements)
]


@settings(max_examples=150, deadline=None)
@given(target=st.sampled_from(ABSOLUTE_GOLONGAN), people=batches())
def test_failing_an_absolute_requirement_is_never_a_or_b(target, people) -> None:
    name, level = target
    rules = RULESETS[name].levels[level]
    minimum = next(r.params["min"] for r in rules.requirements if r.code == "GOLONGAN" and r.absolute)
    below = [dataclasses.replace(c, golongan=GOLONGAN[GOLONGAN_RANK[minimum] - 1]) for c in people]
    for result in screen(RULESETS[name], level, AS_OF, below):
        assert result.category is Category.C and result.rank is None


@settings(max_examples=150, deadline=None)
@given(target=st.sampled_from(TARGETS), people=batches(), data=st.data())
def test_raising_a_score_never_worsens_category_or_rank(target, people, data) -> None:
    name, level = target
    index = data.draw(st.integers(min_value=0, max_value=len(people) - 1))
    field = data.draw(st.sampled_from(SCORE_FIELDS))
    current = getattr(people[index], field)
    raised = data.draw(st.decimals(min_value=current or 10, max_value=100, places=2))
    better = [*people]
    better[index] = dataclasses.replace(people[index], **{field: raised})
    before = screen(RULESETS[name], level, AS_OF, people)[index]
    after = screen(RULESETS[name], level, AS_OF, better)[index]
    assert CATEGORY_ORDER[after.category] <= CATEGORY_ORDER[before.category]
    if before.rank is not None:
        assert after.rank is not None and after.rank <= before.rank


@settings(max_examples=150, deadline=None)
@given(target=st.sampled_from(TARGETS), people=batches(), data=st.data())
def test_results_do_not_depend_on_row_order(target, people, data) -> None:
    name, level = target
    shuffled = data.draw(st.permutations(people))
    first = {r.candidate.nip: r for r in screen(RULESETS[name], level, AS_OF, people)}
    second = {r.candidate.nip: r for r in screen(RULESETS[name], level, AS_OF, shuffled)}
    assert first == second


def test_scores_are_exact_decimals() -> None:
    person = Candidate(
        nip="197508202001121002", name="x", birth_date=dt.date(1975, 8, 20), golongan="IV/a", position_kind="administrator",
        eselon="III.a", position_tmt=None, education="S1", education_conversion=False, skp="baik", proposed_by_unit=True,
        baperjakat=True, english_test="TOEFL", english_score=Decimal(500), score_knowledge=Decimal("33.35"),
        score_potential=Decimal("100"), score_fitness=Decimal("100"), score_english=Decimal("100"), bup=None,
    )  # fmt: skip
    # 10.005 + 30 + 20 + 20 = 80.005 -> 80.01 (binary floats would give 80.00)
    assert screen(RULESETS["bima-2018"], "II", AS_OF, [person])[0].final_score == Decimal("80.01")
