"""The home page's panels: each domain app registers its part of the home (a template and a function
giving the panel's context for a user and today, or None when it has nothing for them), so every
role's home shows what that role needs and the base app knows no domain app.

A source answers from the user's permissions alone, without a query, when the panel is not theirs,
and in a fixed number of queries otherwise (the home's query count does not grow with the data).

The home is the page staff reload most, and its panels and "Tugas saya" sources were four fifths of
its cost: what they found is kept per user for COUNT_SECONDS (`home_snapshot`) and the page says when
it was read, with "Perbarui" to read it again. It is forgotten with the user's "Tugas saya" count
(`bangkom.core.waiting.forget`: something new put before them, or any POST of theirs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from bangkom.core.waiting import COUNT_SECONDS, Group, home_key, waiting_for

PanelSource = Callable[[Any, dt.date], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    source: PanelSource


@dataclass(frozen=True)
class Shown:
    code: str
    template: str
    context: dict[str, Any]


_panels: dict[str, Panel] = {}


def register(code: str, template: str, source: PanelSource, *, order: int) -> None:
    """Add a panel (idempotent: AppConfig.ready() may run more than once in tests). Alerts of what is
    late come first (order below 50), figures after."""
    _panels[code] = Panel(order, template, source)


def panels_for(user: Any, today: dt.date) -> list[Shown]:
    """The panels that have something for the user, in the registered order."""
    shown = []
    for code, panel in sorted(_panels.items(), key=lambda pair: (pair[1].order, pair[0])):
        context = panel.source(user, today)
        if context:
            shown.append(Shown(code, panel.template, context))
    return shown


@dataclass(frozen=True)
class HomeSnapshot:
    groups: list[Group]  # what waits on the user, with each group's oldest items
    panels: list[Shown]
    read_at: dt.datetime


def home_snapshot(user: Any, today: dt.date, limit: int, *, fresh: bool = False) -> HomeSnapshot:
    """The home's "Tugas saya" part (the first `limit` items of each source) and its panels: read
    again when `fresh`, when forgotten, after COUNT_SECONDS, on another day, in another language or
    once the user's roles or permissions changed (their access version: a panel they may no longer
    see is not shown from what was kept); otherwise as read last time."""
    key, asked = home_key(user.pk), (today, limit, get_language(), user.access_version)
    kept = None if fresh else cache.get(key)
    if kept is not None and kept[0] == asked:
        return cast(HomeSnapshot, kept[1])
    snapshot = HomeSnapshot(waiting_for(user, today, limit), panels_for(user, today), timezone.now())
    cache.set(key, (asked, snapshot), COUNT_SECONDS)
    return snapshot
