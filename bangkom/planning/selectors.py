"""Reads of the planning cycle, scoped to the user: gaps, budgets, the JP ledger and the evaluation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope, flow_scope, own_units, sees_all, whole_units_scope
from bangkom.core.formats import FIGURE, Cell, percent
from bangkom.core.links import url_maker
from bangkom.core.waiting import Waiting, combined, dated, listed
from bangkom.people import facts
from bangkom.people.models import (
    UNIT_PATH_SEGMENT,
    Employee,
    EmployeeType,
    Figure,
    JpYear,
    TrainingRecord,
    Unit,
    UnitFigure,
)
from bangkom.people.selectors import jp_norm, units_at

from . import analysis
from .models import (
    QUARTERS,
    Competency,
    CompetencyGroup,
    CompetencyLevel,
    CompetencyStandard,
    CostStandard,
    CycleStatus,
    DevelopmentPath,
    ItemStatus,
    PlanItem,
    PlanningCycle,
    UnitPlan,
    UnitPlanStatus,
)

# --- Cycles and unit plans ------------------------------------------------------------------


def cycles_visible(user: User) -> QuerySet[PlanningCycle]:
    if not user.has_perm("planning.view_planningcycle"):
        return PlanningCycle.objects.none()
    return PlanningCycle.objects.all()


def cycle_for(user: User, cycle_id: int) -> PlanningCycle:
    return cycles_visible(user).select_related("opened_by").get(pk=cycle_id)


VIEW_ALL_EMPLOYEES = "people.view_all_employees"


def sees_all_units(user: User) -> bool:
    return sees_all(user, VIEW_ALL_EMPLOYEES)


def unit_plans_visible(user: User) -> QuerySet[UnitPlan]:
    """Every unit's plan for BKPSDM and the leadership; an operator sees the plans of its own units."""
    plans = UnitPlan.objects.select_related("unit", "cycle")
    if not user.has_perm("planning.view_planningcycle"):
        return plans.none()
    return plans.filter(flow_scope(user, sees_all_with=[VIEW_ALL_EMPLOYEES], own_unit_with=None))


def unit_plan_for(user: User, plan_id: int) -> UnitPlan:
    return unit_plans_visible(user).get(pk=plan_id)


def unit_plans_of(user: User, cycle: PlanningCycle) -> list[UnitPlan]:
    """The cycle's unit plans with their item counts and totals (one query)."""
    return list(
        unit_plans_visible(user)
        .filter(cycle=cycle)
        .annotate(
            item_count=Count("items"),
            accepted_count=Count("items", filter=Q(items__status=ItemStatus.ACCEPTED)),
            returned_count=Count("items", filter=Q(items__status=ItemStatus.RETURNED)),
            total_jp=Sum("items__jp"),
            total_cost=Sum("items__estimated_cost"),
        )
        .order_by("unit__path")
    )


def item_for(user: User, item_id: int) -> PlanItem:
    """A plan item of a unit plan the user may see."""
    return PlanItem.objects.select_related("unit_plan__cycle", "unit_plan__unit", "employee__unit").get(
        pk=item_id, unit_plan__in=unit_plans_visible(user)
    )


def unrealised_records(item: PlanItem) -> QuerySet[TrainingRecord]:
    """The employee's training records of the plan year that realise no item yet (to link one)."""
    return item.employee.training_records.counted().filter(
        end_date__year=item.unit_plan.cycle.year, realisation__isnull=True
    )


def plan_items(unit_plan: UnitPlan) -> QuerySet[PlanItem]:
    return unit_plan.items.select_related("employee", "competency", "kind", "realisation").order_by(
        "employee__name", "employee__nip", "id"
    )


def plannable_employees(unit_plan: UnitPlan) -> QuerySet[Employee]:
    """The PNS of the plan's unit and its sub-units."""
    return Employee.objects.filter(employee_type=EmployeeType.PNS, unit__path__startswith=unit_plan.unit.path)


def plannable_employee(unit_plan: UnitPlan, nip: str) -> Employee:
    return (
        plannable_employees(unit_plan)
        .select_related("position_kind", "eselon", "functional_position", "unit")
        .get(nip=nip)
    )


# --- Competency standards and gaps ----------------------------------------------------------


def active_standards() -> list[CompetencyStandard]:
    return list(CompetencyStandard.objects.filter(is_active=True).prefetch_related("requirements__competency"))


def standard_for(employee: Employee, standards: Iterable[CompetencyStandard]) -> CompetencyStandard | None:
    """The most specific standard matching the employee: the exact position title, then the
    functional position, then the eselon, then one for the whole position kind."""
    best: tuple[int, CompetencyStandard] | None = None
    for standard in standards:
        if standard.position_kind_id != employee.position_kind_id:
            continue
        checks = (
            (standard.position_name, standard.position_name.casefold() == employee.position_name.casefold(), 4),
            (standard.functional_position_id, standard.functional_position_id == employee.functional_position_id, 2),
            (standard.eselon_id, standard.eselon_id == employee.eselon_id, 1),
        )
        if any(given and not matches for given, matches, _weight in checks):
            continue
        score = sum(weight for given, _matches, weight in checks if given)
        if best is None or score > best[0]:
            best = (score, standard)
    return best[1] if best else None


def current_levels(employee: Employee) -> dict[str, int]:
    """The newest measured level per competency."""
    levels: dict[str, int] = {}
    for code, level in (
        CompetencyLevel.objects.filter(employee=employee)
        .order_by("assessed_on", "id")
        .values_list("competency_id", "level")
    ):
        levels[code] = level
    return levels


@dataclass
class GapAnalysis:
    standard: CompetencyStandard | None
    gaps: list[analysis.Gap]
    technical: list[analysis.Gap]  # technical competencies measured for this employee, outside the standard


def gap_analysis(employee: Employee) -> GapAnalysis:
    """The form analisa kesenjangan kompetensi of one PNS (P2)."""
    standard = standard_for(employee, active_standards())
    levels = current_levels(employee)
    requirements = (
        [(r.competency_id, r.competency.name, r.competency.group, r.level) for r in standard.requirements.all()]
        if standard
        else []
    )
    required = {code for code, *_rest in requirements}
    measured_technical = Competency.objects.filter(
        code__in=[c for c in levels if c not in required], group=CompetencyGroup.TECHNICAL
    )
    return GapAnalysis(
        standard=standard,
        gaps=analysis.gaps(requirements, levels),
        technical=[analysis.Gap(c.code, c.name, c.group, levels[c.code], levels[c.code]) for c in measured_technical],
    )


def level_history(employee: Employee) -> QuerySet[CompetencyLevel]:
    return employee.competency_levels.select_related("competency", "recorded_by")


# --- Budget and cost standards --------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    label: str
    items: int
    jp: int
    cost: Decimal


@dataclass
class Budget:
    total: BudgetLine
    by_unit: list[BudgetLine]
    by_kind: list[BudgetLine]
    by_quarter: list[BudgetLine]


def _lines(items: QuerySet[PlanItem], key: str, label: Any) -> list[BudgetLine]:
    rows = items.values(key).annotate(n=Count("id"), jp=Sum("jp"), cost=Sum("estimated_cost")).order_by(key)
    return [BudgetLine(label(row[key]), row["n"], row["jp"] or 0, row["cost"] or Decimal(0)) for row in rows]


def budget(items: QuerySet[PlanItem]) -> Budget:
    """Totals per unit, per kind and per quarter (four grouped queries, whatever the number of items)."""
    quarters = dict(QUARTERS)
    totals = items.aggregate(n=Count("id"), jp=Sum("jp"), cost=Sum("estimated_cost"))
    by_kind = _lines(items, "kind__name", lambda name: name or str(DevelopmentPath.EDUCATION.label))
    return Budget(
        total=BudgetLine("", totals["n"], totals["jp"] or 0, totals["cost"] or Decimal(0)),
        by_unit=_lines(items, "unit_plan__unit__name", str),
        by_kind=sorted(by_kind, key=lambda line: -line.cost),
        by_quarter=_lines(items, "quarter", lambda q: str(quarters[q])),
    )


def _cost_standards(year: int) -> dict[tuple[str, int | None], CostStandard]:
    return {(s.path, s.kind_id): s for s in CostStandard.objects.filter(year=year, is_active=True)}


def _standard_in(
    standards: dict[tuple[str, int | None], CostStandard], path: str, kind_id: int | None
) -> CostStandard | None:
    """The kind's own standard, else the one for every kind of the path."""
    return standards.get((path, kind_id)) or standards.get((path, None))


def cost_standard_for(year: int, path: str, kind_id: int | None) -> CostStandard | None:
    return _standard_in(_cost_standards(year), path, kind_id)


def cost_limits(items: Iterable[PlanItem], year: int) -> dict[int, Decimal]:
    """The cost ceiling of each item whose estimate is above the year's cost standard."""
    standards = _cost_standards(year)
    flagged = {}
    for item in items:
        standard = _standard_in(standards, item.path, item.kind_id)
        if standard and analysis.above_standard(
            item.estimated_cost, standard.max_per_person, standard.max_per_jp, item.jp
        ):
            flagged[item.pk] = analysis.cost_limit(standard.max_per_person, standard.max_per_jp, item.jp)
    return flagged


def cycle_items(cycle: PlanningCycle, *, accepted_only: bool = True) -> QuerySet[PlanItem]:
    items = PlanItem.objects.filter(unit_plan__cycle=cycle)
    return items.filter(status=ItemStatus.ACCEPTED) if accepted_only else items


# --- The JP ledger --------------------------------------------------------------------------


def ledger_employees(user: User) -> QuerySet[Employee]:
    """The PNS the ledger counts: in the user's scope, not PPPK (the 20-JP right is the PNS's)."""
    return Employee.objects.filter(employee_scope(user), employee_type=EmployeeType.PNS)


def jp_totals(year: int, employees: QuerySet[Employee] | None = None) -> dict[int, int]:
    """JP earned per employee in `year`: a training counts in the year it ended (one grouped query)."""
    records = TrainingRecord.objects.counted().filter(end_date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if employees is not None:
        records = records.filter(employee__in=employees.values("pk"))
    return dict(records.values_list("employee_id").annotate(total=Sum("jp_hours")).order_by())


@dataclass
class LedgerRow:
    unit_id: int
    name: str
    employees: int = 0
    reached: int = 0
    total_jp: int = 0
    bands: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    @property
    def reached_percent(self) -> float | None:
        return analysis.Totals.percent(self.reached, self.employees)

    @property
    def average_jp(self) -> float | None:
        return round(self.total_jp / self.employees, 1) if self.employees else None

    def add(self, other: LedgerRow) -> None:
        self.employees += other.employees
        self.reached += other.reached
        self.total_jp += other.total_jp
        self.bands = [mine + theirs for mine, theirs in zip(self.bands, other.bands, strict=True)]


@dataclass
class Ledger:
    year: int
    norm: int
    bands: list[str]
    total: LedgerRow
    rows: list[LedgerRow]


def jp_ledger(user: User, year: int, *, opd: Unit | None = None, depth: int = 1) -> Ledger:
    """Every PNS's JP in `year` against the norm, folded per unit at `depth` (1: per OPD; a unit
    above that depth keeps a row of its own people). Read from the units' figures (O(units) rows);
    one's own record is counted from the ledger directly."""
    norm = jp_norm(year)
    whole_units = whole_units_scope(user)
    rows_by_unit: dict[str, LedgerRow] = {}
    if whole_units is None:
        employees = ledger_employees(user)
        if opd is not None:
            employees = employees.filter(unit__path__startswith=opd.path)
        earned = dict(
            JpYear.objects.filter(year=year, employee__in=employees.values("pk")).values_list("employee", "jp")
        )
        for pk, path in employees.values_list("pk", "unit__path"):
            _count(rows_by_unit, path, jp=earned.get(pk, 0), norm=norm)
    else:
        units = Unit.objects.filter(whole_units)
        if opd is not None:
            units = units.filter(path__startswith=opd.path)
        figures = UnitFigure.objects.filter(unit__in=units.values("pk")).filter(
            Q(figure=Figure.PNS, year=0) | Q(figure__in=(Figure.JP_TOTAL, Figure.JP_BAND), year=year)
        )
        for path, figure, key, value in figures.values_list("unit__path", "figure", "key", "value"):
            row = _row(rows_by_unit, path)
            if figure == Figure.PNS:
                row.employees += value
                row.bands[0] += value  # those in a band with JP move out of band 0 below
            elif figure == Figure.JP_TOTAL:
                row.total_jp += value
            else:
                row.bands[int(key)] += value
                row.bands[0] -= value
        for row in rows_by_unit.values():
            row.reached = row.bands[3]
    keys = {path[: (depth + 1) * UNIT_PATH_SEGMENT] for path in rows_by_unit}
    folded = units_at(keys)
    rows: dict[str, LedgerRow] = {}
    total = LedgerRow(0, "Jumlah")
    for path, counted in rows_by_unit.items():
        key = path[: (depth + 1) * UNIT_PATH_SEGMENT]
        folded_row = rows.get(key)
        if folded_row is None:
            unit = folded.get(key)
            folded_row = rows[key] = LedgerRow(unit.pk if unit else 0, unit.name if unit else "-")
        for into in (folded_row, total):
            into.add(counted)
    return Ledger(
        year=year,
        norm=norm,
        bands=[label for label, *_r in facts.jp_bands(norm)],
        total=total,
        rows=sorted((r for r in rows.values() if r.employees), key=lambda r: r.name),
    )


def _row(rows: dict[str, LedgerRow], path: str) -> LedgerRow:
    row = rows.get(path)
    if row is None:
        row = rows[path] = LedgerRow(0, path)
    return row


def _count(rows: dict[str, LedgerRow], path: str, *, jp: int, norm: int) -> None:
    row = _row(rows, path)
    row.employees += 1
    row.total_jp += jp
    row.bands[facts.band_of(jp, norm)] += 1
    row.reached += jp >= norm


class EarnedJp(TypedDict):
    jp: int


def with_jp(employees: QuerySet[Employee], year: int) -> QuerySet[WithAnnotations[Employee, EarnedJp]]:
    """Each employee with the `jp` they earned in `year` from the ledger (0 when none)."""
    earned = JpYear.objects.filter(employee=OuterRef("pk"), year=year).values("jp")[:1]
    return employees.annotate(jp=Coalesce(Subquery(earned), 0))


def behind(user: User, year: int, norm: int, *, opd: Unit | None = None, band: int | None = None) -> QuerySet[Employee]:
    """The PNS in scope under the norm in `year` (or in one band of the distribution), each with
    their `jp`; in name order a page of them costs the same whatever the registry's size."""
    employees = ledger_employees(user)
    if opd is not None:
        employees = employees.filter(unit__path__startswith=opd.path)
    employees = with_jp(employees, year)
    if band is None:
        employees = employees.filter(jp__lt=norm)
    else:
        _label, low, high = facts.jp_bands(norm)[band]
        employees = employees.filter(jp__gte=low, **({"jp__lte": high} if high is not None else {}))
    # What the page and the workbook show of each; the rest of the record is not read.
    return employees.select_related("unit").only("nip", "front_title", "name", "back_title", "unit__name")


def ledger_table(ledger: Ledger) -> tuple[list[list[Cell]], list[Cell]]:
    """The ledger's table of units (each row's cells: the unit, opening that unit's ledger, then its
    figures) and the figures of its total row, as the page shows them: the template formatting some
    400 numbers one by one was a sixth of the page's cost (issue 20)."""

    def figures(row: LedgerRow) -> list[Cell]:
        average = "\u2013" if row.average_jp is None else str(localize(row.average_jp))
        shown = [str(row.employees), str(row.reached), percent(row.reached_percent), average, *map(str, row.bands)]
        return [Cell(text, css=FIGURE) for text in shown]

    rows = [
        [Cell(row.name, f"?year={ledger.year}&opd={row.unit_id}" if row.unit_id else ""), *figures(row)]
        for row in ledger.rows
    ]
    return rows, figures(ledger.total)


@dataclass(frozen=True)
class BehindRow:
    nip: str
    name: str
    jp: int
    shortfall: int
    cells: list[Cell]  # NIP (opening the record), name, unit, JP, shortfall


def behind_rows(employees: Iterable[Employee], norm: int) -> list[BehindRow]:
    """A page of `behind` as its table shows it, each cell worked out once here (a template walking
    each model and reversing each link cost about 0.1 ms a row, issue 20)."""
    link = url_maker("people:detail")
    rows = []
    for e in employees:
        jp: int = e.jp  # type: ignore[attr-defined]  # the annotation of `with_jp`
        name, shortfall = e.full_name, norm - jp
        cells = [
            Cell(e.nip, link(e.nip)),
            Cell(name),
            Cell(e.unit.name),
            Cell(jp, css=FIGURE),
            Cell(shortfall, css=FIGURE),
        ]
        rows.append(BehindRow(e.nip, name, jp, shortfall, cells))
    return rows


@dataclass(frozen=True)
class Attainment:
    year: int
    norm: int
    reached: int
    employees: int

    @property
    def percent(self) -> float | None:
        return analysis.Totals.percent(self.reached, self.employees)


HOME_UNITS = 10  # units an operator's home lists; the ledger has them all


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's part of planning: the plans BKPSDM asks of the user's units, the year's JP
    attainment in their scope and, for one who sees only their own units (an operator), each OPD's
    figures with its latest plan. Read from the units' figures, so flat in the registry's size."""
    requests = open_requests(user)
    jp = units = None
    units_more = 0
    if user.has_perm("planning.view_jp_report"):
        ledger = jp_ledger(user, today.year)
        if ledger.total.employees:
            jp = Attainment(ledger.year, ledger.norm, ledger.total.reached, ledger.total.employees)
        if ledger.rows and user.unit is not None and not user.has_perm(VIEW_ALL_EMPLOYEES):
            # The operator's own units one level down, the furthest behind the norm first.
            below = jp_ledger(user, today.year, depth=user.unit.depth + 1).rows
            plans = unit_plans_visible(user).filter(unit_id__in=[row.unit_id for row in below])
            latest = {plan.unit_id: plan for plan in plans.select_related("cycle").order_by("cycle__year", "pk")}
            below.sort(key=lambda row: (row.reached_percent if row.reached_percent is not None else 101, row.name))
            units = [(row, latest.get(row.unit_id)) for row in below[:HOME_UNITS]]
            units_more = len(below) - len(units)
    if not (requests or jp or units):
        return None
    return {"plan_requests": requests, "jp": jp, "units": units, "units_more": units_more}


# --- Evaluation (P5) ------------------------------------------------------------------------


@dataclass
class Evaluation:
    cycle: PlanningCycle
    comparison: analysis.Comparison
    items: list[PlanItem]
    unplanned_records: int
    unplanned_jp: int
    not_reported: list[str]


def evaluation(cycle: PlanningCycle) -> Evaluation:
    """Plan against realisation over the accepted items, per item, unit and kind, and the training
    of the year that no plan item names."""
    items = list(
        cycle_items(cycle)
        .select_related("unit_plan__unit", "employee", "kind", "competency", "realisation")
        .order_by("unit_plan__unit__path", "employee__name", "id")
    )
    figures = []
    for item in items:
        realisation = getattr(item, "realisation", None)
        figures.append(
            analysis.ItemFigures(
                unit=item.unit_plan.unit.name,
                kind=item.kind_label,
                jp=item.jp,
                cost=item.estimated_cost,
                realised_jp=realisation.jp if realisation else None,
                realised_cost=realisation.actual_cost if realisation else None,
            )
        )
    unplanned = (
        TrainingRecord.objects.counted()
        .filter(
            end_date__range=(dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)),
            employee__employee_type=EmployeeType.PNS,
            realisation__isnull=True,
        )
        .aggregate(n=Count("id"), jp=Sum("jp_hours"))
    )
    # Every unit asked whose realisation report is not in: never sent, sent back, or verified and silent.
    not_reported = [
        plan.unit.name for plan in cycle.unit_plans.select_related("unit").exclude(status=UnitPlanStatus.REPORTED)
    ]
    return Evaluation(
        cycle=cycle,
        comparison=analysis.compare(figures),
        items=items,
        unplanned_records=unplanned["n"],
        unplanned_jp=unplanned["jp"] or 0,
        not_reported=not_reported,
    )


def open_requests(user: User) -> list[UnitPlan]:
    """For an operator's dashboard: its units' plans still to send in an open cycle, with deadlines."""
    if not user.has_perm("planning.plan_unit"):
        return []
    return list(
        unit_plans_visible(user).filter(
            cycle__status=CycleStatus.OPEN, status__in=[UnitPlanStatus.DRAFT, UnitPlanStatus.RETURNED]
        )
    )


def plans_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Unit plans sent for verification and realisation reports for BKPSDM; returned plans for the
    unit's planners ("Tugas saya")."""
    from .services import MANAGE, PLAN

    visible = unit_plans_visible(user).order_by("updated_at", "id")

    def item(what: str) -> Any:
        return lambda p: Waiting(
            what,
            f"{p.unit.name} ({p.cycle.year})",
            reverse("planning:unit-plan", args=[p.pk]),
            dated(p.updated_at),
            p.cycle.verification_due,
        )

    def unit_item(what: str) -> Any:
        return lambda p: Waiting(
            what,
            f"{p.unit.name} ({p.cycle.year})",
            reverse("planning:unit-plan", args=[p.pk]),
            dated(p.updated_at),
            p.cycle.needs_due,
        )

    manages = user.has_perm(MANAGE)
    none = UnitPlan.objects.none()
    own = visible.filter(own_units(user, with_permission=PLAN))
    return combined(
        listed(visible.filter(status=UnitPlanStatus.SUBMITTED) if manages else none, limit,
               item(_("Verifikasi rencana unit kerja"))),
        listed(visible.filter(status=UnitPlanStatus.REPORTED) if manages else none, limit,
               item(_("Evaluasi laporan realisasi"))),
        listed(own.filter(status=UnitPlanStatus.DRAFT, cycle__status=CycleStatus.OPEN), limit,
               unit_item(_("Kirim kebutuhan pengembangan kompetensi unit"))),
        listed(own.filter(status=UnitPlanStatus.RETURNED), limit,
               unit_item(_("Perbaiki rencana yang dikembalikan"))),
    )  # fmt: skip
