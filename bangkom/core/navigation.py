"""The menu, grouped by what people do: every domain app registers its own entries (in its
AppConfig.ready()), each with who may see it, so the navigation shows only what a role may open and
no base app has to know the domain apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
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


def _menu_key(user: Any) -> str:
    return (
        f"menu:{user.pk}:{user.access_version}:{int(user.is_superuser)}:{int(user.is_staff)}:"
        f"{user.employee_id}:{get_language()}:{get_script_prefix()}"
    )


def menu_for(user: Any) -> list[MenuGroup]:
    """The groups the user has at least one entry in, each with its entries in order. Kept per user
    under a key of all it depends on (their access version, raised on every change of their roles or
    permissions; their staff flag and employee record; the language and the script prefix): working
    it out asked some 30 permissions and reversed 20 URLs on every page (issue 20)."""
    key = _menu_key(user)
    found: list[MenuGroup] | None = cache.get(key)
    if found is None:
        found = _menu_read(user)
        cache.set(key, found, MENU_SECONDS)
    return found


def menu_html(user: Any, path: str) -> SafeString:
    """The menu bar's entries as HTML, the one for `path` marked active; kept beside the menu under the
    same key and the active entry (a template loop over the groups and their entries was about a
    third of rendering a page's frame, issue 20)."""
    home = reverse("core:dashboard")
    groups = menu_for(user)
    addresses = {home} | {url for group in groups for _label, url in group.items}
    active = path if path in addresses else ""
    key = f"{_menu_key(user)}:html:{active}"
    found: str | None = cache.get(key)
    if found is None:
        found = _menu_write(groups, home, active)
        cache.set(key, found, MENU_SECONDS)
    return mark_safe(found)  # noqa: S308  # written by _menu_write, every text escaped


_LINK = '<li class="nav-item"><a class="{}" href="{}"{}>{}</a></li>'
_DROPDOWN = (
    '<li class="nav-item dropdown" data-menu="{}"><button class="nav-link dropdown-toggle" type="button"'
    ' data-bs-toggle="dropdown" aria-expanded="false">{}</button><ul class="dropdown-menu">{}</ul></li>'
)


def _menu_write(groups: list[MenuGroup], home: str, active: str) -> str:
    def css(base: str, url: str) -> str:
        return f"{base} active" if url == active else base

    written = [format_html(_LINK, css("nav-link", home), home, "", _("Beranda"))]
    for group in groups:
        if len(group.items) == 1:  # a group of one entry is a link of its own
            ((label, url),) = group.items
            menu = format_html(' data-menu="{}"', group.code)
            written.append(format_html(_LINK, css("nav-link", url), url, menu, label))
            continue
        entries = format_html_join(
            "",
            '<li><a class="{}" href="{}">{}</a></li>',
            ((css("dropdown-item", u), u, label) for label, u in group.items),
        )
        written.append(format_html(_DROPDOWN, group.code, group.label, entries))
    return "".join(written)


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
