#!/usr/bin/env python
"""Benchmark of the JP ledger (docs/performance.md): the agency-wide JP report must render in under
2 seconds for 100,000 employees.

    .venv/bin/python bench/planning.py --size 100000

Uses the database of `bench/registry.py pages` (bench/out/pages-<size>.sqlite3, or
BENCH_DATABASE_URL), generating the demo workforce there when it is empty. Prints the median and
worst time and the number of queries of each page, and the time of the XLSX export.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry import peak_mb, setup, workforce_ensure


def bench_ledger(size: int, repeat: int) -> None:
    setup(f"pages-{size}", fresh=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bangkom.accounts.demo import demo_users_ensure
    from bangkom.accounts.models import User
    from bangkom.people.models import TrainingRecord, Unit

    workforce_ensure(size)
    demo_users_ensure()
    year = timezone.localdate().year
    records = TrainingRecord.objects.filter(end_date__year=year).count()
    disdik = Unit.objects.get(code="DISDIK")
    pages = {
        "JP report, agency, first page": reverse("planning:jp"),
        "JP report, agency, page 500 of behind": reverse("planning:jp") + "?page=500",
        "JP report, one OPD": reverse("planning:jp") + f"?opd={disdik.pk}",
        "dashboard with the JP card": reverse("core:dashboard"),
    }
    print(f"{size} employees, {records} training records ending in {year}; {repeat} requests each:")
    for username in ("admin", "operator"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for label, url in pages.items():
            times = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (label, response.status_code)
            print(
                f"  {username:<8} {label:<40} {statistics.median(times):7.1f} / {max(times):7.1f} ms"
                f"  {len(queries)} queries"
            )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="admin"))
    from bangkom.core.tests.exports import content_of, exported

    started = time.perf_counter()
    _job, response = exported(client, reverse("planning:jp-xlsx"))  # started, made by the job, downloaded
    print(
        f"  export of the agency's JP ledger to XLSX (background job): {time.perf_counter() - started:.1f} s, "
        f"{len(content_of(response)) / 1e6:.1f} MB; peak memory {peak_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench_ledger(args.size, args.repeat)


if __name__ == "__main__":
    main()
