"""Headline figures per unit and the JP ledger, kept current by every write so that the dashboard and
the ledger read O(units) rows instead of counting every employee on each request.

Every row written for an employee or a training record passes through the model signals connected in
`PeopleConfig.ready` (services of five apps, history corrections, revocations and the admin all save
models), and each handler adjusts the figures by the difference it made, in the same transaction. Bulk
writers that bypass `save()` (the SIASN import, the demo workforce) call `figures_rebuild()` when they
are done. `manage.py figures --check` recomputes everything from the source rows and names any
difference; `manage.py figures` rewrites it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import ExtractYear

from bangkom.core.bulk import statistics_refresh
from bangkom.core.table_cache import forget

from . import facts
from .models import Employee, EmployeeType, Figure, JpNorm, JpYear, TrainingRecord, UnitFigure

# (unit id, figure, key, year) → value
FigureKey = tuple[int, str, str, int]
BATCH = 5000


class Counted(NamedTuple):
    """What of an employee the figures count."""

    unit_id: int
    employee_type: str
    golongan_id: int | None
    education_level_id: str | None
    position_kind_id: str | None

    @property
    def is_pns(self) -> bool:
        return self.employee_type == EmployeeType.PNS


COUNTED_FIELDS = Counted._fields
_deleting: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar("figures_deleting", default=frozenset())


def _headcount(counted: Counted) -> Iterator[tuple[str, str]]:
    yield Figure.EMPLOYEES, ""
    yield Figure.GOLONGAN, str(counted.golongan_id or "")
    yield Figure.EDUCATION, counted.education_level_id or ""
    yield Figure.POSITION_KIND, counted.position_kind_id or ""
    if counted.is_pns:
        yield Figure.PNS, ""


def _jp(jp: int, norm: int) -> Iterator[tuple[str, str, int]]:
    """What one PNS with `jp` in a year adds: the JP to the total, one person to their band (band 0,
    no JP, is the PNS count less the other bands, so that a PNS without training has no row)."""
    if jp > 0:
        yield Figure.JP_TOTAL, "", jp
        yield Figure.JP_BAND, str(facts.band_of(jp, norm)), 1


class _Norms(dict[int, int]):
    def __missing__(self, year: int) -> int:
        from .selectors import jp_norm  # selectors read figures; figures need only this one rule

        self[year] = jp_norm(year)
        return self[year]


def _apply(changes: Counter[FigureKey]) -> None:
    for (unit_id, figure, key, year), delta in changes.items():
        if not delta:
            continue
        rows = UnitFigure.objects.filter(unit_id=unit_id, figure=figure, key=key, year=year)
        if rows.update(value=F("value") + delta):
            continue
        try:
            with transaction.atomic():
                UnitFigure.objects.create(unit_id=unit_id, figure=figure, key=key, year=year, value=delta)
        except IntegrityError:  # another transaction created the row meanwhile
            rows.update(value=F("value") + delta)


# --- Handlers -------------------------------------------------------------------------------------


def counted_of(employee_id: int) -> Counted | None:
    row = Employee.objects.filter(pk=employee_id).values_list(*COUNTED_FIELDS).first()
    return Counted(*row) if row else None


def employee_changed(employee_id: int, old: Counted | None, new: Counted | None) -> None:
    """Move an employee's contribution from what it was (`None`: not there) to what it is."""
    if old == new:
        return
    changes: Counter[FigureKey] = Counter()
    for counted, sign in ((old, -1), (new, 1)):
        if counted is not None:
            for figure, key in _headcount(counted):
                changes[(counted.unit_id, figure, key, 0)] += sign
    moved = old is None or new is None or (old.unit_id, old.is_pns) != (new.unit_id, new.is_pns)
    if moved:
        norms = _Norms()
        for year, jp in JpYear.objects.filter(employee_id=employee_id).values_list("year", "jp"):
            for counted, sign in ((old, -1), (new, 1)):
                if counted is not None and counted.is_pns:
                    for figure, key, value in _jp(jp, norms[year]):
                        changes[(counted.unit_id, figure, key, year)] += sign * value
    _apply(changes)


def jp_refresh(employee_id: int, years: Iterable[int]) -> None:
    """Recompute an employee's JP in `years` from their records and adjust the ledger and figures."""
    years = sorted(set(years))
    if not years or employee_id in _deleting.get():
        return
    counted = counted_of(employee_id)
    if counted is None:
        return
    earned = _earned(Q(employee_id=employee_id), years)
    stored = {row.year: row for row in JpYear.objects.filter(employee_id=employee_id, year__in=years)}
    changes: Counter[FigureKey] = Counter()
    norms = _Norms()
    for year in years:
        new = earned.get((employee_id, year), 0)
        row = stored.get(year)
        old = row.jp if row else 0
        if new == old:
            continue
        if row is None:
            JpYear.objects.create(employee_id=employee_id, year=year, jp=new)
        elif new:
            JpYear.objects.filter(pk=row.pk).update(jp=new)
        else:
            row.delete()
        if counted.is_pns:
            for jp, sign in ((old, -1), (new, 1)):
                for figure, key, value in _jp(jp, norms[year]):
                    changes[(counted.unit_id, figure, key, year)] += sign * value
    _apply(changes)


def _earned(where: Q, years: Iterable[int] | None = None) -> dict[tuple[int, int], int]:
    """JP per (employee, year) from the records that count, by the year they ended."""
    records = TrainingRecord.objects.counted().filter(where)
    if years is not None:
        years = list(years)
        records = records.filter(end_date__range=(dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)))
    rows = records.annotate(year=ExtractYear("end_date")).values("employee_id", "year").annotate(jp=Sum("jp_hours"))
    return {(row["employee_id"], row["year"]): row["jp"] for row in rows.order_by() if row["jp"]}


def deleting(employee_ids: Iterable[int]) -> contextvars.Token[frozenset[int]]:
    """While an employee is deleted their records go with them: their contribution leaves at once."""
    return _deleting.set(_deleting.get() | frozenset(employee_ids))


def deleted(token: contextvars.Token[frozenset[int]]) -> None:
    _deleting.reset(token)


# --- Rebuild and check ----------------------------------------------------------------------------


def expected_ledger() -> dict[tuple[int, int], int]:
    return _earned(Q())


def expected_figures(ledger: dict[tuple[int, int], int]) -> Counter[FigureKey]:
    figures: Counter[FigureKey] = Counter()
    counted: dict[int, Counted] = {}
    for pk, *fields in Employee.objects.values_list("pk", *COUNTED_FIELDS).order_by().iterator(chunk_size=BATCH):
        counted[pk] = row = Counted(*fields)
        for figure, key in _headcount(row):
            figures[(row.unit_id, figure, key, 0)] += 1
    norms = _Norms()
    for (employee_id, year), jp in ledger.items():
        earner = counted.get(employee_id)
        if earner is not None and earner.is_pns:
            for figure, key, value in _jp(jp, norms[year]):
                figures[(earner.unit_id, figure, key, year)] += value
    return +figures  # rows that sum to nothing are not kept


def stored_ledger() -> dict[tuple[int, int], int]:
    rows = JpYear.objects.values_list("employee_id", "year", "jp").order_by().iterator(chunk_size=BATCH)
    return {(employee_id, year): jp for employee_id, year, jp in rows}


def stored_figures() -> Counter[FigureKey]:
    rows = UnitFigure.objects.values_list("unit_id", "figure", "key", "year", "value").order_by()
    return Counter({(unit_id, figure, key, year): value for unit_id, figure, key, year, value in rows if value})


def differences(expected: dict[Any, int], stored: dict[Any, int]) -> list[tuple[Any, int, int]]:
    """(key, expected, stored) for every key whose values differ, in key order."""
    return [
        (key, expected.get(key, 0), stored.get(key, 0))
        for key in sorted(set(expected) | set(stored))
        if expected.get(key, 0) != stored.get(key, 0)
    ]


@transaction.atomic
def figures_rebuild() -> dict[str, int]:
    """Rewrite the ledger and every unit's figures from the source rows; returns how many rows of
    each were wrong (0 and 0 when everything was current)."""
    ledger = expected_ledger()
    ledger_wrong = differences(ledger, stored_ledger())
    if ledger_wrong:
        JpYear.objects.all().delete()
        JpYear.objects.bulk_create(
            (JpYear(employee_id=employee_id, year=year, jp=jp) for (employee_id, year), jp in ledger.items()),
            batch_size=BATCH,
        )
    figures = expected_figures(ledger)
    figures_wrong = differences(figures, stored_figures())
    if figures_wrong:
        UnitFigure.objects.all().delete()
        UnitFigure.objects.bulk_create(
            (UnitFigure(unit_id=u, figure=f, key=k, year=y, value=v) for (u, f, k, y), v in figures.items()),
            batch_size=BATCH,
        )
    statistics_refresh(Employee, TrainingRecord, JpYear, UnitFigure)
    return {"ledger": len(ledger_wrong), "figures": len(figures_wrong)}


def jp_norm_changed() -> None:
    """A changed norm moves people between bands in every year it rules: recount the JP figures."""
    ledger = stored_ledger()
    UnitFigure.objects.filter(figure__in=(Figure.JP_TOTAL, Figure.JP_BAND)).delete()
    figures = expected_figures(ledger)
    UnitFigure.objects.bulk_create(
        (
            UnitFigure(unit_id=u, figure=f, key=k, year=y, value=v)
            for (u, f, k, y), v in figures.items()
            if f in (Figure.JP_TOTAL, Figure.JP_BAND)
        ),
        batch_size=BATCH,
    )


# --- Signals --------------------------------------------------------------------------------------


def _before_employee_save(sender: type, instance: Employee, update_fields: Any = None, **kwargs: Any) -> None:
    counted = {name.removesuffix("_id") for name in COUNTED_FIELDS}
    if update_fields is not None and not {name.removesuffix("_id") for name in update_fields} & counted:
        instance._figures_before = False  # type: ignore[attr-defined]  # nothing counted changes
        return
    instance._figures_before = None if instance._state.adding else counted_of(instance.pk)  # type: ignore[attr-defined]


def _after_employee_save(sender: type, instance: Employee, **kwargs: Any) -> None:
    before = getattr(instance, "_figures_before", False)
    if before is False:
        return
    now = Counted(*(getattr(instance, name) for name in COUNTED_FIELDS))
    employee_changed(instance.pk, before if isinstance(before, Counted) else None, now)


def _before_employee_delete(sender: type, instance: Employee, **kwargs: Any) -> None:
    employee_changed(instance.pk, counted_of(instance.pk), None)
    instance._figures_token = deleting([instance.pk])  # type: ignore[attr-defined]


def _after_employee_delete(sender: type, instance: Employee, **kwargs: Any) -> None:
    token = getattr(instance, "_figures_token", None)
    if token is not None:
        deleted(token)


def _before_record_save(sender: type, instance: TrainingRecord, **kwargs: Any) -> None:
    instance._figures_before = (  # type: ignore[attr-defined]
        None
        if instance._state.adding
        else TrainingRecord.objects.filter(pk=instance.pk).values_list("employee_id", "end_date").first()
    )


def _after_record_save(sender: type, instance: TrainingRecord, **kwargs: Any) -> None:
    before = getattr(instance, "_figures_before", None)
    if before is not None and before[0] != instance.employee_id:
        jp_refresh(before[0], [before[1].year])
    years = {instance.end_date.year} | ({before[1].year} if before is not None else set())
    jp_refresh(instance.employee_id, years)


def _after_record_delete(sender: type, instance: TrainingRecord, **kwargs: Any) -> None:
    jp_refresh(instance.employee_id, [instance.end_date.year])


def _after_norm_change(sender: type, **kwargs: Any) -> None:
    forget(JpNorm)  # the bands are recomputed from the norm just saved, not the cached table
    jp_norm_changed()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    pre_save.connect(_before_employee_save, sender=Employee, dispatch_uid="figures_employee_pre")
    post_save.connect(_after_employee_save, sender=Employee, dispatch_uid="figures_employee_post")
    pre_delete.connect(_before_employee_delete, sender=Employee, dispatch_uid="figures_employee_pre_delete")
    post_delete.connect(_after_employee_delete, sender=Employee, dispatch_uid="figures_employee_post_delete")
    pre_save.connect(_before_record_save, sender=TrainingRecord, dispatch_uid="figures_record_pre")
    post_save.connect(_after_record_save, sender=TrainingRecord, dispatch_uid="figures_record_post")
    post_delete.connect(_after_record_delete, sender=TrainingRecord, dispatch_uid="figures_record_delete")
    post_save.connect(_after_norm_change, sender=JpNorm, dispatch_uid="figures_norm_save")
    post_delete.connect(_after_norm_change, sender=JpNorm, dispatch_uid="figures_norm_delete")
