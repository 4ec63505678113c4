"""Navigation by role: the menu groups the domain apps registered (`core.navigation`), each entry shown
only to whom may open it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bangkom.core.navigation import menu_for, menu_html
from bangkom.notifications.selectors import unread_count

from .roles import ROLES, role_group_name
from .scope import role_codes


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "main_menu": "", "user_roles": []}
    names = role_codes(user)
    roles = [str(role.name) for role in ROLES if role_group_name(role) in names]
    return {
        "nav_groups": menu_for(user),
        "main_menu": menu_html(user, request.path),
        "user_roles": roles,
        "unread_notifications": unread_count(user),
    }
