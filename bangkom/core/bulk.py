"""Fast insertion of many new rows whose keys are not needed back.

`bulk_create` builds one large SQL statement per batch and prepares every value through the field
API; for the demo generator's million history rows that is most of the run time. Here each field's
adapter is chosen once and the rows go through COPY (PostgreSQL) or the driver's executemany.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

Adapter = Callable[[Any], Any]


class JsonText(str):
    """A JSONField's value already encoded by the caller (who encodes shared parts once): written as
    it is, not encoded again as a JSON string."""

    __slots__ = ()


def _adapter(field: models.Field, ops: Any) -> Adapter | None:
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, ops.connection)
    return None


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, taken before inserting them (so that related rows and
    their history can be built in memory and inserted without reading keys back)."""
    connection = connections[router.db_for_write(model)]
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # A write transaction (BEGIN IMMEDIATE, see settings) holds SQLite's only write lock, so
            # no one else can take these keys before they are inserted.
            if not connection.in_atomic_block:
                raise RuntimeError("reserve_ids on SQLite must run inside transaction.atomic()")
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608 - quoted model metadata
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(f"reserve_ids does not support {connection.vendor}")


ValueOf = Callable[[models.Field, Any], Any]


def stored_value(field: models.Field, obj: models.Model) -> Any:
    return field.pre_save(obj, add=True)  # also fills auto_now(_add) timestamps


def bulk_insert(
    model: type[models.Model],
    objs: Sequence[Any],
    *,
    with_pk: bool = False,
    value_of: ValueOf = stored_value,
    batch_size: int = 5000,
) -> int:
    """Insert one `model` row per object without fetching primary keys; returns the row count.
    With `with_pk`, the objects carry keys from reserve_ids() and those are inserted too.
    `value_of(field, obj)` gives each column's value (by default the object's own field)."""
    connection = connections[router.db_for_write(model)]
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    adapters = [_adapter(f, ops) for f in fields]
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - quoted model metadata
    pairs = list(zip(fields, adapters, strict=True))

    def rows(chunk: Iterable[Any]) -> Iterable[tuple[Any, ...]]:
        for obj in chunk:
            values = []
            for field, adapt in pairs:
                value = value_of(field, obj)
                values.append(adapt(value) if adapt is not None and value is not None else value)
            yield tuple(values)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: several times faster than executemany.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows(objs):
                    copy.write_row(row)
            return len(objs)
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, list(rows(objs[start : start + batch_size])))
    return len(objs)


def bulk_set(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, changed_only: bool = False
) -> int:
    """Write `fields` of existing rows: each row is (primary key, the fields' values in order), in
    time linear in their number and with no model instances. `bulk_update` writes one CASE WHEN per
    field listing every key of the batch, which the database evaluates row by row (quadratic in the
    batch: 89 % of screening 68,000 candidates). Here PostgreSQL takes the rows by COPY into a
    temporary table and updates with one join; SQLite runs one keyed UPDATE per row in the driver's
    executemany. A JSONField's value may come encoded already (`JsonText`). With `changed_only`, a
    row whose fields already hold these values is not written again (no new row version, no index
    entries: half the time of screening a round again) and the count is of the rows written. No
    signals, no history rows (as bulk_update)."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    ops = connection.ops
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    adapters = [_adapter(field, ops) for field in targets]  # type: ignore[arg-type]
    table, key = ops.quote_name(meta.db_table), ops.quote_name(str(meta.pk.column))  # type: ignore[union-attr]
    columns = [ops.quote_name(str(field.column)) for field in targets]  # type: ignore[union-attr]

    def prepared(row: Sequence[Any]) -> list[Any]:
        values = [row[0]]
        for value, adapt in zip(row[1:], adapters, strict=True):
            if isinstance(value, JsonText):
                values.append(str(value))
            else:
                values.append(adapt(value) if adapt is not None and value is not None else value)
        return values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            staging = ops.quote_name(f"bulk_set_{meta.db_table}")
            listed = ", ".join(columns)
            shape = f"SELECT {key}, {listed} FROM {table} WITH NO DATA"  # noqa: S608 - quoted model metadata
            cursor.execute(f"DROP TABLE IF EXISTS {staging}")
            cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS {shape}")
            with cursor.cursor.copy(f"COPY {staging} ({key}, {listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
            assignments = ", ".join(f"{column} = s.{column}" for column in columns)
            differs = ""
            if changed_only:
                differs = f" AND (t.{', t.'.join(columns)}) IS DISTINCT FROM (s.{', s.'.join(columns)})"
            joined = f"FROM {staging} AS s WHERE t.{key} = s.{key}{differs}"
            cursor.execute(f"UPDATE {table} AS t SET {assignments} {joined}")  # noqa: S608
            written = cursor.rowcount
            cursor.execute(f"DROP TABLE {staging}")
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - quoted model metadata
            values = [[*row[1:], row[0]] for row in map(prepared, rows)]
            if changed_only:  # SQLite's IS is equality that holds for two nulls
                sql += f" AND NOT ({' AND '.join(f'{column} IS %s' for column in columns)})"
                values = [[*row, *row[:-1]] for row in values]
            cursor.executemany(sql, values)
            written = cursor.rowcount
    return written if changed_only else len(rows)


def bulk_insert_with_history(model: type[models.Model], objs: Sequence[models.Model], *, user: Any, reason: str) -> int:
    """Insert new rows with keys, and one django-simple-history "created" row for each (the same
    columns simple_history's bulk_create_with_history writes), read straight off the objects."""
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    bulk_insert(model, objs, with_pk=True)
    history = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": "+",
    }

    def historical_value(field: models.Field, obj: models.Model) -> Any:
        return history[field.attname] if field.attname in history else getattr(obj, field.attname)

    bulk_insert(model.history.model, objs, value_of=historical_value)  # type: ignore[attr-defined]
    return len(objs)


def statistics_refresh(*model_list: type[models.Model]) -> None:
    """After a bulk load PostgreSQL's planner still believes the tables are as small as they were
    (autovacuum analyses them only later): a list page would sort the whole registry instead of
    walking its index. ANALYZE the loaded tables now; SQLite plans without such statistics."""
    for model in model_list:
        connection = connections[router.db_for_write(model)]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
