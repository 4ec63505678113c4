"""The recognition rules shipped with Bangkom: which kinds of learning a civil servant may report,
loaded once; the agency's own changes (caps per year, kinds that do not count) are kept on reload."""

from __future__ import annotations

from pathlib import Path

from bangkom.people.reference import read_csv

from .models import RecognitionRule

DATA = Path(__file__).resolve().parent / "data" / "recognition_rules.csv"


def recognition_rules_load() -> int:
    """Add the shipped rule of every kind that has none yet; returns how many were added."""
    rows = [
        RecognitionRule(
            kind_id=int(row["kind_id"]),
            counts=row["counts"] == "1",
            max_jp_per_year=int(row["max_jp_per_year"]) if row["max_jp_per_year"] else None,
            legal_source=row["legal_source"],
        )
        for row in read_csv(DATA)
    ]
    known = set(RecognitionRule.objects.values_list("kind_id", flat=True))
    added = [rule for rule in rows if rule.kind_id not in known]
    RecognitionRule.objects.bulk_create(added)
    return len(added)
