"""Pure date arithmetic of the one-door policy: the proposal deadline and the supervision periods."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from bangkom.rules.dates import add_years


def proposal_deadline(start_date: dt.date, lead_years: int) -> dt.date:
    """The last day a program starting on `start_date` may be proposed (Pasal 58: at least a year
    before it is carried out)."""
    return add_years(start_date, -lead_years)


@dataclass(frozen=True)
class Period:
    year: int
    number: int  # the quarter when the period is three months
    last_day: dt.date


def period_of(day: dt.date, months: int) -> Period:
    number = (day.month - 1) // months + 1
    last_month = number * months
    return Period(day.year, number, dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]))


def periods_between(start: dt.date, end: dt.date, months: int) -> list[Period]:
    """Every supervision period a program running from `start` to `end` touches, in order."""
    periods, day = [], start
    while day <= end:
        period = period_of(day, months)
        periods.append(period)
        day = period.last_day + dt.timedelta(days=1)
    return periods
