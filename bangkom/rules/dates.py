"""Calendar arithmetic shared by the engine and the registry's derived facts."""

from __future__ import annotations

import datetime as dt


def add_years(start: dt.date, years: int) -> dt.date:
    """The date `years` after `start`; 29 February falls on 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 3, 1)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day past the month's end falls on its last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(start)  # unreachable: every month has 28 days
