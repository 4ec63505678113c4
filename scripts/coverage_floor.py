#!/usr/bin/env python
"""Branch coverage per app, and the floor each app keeps (run by `make test` after the suite).

    .venv/bin/pytest -n auto --cov --cov-report= && .venv/bin/python scripts/coverage_floor.py

Reads the data file the run left (configured under [tool.coverage] in pyproject.toml) and prints, per
app, its statements and branches, how many the suite ran and coverage.py's branch-coverage figure
(statements and branch directions together). Fails when an app falls below FLOOR or below the figure
written for it in BELOW_FLOOR, so a change that drops an app's tests shows at once."""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parents[1]
# Issue 23 asks for 85 %; on 2026-12-01 every app stood between 92 and 99 %, so the floor keeps 90.
FLOOR = 90.0
# An app let below FLOOR for a while (a new app growing its tests): its own figure, only ever raised.
BELOW_FLOOR: dict[str, float] = {}


def per_app(data_file: Path) -> dict[str, list[int]]:
    """{app: [statements, statements run, branches, branches taken]}"""
    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "coverage.json"
        cov.json_report(outfile=str(report))
        files = json.loads(report.read_text(encoding="utf-8"))["files"]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for filename, measured in files.items():
        parts = Path(filename).resolve().relative_to(ROOT).parts
        if parts[0] != "bangkom" or len(parts) < 3:
            continue
        summary = measured["summary"]
        row = totals[parts[1]]
        row[0] += summary["num_statements"]
        row[1] += summary["covered_lines"]
        row[2] += summary["num_branches"]
        row[3] += summary["covered_branches"]
    return dict(totals)


def percent(row: list[int]) -> float:
    total = row[0] + row[2]
    return 100.0 * (row[1] + row[3]) / total if total else 100.0


def main() -> int:
    apps = per_app(ROOT / ".coverage")
    failed = []
    print(f"{'app':<15}{'statements':>12}{'run':>8}{'branches':>10}{'taken':>8}{'coverage':>10}{'floor':>8}")
    for app, row in sorted(apps.items()):
        floor = BELOW_FLOOR.get(app, FLOOR)
        figure = percent(row)
        mark = "" if figure >= floor else "  << below the floor"
        print(f"{app:<15}{row[0]:>12}{row[1]:>8}{row[2]:>10}{row[3]:>8}{figure:>9.1f}%{floor:>7.1f}%{mark}")
        if mark:
            failed.append(app)
    everything = [sum(column) for column in zip(*apps.values(), strict=True)]
    print(
        f"{'all':<15}{everything[0]:>12}{everything[1]:>8}{everything[2]:>10}{everything[3]:>8}"
        f"{percent(everything):>9.1f}%"
    )
    if failed:
        print(f"Cakupan uji di bawah batas: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
