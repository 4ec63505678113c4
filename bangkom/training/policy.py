"""The one-door policy's thresholds and criteria, read from data/one_door.json with their legal source:
a region whose regulation differs edits the file, not the code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POLICY_FILE = Path(__file__).parent / "data" / "one_door.json"


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str


@dataclass(frozen=True)
class Policy:
    name: str
    legal_source: str
    proposal_lead_years: int
    proposal_lead_source: str
    supervision_months: int
    supervision_source: str
    technical_kinds: frozenset[int]
    criteria: tuple[Criterion, ...]
    criteria_source: str

    @property
    def criterion_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)


@cache
def policy() -> Policy:
    data = json.loads(POLICY_FILE.read_text(encoding="utf-8"))
    return Policy(
        name=data["name"],
        legal_source=data["legal_source"],
        proposal_lead_years=int(data["proposal_lead_years"]),
        proposal_lead_source=data["proposal_lead_source"],
        supervision_months=int(data["supervision_months"]),
        supervision_source=data["supervision_source"],
        technical_kinds=frozenset(data["technical_kinds"]),
        criteria=tuple(Criterion(c["code"], c["text"]) for c in data["criteria"]),
        criteria_source=data["criteria_source"],
    )
