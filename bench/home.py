#!/usr/bin/env python
"""A civil servant's home (issue 21, docs/performance.md): with 100,000 employees and 20 years of
training records behind the person, the page answers in under 200 ms with a fixed number of queries.

    .venv/bin/python bench/home.py --size 100000 [--repeat 20]

Uses the database of `bench/registry.py pages` (bench/out/pages-<size>.sqlite3, or
BENCH_DATABASE_URL), generating the demo workforce there when it is empty. The demo `pegawai` gets
five training records a year for the last twenty years (100 in all) and the same count is checked
with 5 records, so a difference in queries shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry import peak_mb, setup, workforce_ensure

GOAL_MS = 200


def bench_home(size: int, repeat: int) -> None:
    setup(f"pages-{size}", fresh=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bangkom.accounts.demo import demo_users_ensure
    from bangkom.accounts.models import User
    from bangkom.people.figures import figures_rebuild
    from bangkom.people.models import Employee, TrainingRecord

    workforce_ensure(size)
    demo_users_ensure()
    user = User.objects.select_related("employee").get(username="pegawai")
    employee: Employee = user.employee  # type: ignore[assignment]
    today = timezone.localdate()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def measure() -> tuple[float, float, int]:
        client.get(reverse("selfservice:home"))  # warm
        times, count = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(reverse("selfservice:home"))
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            count = len(queries)
        return statistics.median(times), max(times), count

    TrainingRecord.objects.filter(employee=employee, name__startswith="Bench ").delete()
    TrainingRecord.objects.bulk_create([
        TrainingRecord(employee=employee, name=f"Bench {n}", kind_id=3, start_date=dt.date(today.year - 1, 3, 1),
                       end_date=dt.date(today.year - 1, 3, 2), jp_hours=8)
        for n in range(5)
    ])  # fmt: skip
    figures_rebuild()
    few = measure()
    TrainingRecord.objects.bulk_create([
        TrainingRecord(employee=employee, name=f"Bench {year}-{n}", kind_id=3, start_date=dt.date(year, 3 + n, 1),
                       end_date=dt.date(year, 3 + n, 2), jp_hours=8)
        for year in range(today.year - 19, today.year + 1) for n in range(5)
    ])  # fmt: skip
    figures_rebuild()
    records = TrainingRecord.objects.filter(employee=employee).count()
    many = measure()
    print(f"{Employee.objects.count():,} employees; the home of {employee.nip}:")
    print(
        f"  with {5 + TrainingRecord.objects.filter(employee=employee).exclude(name__startswith='Bench ').count()} "
        f"records: median {few[0]:.1f} ms, worst {few[1]:.1f} ms, {few[2]} queries"
    )
    print(f"  with {records} records (20 years): median {many[0]:.1f} ms, worst {many[1]:.1f} ms, {many[2]} queries")
    print(
        f"  goal under {GOAL_MS} ms with the same queries: "
        f"{'met' if many[0] < GOAL_MS and few[2] == many[2] else 'MISSED'}; peak memory {peak_mb():.0f} MB"
    )
    TrainingRecord.objects.filter(employee=employee, name__startswith="Bench ").delete()
    figures_rebuild()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    bench_home(args.size, args.repeat)


if __name__ == "__main__":
    main()
