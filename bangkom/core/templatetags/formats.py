from __future__ import annotations

from django import template

from bangkom.core import formats

register = template.Library()
register.filter("rupiah", formats.rupiah)
register.filter("percent", formats.percent)


@register.filter
def label_of(code: object, labels: dict[str, object]) -> object:
    """A stored code shown by its name (`{{ gap.group|label_of:group_names }}`); an unknown code as it is."""
    return labels.get(str(code), code)
