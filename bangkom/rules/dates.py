"""Calendar arithmetic shared by the engine and the registry's derived facts."""

from __future__ import annotations

import datetime as dt


def add_years(start: dt.date, years: int) -> dt.date:
    """The date `years` after `start`; 29 February falls on 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 3, 1)
