"""The shipped data of this app, read once: the catalogue files, the JPT assessment's gates and
limits, and the complaint deadlines and flood limits. Each carries its legal source."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bangkom.core.calendar import TimeUnit

DATA = Path(__file__).resolve().parent / "data"
GATES = ("disposition", "participants", "note", "letters", "sent", "reply")
LETTER_STATES = ("drafted", "checked", "signed")


class PolicyError(ValueError):
    """A data file that cannot be used, naming the file and the key at fault."""


def _load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise PolicyError(f"{path.name}: {error}") from None


def catalogue_files() -> list[dict[str, Any]]:
    return [_load(path) | {"file": path.name} for path in sorted((DATA / "catalogue").glob("*.json"))]


@dataclass(frozen=True)
class Gate:
    step: int
    gate: str
    sender: str = ""
    to: str = ""
    kinds: tuple[str, ...] = ()
    status: str = ""
    # Letters that a holder of this role must have initialled (paraf) on their current draft.
    initialled_by: str = ""
    initialled_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssessmentPolicy:
    service: str
    source: str
    papers: tuple[str, ...]
    assessment_days_min: int
    facilitation_days_min: int
    report_months: int
    report_warn_days: int
    result_categories: tuple[str, ...]
    gates: tuple[Gate, ...]


def parse_assessment_policy(data: dict[str, Any], name: str = "jpt_assessment.json") -> AssessmentPolicy:
    def need(key: str, kind: type) -> Any:
        if not isinstance(data.get(key), kind):
            raise PolicyError(f"{name}: {key} harus {kind.__name__}")
        return data[key]

    gates = []
    for number, row in enumerate(need("gates", list), start=1):
        if row.get("step") != number or row.get("gate") not in GATES:
            raise PolicyError(f"{name}: gates[{number}] harus langkah {number} dengan gate salah satu {GATES}")
        if row["gate"] == "letters" and (not row.get("kinds") or row.get("status") not in LETTER_STATES):
            raise PolicyError(f"{name}: gates[{number}] butuh kinds dan status {LETTER_STATES}")
        if row["gate"] == "disposition" and not (row.get("from") and row.get("to")):
            raise PolicyError(f"{name}: gates[{number}] butuh from dan to")
        initialled = row.get("initialled", {})
        if initialled and not (initialled.get("by") and initialled.get("kinds")):
            raise PolicyError(f"{name}: gates[{number}].initialled butuh by dan kinds")
        gates.append(Gate(
            number, row["gate"], row.get("from", ""), row.get("to", ""), tuple(row.get("kinds", ())),
            row.get("status", ""), initialled.get("by", ""), tuple(initialled.get("kinds", ())),
        ))  # fmt: skip
    for key in ("assessment_days_min", "facilitation_days_min", "report_months", "report_warn_days"):
        if need(key, int) < 0:
            raise PolicyError(f"{name}: {key} tidak boleh negatif")
    return AssessmentPolicy(
        service=need("service", str),
        source=need("source", str),
        papers=tuple(need("papers", list)),
        assessment_days_min=data["assessment_days_min"],
        facilitation_days_min=data["facilitation_days_min"],
        report_months=data["report_months"],
        report_warn_days=data["report_warn_days"],
        result_categories=tuple(need("result_categories", list)),
        gates=tuple(gates),
    )


@cache
def assessment_policy() -> AssessmentPolicy:
    return parse_assessment_policy(_load(DATA / "jpt_assessment.json"))


@dataclass(frozen=True)
class TimeLimit:
    amount: int
    unit: TimeUnit
    note: str


@dataclass(frozen=True)
class ComplaintPolicy:
    source: str
    response: TimeLimit
    resolution: TimeLimit
    per_address_per_hour: int
    all_per_hour: int
    min_seconds_on_form: int
    channels: tuple[str, ...]


@cache
def complaint_policy() -> ComplaintPolicy:
    data = _load(DATA / "complaints.json")
    try:
        limits = {
            key: TimeLimit(int(data[key]["amount"]), TimeUnit(data[key]["unit"]), data[key]["note"])
            for key in ("response", "resolution")
        }
        flood = data["flood"]
        return ComplaintPolicy(
            source=data["source"],
            response=limits["response"],
            resolution=limits["resolution"],
            per_address_per_hour=int(flood["per_address_per_hour"]),
            all_per_hour=int(flood["all_per_hour"]),
            min_seconds_on_form=int(flood["min_seconds_on_form"]),
            channels=tuple(data["channels"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PolicyError(f"complaints.json: {error!r}") from None
