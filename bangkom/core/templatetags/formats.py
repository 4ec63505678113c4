from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from bangkom.core import formats

register = template.Library()
register.filter("rupiah", formats.rupiah)
register.filter("percent", formats.percent)


@register.filter
def label_of(code: object, labels: dict[str, object]) -> object:
    """A stored code shown by its name (`{{ gap.group|label_of:group_names }}`); an unknown code as it is."""
    return labels.get(str(code), code)


@register.filter
def table_cells(cells: Iterable[formats.Cell]) -> SafeString:
    """A row's cells worked out by a selector (`{{ row.cells|table_cells }}`): a template loop over the
    cells of a page of rows, each value escaped on its own, cost more than the rest of the page (issue 20)."""
    return mark_safe(formats.cells_html(cells))  # noqa: S308  # cells_html escapes every text and address


register.filter("clock_badge", formats.clock_badge)
