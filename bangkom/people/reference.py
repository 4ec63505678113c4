"""Loads the versioned reference data files (SIASN codes and our own tables) into the database.

Re-running updates rows in place, so an administrator's edits to a row are overwritten only when the
shipped file itself changes that row's values; rows added in the admin are left alone.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction

from bangkom.core.table_cache import forget

from .models import (
    BupRule,
    EducationLevel,
    EnglishTestKind,
    Eselon,
    FunctionalPosition,
    Golongan,
    JpNorm,
    LegalStatus,
    PositionKind,
    SkpRating,
    StructuralTrainingLevel,
    TrainingKind,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SIASN = "Referensi SIASN (BKN)"


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _legal_status_ids(file: str) -> set[str]:
    return {row["id"] for row in read_csv(DATA_DIR / file)}


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    file: str
    row: Callable[[dict[str, str]], dict[str, Any] | None]
    unique: tuple[str, ...] = ("pk",)


def _skp_rank(siasn_id: str) -> int:
    return 6 - int(siasn_id)  # SIASN 1 = Sangat Baik ... 5 = Sangat Kurang


TABLES: tuple[Table, ...] = (
    Table(
        Golongan,
        "siasn/golonganPns.csv",
        lambda r: {
            "id": int(r["id"]),
            "code": r["nama"],
            "pangkat": r["namaPangkat"],
            "legal_source": SIASN,
        },
    ),
    Table(
        Eselon,
        "siasn/eselon.csv",
        lambda r: (
            None
            if r["id"] == "00"
            else {
                "id": r["id"],
                "code": r["nama"],
                "level_name": r["jabatanAsn"].title(),
                "legal_source": SIASN,
            }
        ),
    ),
    Table(
        PositionKind,
        "position_kinds.csv",
        lambda r: {
            "code": r["code"],
            "name": r["name"],
            "order": int(r["order"]),
            "siasn_jenis_jabatan": r["siasn_jenis_jabatan"],
            "legal_source": r["legal_source"],
        },
    ),
    Table(
        EducationLevel,
        "education_levels.csv",
        lambda r: {
            "id": r["id"],
            "code": r["code"],
            "name": r["name"],
            "rank": int(r["rank"]),
            "legal_source": r["legal_source"],
        },
    ),
    Table(
        SkpRating,
        "siasn/kuadranNilai.csv",
        lambda r: {
            "id": int(r["id"]),
            "name": r["nama"].title(),
            "rank": _skp_rank(r["id"]),
            "legal_source": "PermenPANRB 6/2022 Pasal 44; " + SIASN,
        },
    ),
    Table(
        TrainingKind,
        "siasn/jenisDiklat.csv",
        lambda r: {
            "id": int(r["id"]),
            "name": r["jenis"],
            "certificate_kind": r["jenisKursusSetifikat"],
            "legal_source": SIASN,
        },
    ),
    Table(
        StructuralTrainingLevel,
        "siasn/latihanStruktural.csv",
        lambda r: {
            "id": int(r["id"]),
            "name": r["nama"],
            "legal_source": SIASN,
        },
    ),
    Table(
        EnglishTestKind,
        "english_test_kinds.csv",
        lambda r: {
            "code": r["code"],
            "name": r["name"],
            "min_score": r["min_score"],
            "max_score": r["max_score"],
            "legal_source": r["legal_source"],
        },
    ),
    Table(
        FunctionalPosition,
        "siasn/jabatanFungsional_bup.csv",
        lambda r: {
            "id": r["id"],
            "name": r["nama"].strip(),
            "level": r["jenjang"],
            "bup_age": int(r["usiaBup"]) or None,
            "is_active": r["status"] == "N",
            "legal_source": SIASN + " (usiaBup)",
        },
    ),
    Table(
        BupRule,
        "bup_rules.csv",
        lambda r: {
            "position_kind_id": r["position_kind"],
            "functional_level": r["functional_level"],
            "age": int(r["age"]),
            "legal_source": r["legal_source"],
        },
        unique=("position_kind", "functional_level"),
    ),
    Table(
        JpNorm,
        "jp_norms.csv",
        lambda r: {"hours": int(r["hours"]), "valid_from": r["valid_from"], "legal_source": r["legal_source"]},
        unique=("valid_from",),
    ),
)


def _legal_status_rows() -> list[dict[str, Any]]:
    active, departed = _legal_status_ids("active_legal_status.csv"), _legal_status_ids("departed_legal_status.csv")
    return [
        {
            "id": r["id"],
            "name": r["nama"],
            "counts_as_active": r["id"] in active,
            "ends_service": r["id"] in departed,
            "legal_source": SIASN,
        }
        for r in read_csv(DATA_DIR / "siasn" / "kedudukanHukum.csv")
    ]


def _upsert(model: type[models.Model], rows: list[dict[str, Any]], unique: tuple[str, ...]) -> int:
    unique_fields = [model._meta.pk.name if f == "pk" else f for f in unique]
    fields = {k for row in rows for k in row}
    update_fields = sorted(
        model._meta.get_field(f).name
        for f in fields
        if model._meta.get_field(f).name not in unique_fields
        and not getattr(model._meta.get_field(f), "primary_key", False)
    )
    model.objects.bulk_create(  # type: ignore[attr-defined]
        [model(**row) for row in rows],
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
    )
    forget(model)  # a bulk upsert sends no post_save
    return len(rows)


def load_tables(tables: tuple[Table, ...], data_dir: Path) -> dict[str, int]:
    """Upsert each table from its file under `data_dir`; returns the number of rows per table."""
    counts: dict[str, int] = {}
    for table in tables:
        key_names = [table.model._meta.pk.name if f == "pk" else f for f in table.unique]
        # A file may repeat a row (a standard on each of its requirement lines): the last one wins.
        rows = {
            tuple(row.get(k, row.get(f"{k}_id")) for k in key_names): row
            for raw in read_csv(data_dir / table.file)
            if (row := table.row(raw)) is not None
        }
        counts[str(table.model._meta.model_name)] = _upsert(table.model, list(rows.values()), table.unique)
    return counts


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Load every reference table of the registry and of the apps that ship their own; returns the
    number of rows per table."""
    from bangkom.planning.reference import PLANNING_DATA_DIR, PLANNING_TABLES  # the planning app builds on people
    from bangkom.selfservice.reference import recognition_rules_load  # so does self-service

    counts = load_tables(TABLES, DATA_DIR)
    counts["legalstatus"] = _upsert(LegalStatus, _legal_status_rows(), ("pk",))
    counts.update(load_tables(PLANNING_TABLES, PLANNING_DATA_DIR))
    counts["recognitionrule"] = recognition_rules_load()
    return counts
