"""Numbers as Indonesian letters and pages write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from bangkom.core.calendar import Clock, ClockState


def rupiah(amount: Decimal | int | None) -> str:
    """Rp1.250.000 — whole rupiah with dots between thousands."""
    return "-" if amount is None else "Rp" + f"{int(amount):,}".replace(",", ".")


def percent(value: float | None) -> str:
    """85,5% — one decimal, Indonesian comma; a dash when there is nothing to divide by."""
    return "-" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def day_text(value: dt.date | dt.datetime | None) -> str:
    """A date as tables show it (31-12-2026), a moment as its day in the agency's time zone (as the
    template's `date` filter shows it); "" when not set."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%d-%m-%Y}"


@dataclass(frozen=True)
class Cell:
    """One cell of a table row worked out by a selector: its text (HTML already made safe, such as a
    clock's badge, is kept as it is), the address it opens (if any) and its class ("text-end" for a
    figure). Written by the `table_cells` filter."""

    text: object
    link: str = ""
    css: str = ""


FIGURE = "text-end"  # a figure's cell: right-aligned


def cells_html(cells: Iterable[Cell]) -> str:
    """A row's cells as HTML, the text and the address escaped. The stdlib's `escape` rather than
    Django's `format_html`: that checks each value for a lazy or safe string, and a ledger page of some
    600 cells spent more there than in the rest of its table (issue 20)."""
    written = []
    for cell in cells:
        html = getattr(cell.text, "__html__", None)
        text = html() if html else escape(str(cell.text))
        if cell.link:
            text = f'<a href="{escape(cell.link)}">{text}</a>'
        written.append(f'<td class="{cell.css}">{text}</td>' if cell.css else f"<td>{text}</td>")
    return "".join(written)


_CLOCK_BADGE = {
    ClockState.OVERDUE: "text-bg-danger",
    ClockState.DUE_SOON: "text-bg-warning",
    ClockState.ON_TRACK: "text-bg-light border",
    ClockState.DONE: "text-bg-success",
    ClockState.DONE_LATE: "text-bg-danger",
}


def clock_badge(clock: Clock) -> SafeString:
    """A time limit's clock as pages show it: the due date, where it stands, the working days used.
    Written here rather than in an included template: a page of 50 requests shows 50 of them, and an
    include with its translations cost about 0.1 ms each (issue 20)."""
    if clock.state == ClockState.OVERDUE:
        stands = gettext("terlambat %(days)s hari kerja") % {"days": clock.late_by}
    elif clock.state in (ClockState.DUE_SOON, ClockState.ON_TRACK):
        stands = gettext("sisa %(days)s hari kerja") % {"days": clock.left}
    elif clock.state == ClockState.DONE:
        stands = gettext("selesai tepat waktu")
    else:
        stands = gettext("selesai terlambat")
    used = gettext("terpakai %(used)s hari kerja") % {"used": clock.used}
    return mark_safe(  # noqa: S308  # the texts are escaped here, the rest is this function's own markup
        f'<span class="text-nowrap">{day_text(clock.due_on)}</span> <span class="badge {_CLOCK_BADGE[clock.state]}"'
        f' data-testid="clock-state">{escape(stands)}</span> <span class="small text-muted">{escape(used)}</span>'
    )
