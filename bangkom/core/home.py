"""The home page's panels: each domain app registers its part of the home (a template and a function
giving the panel's context for a user and today, or None when it has nothing for them), so every
role's home shows what that role needs and the base app knows no domain app.

A source answers from the user's permissions alone, without a query, when the panel is not theirs,
and in a fixed number of queries otherwise (the home's query count does not grow with the data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
