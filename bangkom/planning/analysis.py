"""The arithmetic of planning, pure and hand-checkable: competency gaps, cost flags, the JP
distribution and plan-versus-realisation totals. No Django here; selectors feed it rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Gap:
    competency: str  # code
    name: str
    group: str
    required: int
    current: int | None  # None: not yet assessed

    @property
    def size(self) -> int | None:
        """Levels missing; None when the current level is unknown (never a silent zero)."""
        return None if self.current is None else max(self.required - self.current, 0)

    @property
    def open(self) -> bool:
        """A gap to plan for: a missing level, or a level nobody has measured yet."""
        return self.size is None or self.size > 0


def gaps(requirements: Iterable[tuple[str, str, str, int]], current: Mapping[str, int]) -> list[Gap]:
    """Each required competency (code, name, group, level) against the employee's current levels."""
    return [Gap(code, name, group, level, current.get(code)) for code, name, group, level in requirements]


def suggested(gaps: Iterable[Gap]) -> Gap | None:
    """What to plan first for a person: the widest measured gap (the first listed among equals);
    failing that, a required competency nobody has measured yet; None when nothing is open."""
    listed = list(gaps)
    measured = sorted((g for g in listed if g.size), key=lambda g: -(g.size or 0))
    return next(iter(measured or [g for g in listed if g.open]), None)


def cost_limit(max_per_person: Decimal, max_per_jp: Decimal | None, jp: int) -> Decimal:
    """The most one person's development may cost: the per-person ceiling, and the per-JP one when
    the standard has it, whichever is lower."""
    return min(max_per_person, max_per_jp * jp) if max_per_jp is not None else max_per_person


def above_standard(cost: Decimal, max_per_person: Decimal, max_per_jp: Decimal | None, jp: int) -> bool:
    return cost > cost_limit(max_per_person, max_per_jp, jp)


@dataclass
class Totals:
    """Planned against realised: items, JP and cost."""

    planned: int = 0
    planned_jp: int = 0
    planned_cost: Decimal = Decimal(0)
    realised: int = 0
    realised_jp: int = 0
    realised_cost: Decimal = Decimal(0)

    def add(self, *, jp: int, cost: Decimal, realised_jp: int | None, realised_cost: Decimal | None) -> None:
        self.planned += 1
        self.planned_jp += jp
        self.planned_cost += cost
        if realised_jp is not None:
            self.realised += 1
            self.realised_jp += realised_jp
            self.realised_cost += realised_cost or Decimal(0)

    @staticmethod
    def percent(part: float | Decimal, whole: float | Decimal) -> float | None:
        return round(float(part) * 100 / float(whole), 1) if whole else None

    @property
    def count_percent(self) -> float | None:
        return self.percent(self.realised, self.planned)

    @property
    def jp_percent(self) -> float | None:
        return self.percent(self.realised_jp, self.planned_jp)

    @property
    def cost_percent(self) -> float | None:
        return self.percent(self.realised_cost, self.planned_cost)


@dataclass(frozen=True)
class ItemFigures:
    unit: str
    kind: str
    jp: int
    cost: Decimal
    realised_jp: int | None  # None: not carried out
    realised_cost: Decimal | None


@dataclass
class Comparison:
    total: Totals = field(default_factory=Totals)
    by_unit: dict[str, Totals] = field(default_factory=dict)
    by_kind: dict[str, Totals] = field(default_factory=dict)


def compare(items: Iterable[ItemFigures]) -> Comparison:
    """Plan against realisation over accepted items, in total, per unit and per kind."""
    result = Comparison()
    for item in items:
        for totals in (
            result.total,
            result.by_unit.setdefault(item.unit, Totals()),
            result.by_kind.setdefault(item.kind, Totals()),
        ):
            totals.add(jp=item.jp, cost=item.cost, realised_jp=item.realised_jp, realised_cost=item.realised_cost)
    return result
