"""The planning app's reference data: the competency dictionary (SIASN) and the default competency
standards per position kind, loaded by `manage.py load_reference`."""

from __future__ import annotations

from pathlib import Path

from bangkom.people.reference import SIASN, Table, read_csv

from .models import Competency, CompetencyGroup, CompetencyStandard, RequiredCompetency

PLANNING_DATA_DIR = Path(__file__).resolve().parent / "data"


def _groups() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["group"], r["legal_source"]) for r in read_csv(PLANNING_DATA_DIR / "competency_groups.csv")}


GROUPS = _groups()


def _competency(row: dict[str, str]) -> dict[str, object]:
    group, source = GROUPS.get(row["id"], (CompetencyGroup.MANAGERIAL, "PermenPAN-RB 38/2017 Lampiran"))
    return {
        "code": row["id"],
        "name": " ".join(row["nama"].split()),
        "group": group,
        "legal_source": f"{SIASN}; {source}",
    }


PLANNING_TABLES: tuple[Table, ...] = (
    Table(Competency, "kompetensi.csv", _competency),
    Table(
        CompetencyStandard,
        "competency_standards.csv",
        lambda r: {
            "code": r["code"],
            "name": r["name"],
            "position_kind_id": r["position_kind"],
            "legal_source": r["legal_source"],
        },
    ),
    Table(
        RequiredCompetency,
        "competency_standards.csv",
        lambda r: {"standard_id": r["code"], "competency_id": r["competency"], "level": int(r["level"])},
        unique=("standard", "competency"),
    ),
)
