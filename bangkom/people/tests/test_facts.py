"""Derived facts, each checked against values computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangkom.people import facts
from bangkom.people.facts import Span, TrainingHours

D = dt.date


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (D(1970, 5, 20), D(2026, 5, 19), 55),  # the day before the birthday
        (D(1970, 5, 20), D(2026, 5, 20), 56),  # on the birthday
        (D(1968, 2, 29), D(2026, 2, 28), 57),  # leap-day birth, common year: not yet
        (D(1968, 2, 29), D(2026, 3, 1), 58),
        (D(1968, 2, 29), D(2024, 2, 29), 56),
    ],
)
def test_age_on(birth: dt.date, on: dt.date, age: int) -> None:
    assert facts.age_on(birth, on) == age


def test_bup_and_retirement_dates() -> None:
    # Born 20 May 1968, BUP 58: reaches it on 20 May 2026, pension from 1 June 2026.
    assert facts.bup_date(D(1968, 5, 20), 58) == D(2026, 5, 20)
    assert facts.retirement_date(D(1968, 5, 20), 58) == D(2026, 6, 1)
    # Born in December: pension starts on 1 January of the next year.
    assert facts.retirement_date(D(1966, 12, 5), 60) == D(2027, 1, 1)
    # Born on 1 March: reaches BUP on 1 March, pension from 1 April.
    assert facts.retirement_date(D(1968, 3, 1), 58) == D(2026, 4, 1)
    # Leap-day birth: reaches BUP on 1 March in a common year.
    assert facts.bup_date(D(1968, 2, 29), 58) == D(2026, 3, 1)


def test_remaining_service() -> None:
    # Born 20 May 1968, BUP 58 -> retires 1 June 2026. On 23 Nov 2020: 5 years 6 months 9 days.
    assert facts.remaining_service(D(1968, 5, 20), 58, D(2020, 11, 23)) == Span(5, 6, 9)
    # Exactly five years before retirement: 5 years, 0 months (the selection threshold's boundary).
    assert facts.remaining_service(D(1968, 5, 20), 58, D(2021, 6, 1)) == Span(5, 0, 0)
    # One day later it is less than five years.
    assert facts.remaining_service(D(1968, 5, 20), 58, D(2021, 6, 2)).years == 4
    assert facts.remaining_service(D(1968, 5, 20), 58, D(2026, 6, 1)) == facts.ZERO
    assert facts.remaining_service(D(1968, 5, 20), 58, D(2027, 1, 1)) == facts.ZERO


def test_tenure() -> None:
    assert facts.tenure(D(2019, 1, 31), D(2026, 11, 23)) == Span(7, 9, 23)
    assert facts.tenure(D(2026, 1, 31), D(2026, 2, 28)) == Span(0, 0, 28)
    assert facts.tenure(D(2026, 1, 31), D(2026, 3, 1)) == Span(0, 1, 1)
    assert facts.tenure(None, D(2026, 1, 1)) == facts.ZERO
    assert facts.tenure(D(2026, 1, 1), D(2026, 1, 1)) == facts.ZERO
    assert Span(7, 9, 23).total_months == 93


def test_jp_in_year_counts_by_end_date() -> None:
    records = [
        TrainingHours(D(2026, 1, 10), 8),
        TrainingHours(D(2026, 12, 31), 12),
        TrainingHours(D(2025, 12, 31), 40),  # last year
        TrainingHours(D(2027, 1, 1), 5),  # next year
    ]
    assert facts.jp_in_year(records, 2026) == 20
    assert facts.jp_in_year(records, 2025) == 40
    assert facts.jp_in_year([], 2026) == 0


RULES = {
    ("jpt", ""): 60,
    ("administrator", ""): 58,
    ("fungsional", ""): 58,
    ("fungsional", "MA"): 60,
    ("fungsional", "UT"): 65,
}


def test_bup_precedence() -> None:
    assert facts.resolve_bup_age(kind_code="jpt", rules=RULES) == 60
    assert facts.resolve_bup_age(kind_code="administrator", rules=RULES) == 58
    assert facts.resolve_bup_age(kind_code="fungsional", functional_level="UT", rules=RULES) == 65
    assert facts.resolve_bup_age(kind_code="fungsional", functional_level="PT", rules=RULES) == 58
    # The functional post's own usiaBup (teachers: 60) beats the level rule.
    assert facts.resolve_bup_age(kind_code="fungsional", functional_level="PT", functional_bup=60, rules=RULES) == 60
    # A ruling for this employee beats everything.
    assert facts.resolve_bup_age(kind_code="jpt", functional_bup=65, override=62, rules=RULES) == 62
    assert facts.resolve_bup_age(kind_code=None, rules=RULES) is None


@given(start=st.dates(min_value=D(1950, 1, 1), max_value=D(2040, 1, 1)), days=st.integers(0, 20000))
def test_span_adds_back_up_to_the_end_date(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    span = facts.span_between(start, end)
    assert 0 <= span.months < 12
    assert 0 <= span.days < 31
    anchor_month = start.month - 1 + span.total_months
    year, month = start.year + anchor_month // 12, anchor_month % 12 + 1
    day = min(start.day, facts._days_in_month(year, month))
    assert D(year, month, day) + dt.timedelta(days=span.days) == end
