"""The agency every page is of: its name and lambang over the menu (kept a while in the cache, since
every page shows them and the letterhead changes rarely)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

HEADER_KEY = "agency-header"
HEADER_SECONDS = 300


def agency_header(request: HttpRequest) -> dict[str, Any]:
    header = cache.get(HEADER_KEY)
    if header is None:
        from .services import letterhead

        head = letterhead()
        header = {"agency_line": f"{head.agency_name}, {head.government}", "agency_lambang": bool(head.lambang)}
        cache.set(HEADER_KEY, header, HEADER_SECONDS)
    return header


def agency_header_forget(**kwargs: Any) -> None:
    cache.delete(HEADER_KEY)
