"""What may be done to a cycle, a unit's plan and its items, declared on the models; a unit's plan
also asks its cycle."""

from __future__ import annotations

import pytest

from bangkom.planning.models import CycleStatus, ItemStatus, PlanItem, PlanningCycle, UnitPlan, UnitPlanStatus

C, P = CycleStatus, UnitPlanStatus


@pytest.mark.parametrize(
    ("cycle", "plan", "allowed"),
    [
        (C.OPEN, P.DRAFT, {"edit"}),
        (C.OPEN, P.RETURNED, {"edit"}),
        (C.OPEN, P.SUBMITTED, {"verify"}),
        (C.OPEN, P.VERIFIED, {"reopen"}),  # realised only once the PPK approved the cycle
        (C.CONSOLIDATED, P.DRAFT, set()),  # the cycle no longer collects needs
        (C.CONSOLIDATED, P.VERIFIED, set()),
        (C.APPROVED, P.VERIFIED, {"realise"}),
        (C.APPROVED, P.REPORTED, {"return_report"}),
        (C.EVALUATED, P.REPORTED, set()),
        (C.CANCELLED, P.SUBMITTED, {"verify"}),
    ],
)
def test_a_plans_actions_follow_its_status_and_its_cycles(cycle: str, plan: str, allowed: set[str]) -> None:
    unit_plan = UnitPlan(status=plan, cycle=PlanningCycle(status=cycle))
    assert unit_plan.actions_allowed() == allowed


def test_a_cycles_and_an_items_actions() -> None:
    may = {status: PlanningCycle(status=status).actions_allowed() for status in CycleStatus}
    assert may == {
        C.OPEN: {"collect_needs", "consolidate", "cancel"},
        C.CONSOLIDATED: {"approve"},
        C.APPROVED: {"realise", "evaluate"},
        C.EVALUATED: set(),
        C.CANCELLED: set(),
    }
    assert [PlanItem(status=s).may_do("edit") for s in ItemStatus] == [True, False, True, False]
    assert [PlanItem(status=s).may_do("realise") for s in ItemStatus] == [False, True, False, False]
