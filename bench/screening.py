#!/usr/bin/env python
"""Benchmark of `manage.py screen` (docs/performance.md).

    .venv/bin/python bench/screening.py --rows 200000

Writes a candidates file of that many synthetic rows (deterministic) to bench/out/ and times the
command as a separate process, start-up included, for JSON output of each Bima level.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bangkom.rules.candidates_csv import COLUMNS  # noqa: E402
from bangkom.rules.vocabulary import GOLONGAN  # noqa: E402


def write_candidates(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    eselon = ["", "", "", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randint(0, 11000))
            score = lambda: "" if rng.random() < 0.05 else f"{rng.uniform(40, 100):.2f}"  # noqa: E731
            test = rng.choice(["TOEFL", "TOEFL_ITP", "TOEIC", "ECSCS", ""])
            writer.writerow([
                # Unique for n < 240,000: the TMT year and month count thousands, the serial the rest.
                f"{birth:%Y%m%d}{2000 + n // 12000}{1 + n // 1000 % 12:02d}{1 + n % 2}{n % 1000:03d}",
                f"Calon {n}", birth.isoformat(), rng.choice(GOLONGAN[8:]),
                rng.choice(["jpt", "administrator", "pengawas", "pelaksana", "fungsional"]), rng.choice(eselon),
                (dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 5000))).isoformat(),
                rng.choice(["SMA", "D3", "D4", "S1", "S2", "S3"]), rng.choice(["ya", "tidak"]),
                rng.choice(["sangat_baik", "baik", "butuh_perbaikan"]), rng.choice(["ya", "tidak"]),
                rng.choice(["ya", "tidak"]), test, str(rng.randint(300, 900)) if test else "",
                score(), score(), score(), score(), rng.choice(["", "", "58", "60"]),
            ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"calon-{args.rows}.csv"
    if not path.exists():
        write_candidates(path, args.rows)
    print(f"{args.rows} candidates, {path.stat().st_size / 1e6:.0f} MB CSV")
    for level in ("II", "III", "IV"):
        target = OUT / f"hasil-{level}.json"
        command = [
            sys.executable, "manage.py", "screen", "--rules", "bima-2018", "--level", level, "--as-of", "2026-11-23",
            "--candidates", str(path),
        ]  # fmt: skip
        started = time.perf_counter()
        with target.open("wb") as out:
            subprocess.run(command, cwd=ROOT, stdout=out, check=True)
        elapsed = time.perf_counter() - started
        print(f"  bima-2018 level {level}: {elapsed:.1f} s, {target.stat().st_size / 1e6:.0f} MB JSON")
    print("(peak memory of one run: /usr/bin/time -f '%M KB' .venv/bin/python manage.py screen ...)")


if __name__ == "__main__":
    main()
