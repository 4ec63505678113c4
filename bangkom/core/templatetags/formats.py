from __future__ import annotations

from django import template

from bangkom.core import formats

register = template.Library()
register.filter("rupiah", formats.rupiah)
register.filter("percent", formats.percent)
