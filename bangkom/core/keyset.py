"""Keyset ("cursor") pagination: a page starts after (or ends before) the sort key of a row, so the
1,000th page costs what the first does, where OFFSET would read and drop every row before it.

The ordering is a tuple of field names as for `order_by` ("-name", "id"); it must end in a unique
field. Nullable fields sort their nulls last in both directions on every database.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _value(row: Model, field: str) -> Any:
    value: Any = row
    for part in field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, int | str) else str(value)


def encode(row: Model, ordering: Sequence[str], tier: int = 0) -> str:
    values = [tier, *(_value(row, name.lstrip("-")) for name in ordering)]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str, ordering: Sequence[str], tiers: int = 1) -> tuple[int, list[Any]] | None:
    """The tier and sort key a cursor holds; None for a cursor that was not made for this ordering (a
    hand-edited address starts again from the first page)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(ordering) + 1:
        return None
    tier, key = values[0], values[1:]
    if not isinstance(tier, int) or isinstance(tier, bool) or not 0 <= tier < tiers:
        return None
    if not all(v is None or isinstance(v, int | str) for v in key):
        return None
    return tier, key


def _nullable(model: type[Model], field: str) -> bool:
    """Whether a field path may hold null (an annotation is taken as never null)."""
    meta = model._meta
    nullable = False
    for part in field.split("__"):
        try:
            found = meta.get_field(part.removesuffix("_id") if part.endswith("_id") else part)
        except FieldDoesNotExist:  # an annotation, not a field
            return nullable
        nullable = nullable or bool(getattr(found, "null", False))
        related = found.related_model
        if related is not None and not isinstance(related, str) and part != field.split("__")[-1]:
            meta = related._meta
    return nullable


def _beyond(model: type[Model], ordering: Sequence[str], values: list[Any], *, forward: bool) -> Q:
    """Rows after (forward) or before the sort key `values`, nulls last."""
    terms: list[Q] = []
    equal = Q()
    for name, value in zip(ordering, values, strict=True):
        field, descending = name.lstrip("-"), name.startswith("-")
        if value is None:
            # Nothing that is not null comes after a null; everything that is not null comes before.
            step = None if forward else Q(**{f"{field}__isnull": False})
            same = Q(**{f"{field}__isnull": True})
        else:
            greater = (not descending) == forward  # "after" an ascending field is greater
            step = Q(**{f"{field}__{'gt' if greater else 'lt'}": value})
            if forward and _nullable(model, field):
                step |= Q(**{f"{field}__isnull": True})
            same = Q(**{field: value})
        if step is not None:
            terms.append(equal & step)
        equal &= same
    result = Q(pk__in=[])
    for term in terms:
        result |= term
    return result


def _order(model: type[Model], ordering: Sequence[str], *, forward: bool) -> list[OrderBy]:
    """The ordering (or its reverse), nulls last; plain where a field cannot be null, so that the
    database walks its ordinary index."""
    orders = []
    for name in ordering:
        field, descending = name.lstrip("-"), name.startswith("-")
        if not _nullable(model, field):
            orders.append(F(field).desc() if descending == forward else F(field).asc())
        elif forward:
            orders.append(F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True))
        else:
            orders.append(F(field).asc(nulls_first=True) if descending else F(field).desc(nulls_first=True))
    return orders


def keyset_page(
    rows: QuerySet[Any] | Sequence[QuerySet[Any]],
    ordering: Sequence[str],
    *,
    size: int,
    after: str = "",
    before: str = "",
    start: Q | None = None,
    last: bool = False,
) -> KeysetPage:
    """One page of `rows` in `ordering`: after the row whose cursor is `after`, before the one whose
    cursor is `before`, the last page, or from the beginning (from the first row matching `start`, a
    jump). `rows` may be a list of querysets ("tiers", e.g. the names that start with a search before
    those that merely hold it), read one after the other, each in the ordering: each tier's page is
    then read from its own index, where one ranked query would sort every match to show fifty."""
    tiers = [rows] if isinstance(rows, QuerySet) else list(rows)
    after_key = decode(after, ordering, len(tiers)) if after else None
    before_key = decode(before, ordering, len(tiers)) if before else None
    if before_key is not None or (last and after_key is None):
        found = _read(tiers, ordering, size + 1, before_key, forward=False)
        more = len(found) > size
        found = found[:size][::-1]
        return KeysetPage(
            [row for _tier, row in found],
            encode(found[-1][1], ordering, found[-1][0]) if found and before_key is not None else None,
            encode(found[0][1], ordering, found[0][0]) if found and more else None,
        )
    jumped = after_key is None and start is not None
    if jumped:
        tiers = [tier.filter(start) for tier in tiers]
    found = _read(tiers, ordering, size + 1, after_key, forward=True)
    more = len(found) > size
    found = found[:size]
    return KeysetPage(
        [row for _tier, row in found],
        encode(found[-1][1], ordering, found[-1][0]) if found and more else None,
        encode(found[0][1], ordering, found[0][0]) if found and (after_key is not None or jumped) else None,
    )


def _read(
    tiers: list[QuerySet[Any]], ordering: Sequence[str], limit: int, key: tuple[int, list[Any]] | None, *, forward: bool
) -> list[tuple[int, Any]]:
    """Up to `limit` rows after (forward) or before `key`, each with its tier, going on into the next
    tier (or the one before) when a tier runs out: one query per tier the page touches."""
    found: list[tuple[int, Any]] = []
    for tier in range(len(tiers)) if forward else reversed(range(len(tiers))):
        if key is not None and (tier < key[0] if forward else tier > key[0]):
            continue  # a tier wholly before (or after) the cursor's
        rows = tiers[tier]
        if key is not None and tier == key[0]:
            rows = rows.filter(_beyond(rows.model, ordering, key[1], forward=forward))
        batch = rows.order_by(*_order(rows.model, ordering, forward=forward))[: limit - len(found)]
        found += [(tier, row) for row in batch]
        if len(found) >= limit:
            break
    return found


CURSOR_PARAMS = ("setelah", "sebelum", "akhir", "dari")


def page_for_request(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[QuerySet[Any]],
    ordering: Sequence[str],
    *,
    size: int,
    start: Q | None = None,
) -> tuple[KeysetPage, str]:
    """The page the request's cursor asks for, and the request's query without the cursor (for the
    links to other pages and sort orders)."""
    page = keyset_page(
        rows,
        ordering,
        size=size,
        after=request.GET.get("setelah", ""),
        before=request.GET.get("sebelum", ""),
        last=request.GET.get("akhir") == "1",
        start=start,
    )
    query = request.GET.copy()
    for name in CURSOR_PARAMS:
        query.pop(name, None)
    return page, query.urlencode()


class KeyPaginator(Paginator):
    """Numbered pages whose sort and skip carry only each row's key: the page's keys are found first,
    then its rows read in full. A round of 100,000 candidates with their findings sorted whole (to
    skip to page 2,000) took 2.6 s; the keys alone sort in memory. The rows keep the keys' order."""

    def __init__(
        self, rows: QuerySet[Any], per_page: int, *, prepare: Callable[[list[Any]], None] | None = None
    ) -> None:
        self.rows = rows
        self.prepare = prepare  # given the page's rows once read (what they show beside their columns)
        super().__init__(rows.values_list("pk", flat=True), per_page)

    def page(self, number: int | str) -> Page:
        page = super().page(number)
        keys = list(page.object_list)
        found = self.rows.order_by().in_bulk(keys)
        rows = [found[key] for key in keys if key in found]
        if self.prepare is not None:
            self.prepare(rows)
        page.object_list = rows
        return page


class CountedPaginator(Paginator):
    """Numbered pages over rows the page has already counted (the desk's list of open requests, whose
    number is the board's total): the paginator's own COUNT would read them all again."""

    def __init__(self, rows: QuerySet[Any], per_page: int, *, count: int) -> None:
        super().__init__(rows, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count
