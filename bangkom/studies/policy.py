"""The study and overseas rules as data with their legal source: the tugas belajar rule set is the one
an announcement kept (rules/rulesets/study/), the overseas requirements are data/overseas.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bangkom.rules.study import StudyRules, parse_study_rules

from .models import StudyAnnouncement

OVERSEAS_FILE = Path(__file__).parent / "data" / "overseas.json"
REPORT_PAPER = "laporan"


@dataclass(frozen=True)
class PaperKind:
    code: str
    name: str
    required: bool = True


@dataclass(frozen=True)
class OverseasPolicy:
    name: str
    source: str
    papers: tuple[PaperKind, ...]
    report_due_days: int
    report_source: str
    training_kinds: dict[str, int]

    @property
    def required_papers(self) -> tuple[PaperKind, ...]:
        return tuple(p for p in self.papers if p.required)


@cache
def overseas_policy() -> OverseasPolicy:
    data = json.loads(OVERSEAS_FILE.read_text(encoding="utf-8"))
    return OverseasPolicy(
        name=data["name"],
        source=data["source"],
        papers=tuple(PaperKind(d["code"], d["name"], bool(d["required"])) for d in data["documents"]),
        report_due_days=int(data["report_due_days"]),
        report_source=data["report_source"],
        training_kinds={kind: int(code) for kind, code in data["training_kinds"].items()},
    )


def rules_of(announcement: StudyAnnouncement) -> StudyRules:
    """The rule set the announcement kept, validated."""
    return parse_study_rules(announcement.rules, announcement.rules_id)


def study_papers(announcement: StudyAnnouncement) -> tuple[PaperKind, ...]:
    return tuple(PaperKind(d.code, d.name) for d in rules_of(announcement).documents)
