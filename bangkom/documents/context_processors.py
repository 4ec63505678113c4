"""The agency every page is of: its name and lambang over the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def agency_header(request: HttpRequest) -> dict[str, Any]:
    from .services import letterhead

    head = letterhead()
    return {"agency_line": f"{head.agency_name}, {head.government}", "agency_lambang": bool(head.lambang)}
