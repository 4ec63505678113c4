"""The menu, grouped by what people do: every domain app registers its own entries (in its
AppConfig.ready()), each with who may see it, so the navigation shows only what a role may open and
no base app has to know the domain apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The groups in the order they stand in the menu.
GROUPS: dict[str, Any] = {
    "pegawai": _("Pegawai"),
    "seleksi": _("Seleksi"),
    "pengembangan": _("Pengembangan"),
    "layanan": _("Layanan"),
    "dokumen": _("Dokumen"),
    "pengaturan": _("Pengaturan"),
}


@dataclass(frozen=True)
class Entry:
    group: str
    order: int
    label: Any
    link: str | Callable[[Any], str]  # a URL name, or the user's own URL (their record)
    visible: Callable[[Any], bool]


_entries: dict[tuple[str, str], Entry] = {}


def register(
    group: str, label: Any, link: str | Callable[[Any], str], *, order: int, visible: Callable[[Any], bool]
) -> None:
    """Add an entry (idempotent: AppConfig.ready() may run more than once in tests)."""
    if group not in GROUPS:
        raise ValueError(f"Unknown menu group {group!r}")
    _entries[(group, str(link) if isinstance(link, str) else f"{label}")] = Entry(group, order, label, link, visible)


def may(permission: str) -> Callable[[Any], bool]:
    return lambda user: bool(user.has_perm(permission))


def may_any(*permissions: str) -> Callable[[Any], bool]:
    return lambda user: any(user.has_perm(p) for p in permissions)


@dataclass(frozen=True)
class MenuGroup:
    code: str
    label: str
    items: list[tuple[str, str]]  # (label, url)


# How long a user's menu is kept; what it depends on is in its key, so this only bounds the cache.
MENU_SECONDS = 3600


def menu_for(user: Any) -> list[MenuGroup]:
    """The groups the user has at least one entry in, each with its entries in order. Kept per user
    under a key of all it depends on (their access version, raised on every change of their roles or
    permissions; their staff flag and employee record; the language and the script prefix): working
    it out asked some 30 permissions and reversed 20 URLs on every page (issue 20)."""
    key = (
        f"menu:{user.pk}:{user.access_version}:{int(user.is_superuser)}:{int(user.is_staff)}:"
        f"{user.employee_id}:{get_language()}:{get_script_prefix()}"
    )
    found: list[MenuGroup] | None = cache.get(key)
    if found is None:
        found = _menu_read(user)
        cache.set(key, found, MENU_SECONDS)
    return found


def _menu_read(user: Any) -> list[MenuGroup]:
    groups: dict[str, list[tuple[int, str, str]]] = {code: [] for code in GROUPS}
    for entry in _entries.values():
        if entry.visible(user):
            url = reverse(entry.link) if isinstance(entry.link, str) else entry.link(user)
            groups[entry.group].append((entry.order, str(entry.label), url))
    return [
        MenuGroup(code, str(GROUPS[code]), [(label, url) for _order, label, url in sorted(items)])
        for code, items in groups.items()
        if items
    ]
