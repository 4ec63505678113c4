#!/usr/bin/env python
"""The long work of issue 25 as background jobs at a province's size (docs/performance.md).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_pages_300000 \\
        .venv/bin/python bench/jobs.py --size 300000

Uses the `pages` database of `bench/registry.py` (bench/pages.py builds the PostgreSQL ones). For each
export the BKPSDM administrator starts it as the page does (a POST through Django's test client:
the time the request takes, on a process that has already served a page) and the job then runs as the worker runs it, in a process of its own so
that its peak memory is its own: the time, the rows and the peak resident memory of that process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Each job as its page starts it: (URL name, which round it acts on: none, a new level IV round, or
# the selection benchmark's screened round of ROUND_CANDIDATES).
EXPORTS = {
    "registry XLSX (every employee)": ("people:export", ""),
    "JP ledger XLSX (every PNS under the norm)": ("planning:jp-xlsx", ""),
    "inventory of a level IV round": ("selection:inventory", "new"),
    "document check, round of 100,000": ("selection:documents", "large"),
    "screening, round of 100,000": ("selection:screen", "large"),
    "tabulation XLSX, round of 100,000": ("selection:tabulation", "large"),
}
ROUND_CANDIDATES = 100_000


def _round_for(which: str) -> tuple[int, Any]:
    """The round a job acts on, and what removes it afterwards (a new round only)."""
    from django.utils import timezone

    from bangkom.accounts.models import User
    from bangkom.selection import services
    from bench.selection import large_round_ensure, remove_round

    if which == "large":
        return large_round_ensure(ROUND_CANDIDATES)[0], lambda: None
    made = services.round_open(
        actor=User.objects.get(username="admin"), name="Benchmark penjaringan IV", level="IV",
        ruleset_id="bima-2018", as_of=timezone.localdate(), quota=40,
    )  # fmt: skip

    return made.pk, lambda: remove_round(made)


def one(size: int, label: str) -> None:
    from bench.registry import peak_mb, setup

    setup(f"pages-{size}", fresh=False)
    from django.test import Client
    from django.urls import resolve, reverse

    from bangkom.accounts.demo import demo_users_ensure
    from bangkom.accounts.models import User
    from bangkom.core.jobs import job_work_run
    from bangkom.core.models import Job

    demo_users_ensure()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="admin"))
    name, which = EXPORTS[label]
    round_id, remove = _round_for(which) if which else (None, lambda: None)
    url = reverse(name, args=[round_id] if round_id else [])
    client.get(reverse("core:dashboard"))  # a worker that has served pages: URLs, templates, connection
    before = peak_mb()
    started = time.perf_counter()
    response = client.post(url)
    start_ms = (time.perf_counter() - started) * 1000
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["job_id"])
    started = time.perf_counter()
    job_work_run(job)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    size_mb = job.output_file.size / 1e6 if job.output_file else 0
    print(json.dumps({
        "label": label, "start_ms": round(start_ms, 1), "seconds": round(seconds, 1), "status": job.status,
        "rows": job.result.get("rows", job.result.get("count", job.done)), "file_mb": round(size_mb, 1), "peak_mb": round(peak_mb()),
        "peak_before_mb": round(before),
    }))  # fmt: skip
    if job.output_file:
        job.output_file.delete(save=False)
    remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=300_000)
    parser.add_argument("--only", nargs="+", choices=list(EXPORTS), help="these jobs alone")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        one(arguments.size, arguments.one)
        return
    for label in arguments.only or EXPORTS:
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(arguments.size), "--one", label],
            check=True, capture_output=True, text=True, cwd=ROOT,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        figures = json.loads(out)
        print(
            f"{label:<45} started in {figures['start_ms']:6.1f} ms, done in {figures['seconds']:6.1f} s "
            f"({figures['status']}, {figures['rows'] or 0:,} rows, {figures['file_mb']} MB), "
            f"process peak {figures['peak_mb']} MB (before the job {figures['peak_before_mb']} MB)"
        )


if __name__ == "__main__":
    main()
