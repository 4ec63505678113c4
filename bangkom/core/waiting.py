"""What waits on whom ("Tugas saya"): one registry every domain app contributes to from its own
flow's state, so no list of tasks is copied per app and a base app knows no domain app.

An app registers a source in its AppConfig.ready(): a function that, for a user and today's date,
returns how many items wait on them and the first `limit` of them, in a fixed number of queries
whatever that number (a source that does not concern the user answers from their permissions
alone, without a query). The menu's count is the sum, kept a short while per user in the cache and
forgotten when something new is put before them (`forget`) or when they act (any POST). The home
keeps its part (each group's count and its oldest items) with its panels, forgotten the same way
(`bangkom.core.home.home_snapshot`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

COUNT_SECONDS = 120
SOURCE_LIMIT = 50


@dataclass(frozen=True)
class Waiting:
    """One thing that waits on a person: what to do, about what, where to do it, since when."""

    what: str
    title: str
    link: str
    since: dt.date | None = None
    due: dt.date | None = None

    def late(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today

    def age(self, today: dt.date) -> int | None:
        return (today - self.since).days if self.since else None


Source = Callable[[Any, dt.date, int], tuple[int, list[Waiting]]]


@dataclass(frozen=True)
class Registered:
    order: int
    label: Any  # a lazy translation: the group's heading on "Tugas saya"
    source: Source


_sources: dict[str, Registered] = {}


def register(code: str, label: Any, source: Source, *, order: int) -> None:
    """Add a source (idempotent: AppConfig.ready() may run more than once in tests)."""
    _sources[code] = Registered(order, label, source)


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    count: int
    items: list[Waiting]


def _registered() -> list[tuple[str, Registered]]:
    return sorted(_sources.items(), key=lambda pair: (pair[1].order, pair[0]))


def waiting_for(user: Any, today: dt.date, limit: int = SOURCE_LIMIT) -> list[Group]:
    """Every source's items for the user (the first `limit` of each), in the registered order."""
    if not user.is_authenticated:
        return []
    groups = []
    for code, registered in _registered():
        count, items = registered.source(user, today, limit)
        if count:
            groups.append(Group(code, str(registered.label), count, items))
    cache.set(_key(user.pk), sum(g.count for g in groups), COUNT_SECONDS)
    return groups


def waiting_count(user: Any, today: dt.date) -> int:
    """The menu's count: the sum over the sources, cached for COUNT_SECONDS per user."""
    if not user.is_authenticated:
        return 0
    count = cache.get(_key(user.pk))
    if count is None:
        count = sum(registered.source(user, today, 0)[0] for _code, registered in _registered())
        cache.set(_key(user.pk), count, COUNT_SECONDS)
    return int(count)


def forget(user_ids: Iterable[int]) -> None:
    """Something new waits on these users (or they acted): their count is computed again."""
    cache.delete_many([key for pk in user_ids for key in (_key(pk), home_key(pk))])


def _key(user_id: int) -> str:
    return f"waiting-count:{user_id}"


def home_key(user_id: int) -> str:
    """Where the home keeps what it read for the user (`bangkom.core.home.home_snapshot`)."""
    return f"waiting-home:{user_id}"


def listed(rows: Any, limit: int, make: Callable[[Any], Waiting]) -> tuple[int, list[Waiting]]:
    """A source's part from a queryset: its count, then (when asked for items) its first `limit` rows
    as items; a queryset that is none() costs no query."""
    count = rows.count()
    if not count or not limit:
        return count, []
    return count, [make(row) for row in rows[:limit]]


def combined(*parts: tuple[int, list[Waiting]]) -> tuple[int, list[Waiting]]:
    return sum(count for count, _items in parts), [item for _count, items in parts for item in items]


def dated(value: dt.datetime | dt.date | None) -> dt.date | None:
    """The Jakarta date of a moment (a source's `since`)."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localdate(value)
    return value
