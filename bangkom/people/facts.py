"""Derived facts about an employee on a given date. Pure functions of dates and numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from bangkom.rules.dates import add_years


@dataclass(frozen=True, order=True)
class Span:
    """A whole-calendar duration: years, months and days, as people count service."""

    years: int
    months: int
    days: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        return f"{self.years} tahun {self.months} bulan"


ZERO = Span(0, 0, 0)


def span_between(start: dt.date, end: dt.date) -> Span:
    """Completed years, months and days from start to end (ZERO when end is not after start)."""
    if end <= start:
        return ZERO
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    anchor_year, anchor_month = divmod(start.month - 1 + months, 12)
    anchor_year += start.year
    anchor_month += 1
    day = min(start.day, _days_in_month(anchor_year, anchor_month))
    anchor = dt.date(anchor_year, anchor_month, day)
    return Span(months // 12, months % 12, (end - anchor).days)


def _days_in_month(year: int, month: int) -> int:
    next_first = dt.date(year + month // 12, month % 12 + 1, 1)
    return (next_first - dt.timedelta(days=1)).day


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years of age on `on`."""
    return span_between(birth_date, on).years


def bup_date(birth_date: dt.date, bup_age: int) -> dt.date:
    """The day the employee reaches the retirement age (BUP)."""
    return add_years(birth_date, bup_age)


def retirement_date(birth_date: dt.date, bup_age: int) -> dt.date:
    """TMT pensiun: the first day of the month after BUP is reached (PP 11/2017 art. 239 ayat 4)."""
    reached = bup_date(birth_date, bup_age)
    year, month = (reached.year + 1, 1) if reached.month == 12 else (reached.year, reached.month + 1)
    return dt.date(year, month, 1)


def remaining_service(birth_date: dt.date, bup_age: int, on: dt.date) -> Span:
    """Service left on `on` until the retirement date (ZERO once it has passed)."""
    return span_between(on, retirement_date(birth_date, bup_age))


def tenure(since: dt.date | None, on: dt.date) -> Span:
    """Time served since a TMT (in a rank or a position)."""
    return span_between(since, on) if since else ZERO


@dataclass(frozen=True)
class TrainingHours:
    end_date: dt.date
    jp_hours: int


class Hours(Protocol):
    """What JP counting reads of a record: a TrainingHours or a training record of the registry."""

    @property
    def end_date(self) -> dt.date: ...

    @property
    def jp_hours(self) -> int: ...


def jp_in_year(records: Iterable[Hours], year: int) -> int:
    """JP earned in a calendar year; a training counts in the year it ended (when the STTP is issued)."""
    return sum(r.jp_hours for r in records if r.end_date.year == year)


def jp_bands(norm: int) -> list[tuple[str, int, int | None]]:
    """The bands of the JP distribution: none, under half the norm, under the norm, reached."""
    half = norm // 2
    return [
        ("0 JP", 0, 0),
        (f"1–{half - 1} JP", 1, half - 1),
        (f"{half}–{norm - 1} JP", half, norm - 1),
        (f"≥ {norm} JP", norm, None),
    ]


def band_of(jp: int, norm: int) -> int:
    """Index of the band `jp` falls in (see jp_bands)."""
    if jp <= 0:
        return 0
    if jp < norm // 2:
        return 1
    if jp < norm:
        return 2
    return 3


def resolve_bup_age(
    *,
    kind_code: str | None,
    functional_level: str = "",
    functional_bup: int | None = None,
    override: int | None = None,
    rules: Mapping[tuple[str, str], int],
) -> int | None:
    """BUP by precedence: the employee's own ruling, the functional post's usiaBup, the rule for the
    kind and level, the rule for the kind. None when nothing applies (no position yet)."""
    if override:
        return override
    if functional_bup:
        return functional_bup
    if kind_code is None:
        return None
    return rules.get((kind_code, functional_level)) or rules.get((kind_code, ""))
