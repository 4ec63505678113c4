"""Small tables that almost every page reads (golongan, eselon, kinds of position, levels of
education; the working calendar) held in the cache, so that a list page neither joins them nor queries them again.

Why not a join: PostgreSQL spends more time planning a query that joins four of these tables
(about 4 ms) than running it (0.2 ms), on every page of the registry. A save or a delete through the
ORM drops the table's version from the cache at once (`forget`, wired in the owning app's ready()); a
bulk load calls `forget` itself; each process then reads the table again. When the cache is per
process (the default without CACHE_URL) another web worker sees an edit within TABLE_SECONDS; with a
shared cache (Redis) every worker sees it at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import ForeignKey, Model

TABLE_SECONDS = 300
ModelT = TypeVar("ModelT", bound=Model)


def _key(model: type[Model]) -> str:
    return f"table:{model._meta.label_lower}"


# Each process keeps the rows it read, with the version the shared cache held for them: unpickling a
# table's model instances from the cache on every page cost about 0.3 ms a table (a list page reads
# four, some twice). Only the version, a short string, travels through the cache on each call.
_held: dict[str, tuple[str, dict[Any, Any]]] = {}


def cached_table(model: type[ModelT]) -> dict[Any, ModelT]:
    """Every row of `model` by primary key. The rows are shared by the process's requests: read them,
    never change them."""
    key = _key(model)
    version: str | None = cache.get(key)
    held = _held.get(key)
    if version is not None and held is not None and held[0] == version:
        return held[1]
    rows = {row.pk: row for row in model._default_manager.all()}
    if version is None:  # forgotten (an edit) or expired: what was just read is the new version
        version = uuid.uuid4().hex
        cache.set(key, version, TABLE_SECONDS)
    _held[key] = (version, rows)
    return rows


def attach_cached(objects: Iterable[Model], *field_names: str) -> None:
    """Fill the foreign keys `field_names` of each object from the cached tables, as select_related
    would. A key the cache does not know yet (a row added in another worker a moment ago) is left to
    the ordinary lazy query."""
    objects = list(objects)
    if not objects:
        return
    meta = objects[0]._meta
    for name in field_names:
        field = meta.get_field(name)
        if not isinstance(field, ForeignKey):
            raise TypeError(f"{meta.label}.{name} is not a foreign key")
        rows = cached_table(field.related_model)  # type: ignore[arg-type]
        for obj in objects:
            value = getattr(obj, field.attname)
            if value is None:
                field.set_cached_value(obj, None)
            elif value in rows:
                field.set_cached_value(obj, rows[value])


def forget(model: type[Model]) -> None:
    drop(_key(model))


def drop(key: str) -> None:
    """Drop a cached entry now, and again when the transaction commits (a page served meanwhile may
    have cached it as it was before)."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget_on_change(sender: type[Model], **_kwargs: Any) -> None:
    """post_save / post_delete receiver."""
    forget(sender)
