"""Indonesian working days: Monday to Friday, minus national holidays and cuti bersama.

The national list comes from the `holidays` package (categories public and government, which holds
cuti bersama); the agency corrects it with CalendarDay rows when a joint ministerial decree moves or
adds a day during the year. Service deadlines ("22 hari kerja") are counted with this calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property, lru_cache

import holidays

from bangkom.rules.dates import add_months

ONE_DAY = dt.timedelta(days=1)


@cache
def national_days_off(year: int) -> Mapping[dt.date, str]:
    """National holidays and cuti bersama of one year, with their Indonesian names."""
    return dict(holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id"))


@lru_cache(maxsize=64)
def _working_days_through(year: int, overrides: tuple[tuple[dt.date, bool], ...]) -> tuple[int, ...]:
    """For each day of `year` (index: day of the year - 1), the working days from 1 January up to
    and including it, with the agency's `overrides` of that year. Kept per year and corrections: a
    page of fifty clocks counts with it instead of walking thousands of days."""
    calendar = WorkingCalendar(dict(overrides))
    day, count, through = dt.date(year, 1, 1), 0, []
    while day.year == year:
        count += calendar.is_working_day(day)
        through.append(count)
        day += ONE_DAY
    return tuple(through)


@dataclass(frozen=True)
class WorkingCalendar:
    """`overrides`: date -> True (a working day after all) or False (an extra day off)."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def day_off_name(self, day: dt.date) -> str | None:
        return national_days_off(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5 and day not in national_days_off(day.year)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date on which `days` working days have passed, counting from the day after `start`
        (a request completed on Monday with 1 working day is due on Tuesday)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, left = start, days
        while left:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end is not after start)."""
        if end <= start:
            return 0
        count = self._through(end) - self._through(start)
        for year in range(start.year, end.year):
            count += self._through(dt.date(year, 12, 31))
        return count

    def _through(self, day: dt.date) -> int:
        """Working days from 1 January of `day`'s year up to and including `day`."""
        overrides = self._overrides_by_year.get(day.year, ())
        return _working_days_through(day.year, overrides)[day.timetuple().tm_yday - 1]

    @cached_property
    def _overrides_by_year(self) -> dict[int, tuple[tuple[dt.date, bool], ...]]:
        years: dict[int, list[tuple[dt.date, bool]]] = {}
        for day, working in self.overrides.items():
            years.setdefault(day.year, []).append((day, working))
        return {year: tuple(sorted(days)) for year, days in years.items()}

    def last_day_within(self, start: dt.date, working_days: int) -> dt.date:
        """The last day `d` with working_days_between(start, d) <= `working_days`: a clock whose due
        date is between `start` and that day has that many working days left, or fewer."""
        day, count = start, 0
        while True:
            following = day + ONE_DAY
            if self.is_working_day(following):
                if count == working_days:
                    return day
                count += 1
            day = following

    def working_days(self, days: Iterable[dt.date]) -> list[dt.date]:
        return [d for d in days if self.is_working_day(d)]


class TimeUnit(StrEnum):
    """How a service standard states its completion time."""

    MINUTES = "menit"
    WORKING_DAYS = "hari_kerja"
    DAYS = "hari"
    MONTHS = "bulan"


def due_after(calendar: WorkingCalendar, start: dt.date, amount: int, unit: TimeUnit | str) -> dt.date:
    """The due date of a time limit counted from `start`: working days from the next working day,
    calendar days and months from the next day (a month from 31 January is the last of February);
    minutes are served on the same day."""
    unit = TimeUnit(unit)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit is TimeUnit.WORKING_DAYS:
        return calendar.add_working_days(start, amount)
    if unit is TimeUnit.DAYS:
        return start + dt.timedelta(days=amount)
    if unit is TimeUnit.MONTHS:
        return add_months(start, amount)
    return start


class ClockState(StrEnum):
    ON_TRACK = "berjalan"
    DUE_SOON = "mendekati"
    OVERDUE = "terlambat"
    DONE = "selesai"
    DONE_LATE = "selesai_terlambat"


@dataclass(frozen=True)
class Clock:
    """Where a request stands against its due date, in working days."""

    due_on: dt.date
    used: int
    left: int  # working days from today up to the due date; negative once past it
    state: ClockState

    @property
    def late_by(self) -> int:
        return max(0, -self.left)

    @property
    def is_late(self) -> bool:
        return self.state in (ClockState.OVERDUE, ClockState.DONE_LATE)


def clock(
    calendar: WorkingCalendar,
    *,
    start: dt.date,
    due_on: dt.date,
    today: dt.date,
    finished_on: dt.date | None = None,
    warn_days: int = 2,
) -> Clock:
    """Working days used since `start` and left until `due_on` (as of `today`, or of the day the
    request was finished). Due soon means `warn_days` working days or fewer are left."""
    end = finished_on or today
    used = calendar.working_days_between(start, end)
    left = calendar.working_days_between(end, due_on) - calendar.working_days_between(due_on, end)
    if finished_on is not None:
        state = ClockState.DONE if finished_on <= due_on else ClockState.DONE_LATE
    elif today > due_on:
        state = ClockState.OVERDUE
    elif left <= warn_days:
        state = ClockState.DUE_SOON
    else:
        state = ClockState.ON_TRACK
    return Clock(due_on=due_on, used=used, left=left, state=state)
