"""Indonesian working days: Monday to Friday, minus national holidays and cuti bersama.

The national list comes from the `holidays` package (categories public and government, which holds
cuti bersama); the agency corrects it with CalendarDay rows when a joint ministerial decree moves or
adds a day during the year. Service deadlines ("22 hari kerja") are counted with this calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@cache
def national_days_off(year: int) -> Mapping[dt.date, str]:
    """National holidays and cuti bersama of one year, with their Indonesian names."""
    return dict(holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id"))


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
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def working_days(self, days: Iterable[dt.date]) -> list[dt.date]:
        return [d for d in days if self.is_working_day(d)]
