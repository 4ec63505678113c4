"""The agency every page is of: its name and lambang over the menu."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from bangkom.core.table_cache import TABLE_SECONDS, drop

HEADER_KEY = "agency-header"


def agency_header(request: HttpRequest) -> dict[str, Any]:
    # Kept in the cache: the letterhead row holds the lambang's picture, and every page would read it.
    header: dict[str, Any] = cache.get_or_set(HEADER_KEY, _header, TABLE_SECONDS) or _header()
    return header


def _header() -> dict[str, Any]:
    from .services import letterhead

    head = letterhead()
    return {"agency_line": f"{head.agency_name}, {head.government}", "agency_lambang": bool(head.lambang)}


def forget_agency_header(**_kwargs: Any) -> None:
    """post_save / post_delete of the letterhead: the next page reads it again."""
    drop(HEADER_KEY)
