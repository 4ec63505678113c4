from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from bangkom.core import formats
from bangkom.core.calendar import Clock, ClockState

register = template.Library()
register.filter("rupiah", formats.rupiah)
register.filter("percent", formats.percent)


@register.filter
def label_of(code: object, labels: dict[str, object]) -> object:
    """A stored code shown by its name (`{{ gap.group|label_of:group_names }}`); an unknown code as it is."""
    return labels.get(str(code), code)


@register.filter
def number_cells(cells: list[str]) -> SafeString:
    """A table row's figures, each in a right-aligned cell (escaped): a template loop over the cells of
    a few dozen rows cost more than the rest of the ledger's page (issue 20)."""
    return format_html_join("", '<td class="text-end">{}</td>', ((cell,) for cell in cells))


_CLOCK_BADGE = {
    ClockState.OVERDUE: "text-bg-danger",
    ClockState.DUE_SOON: "text-bg-warning",
    ClockState.ON_TRACK: "text-bg-light border",
    ClockState.DONE: "text-bg-success",
    ClockState.DONE_LATE: "text-bg-danger",
}


@register.filter
def clock_badge(clock: Clock) -> SafeString:
    """A request's clock as the desk shows it: the due date, where it stands, the working days used.
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
    return format_html(
        '<span class="text-nowrap">{}</span> <span class="badge {}" data-testid="clock-state">{}</span>'
        ' <span class="small text-muted">{}</span>',
        f"{clock.due_on:%d-%m-%Y}",
        _CLOCK_BADGE[clock.state],
        stands,
        gettext("terpakai %(used)s hari kerja") % {"used": clock.used},
    )
