#!/usr/bin/env python
"""Benchmark of a selection round at a real agency's size (issue 18; figures in docs/performance.md).

    .venv/bin/python bench/selection.py --size 100000 --candidates 2000 --repeat 5

Uses the database of `bench/registry.py pages` (its SQLite file under bench/out/, or
BENCH_DATABASE_URL for PostgreSQL), generating the workforce on first use. Opens a level III round
(Bima rules) each run, adds `--candidates` officials of the inventory, then times, as the BKPSDM
administrator would meet them:
  - the round's long actions (run by the background worker): document check, screening;
  - the round page (first page, a search, a category filter, a deep page), the session's decision
    page, each with its number of queries;
  - one candidate's actions: the facts page, saving the facts, excluding them;
  - a bulk TSPDI decision on a page of 50, and on every B candidate;
  - the tabulation XLSX; with --documents also drafting the tabulation PDF through LibreOffice.
Targets: every page under 500 ms, each candidate action under 300 ms, screening 2,000 under 10 s,
tabulation XLSX under 5 s. The round is removed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.registry import peak_mb, setup, workforce_ensure  # noqa: E402

TARGET_PAGE_MS, TARGET_ACTION_MS, TARGET_SCREEN_S, TARGET_XLSX_S = 500, 300, 10, 5


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def bench_round(size: int, count: int, repeat: int, documents: bool, jobs_only: bool = False) -> None:
    setup(f"pages-{size}", fresh=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bangkom.accounts.demo import demo_users_ensure
    from bangkom.accounts.models import User
    from bangkom.core.bulk import bulk_insert_with_history
    from bangkom.people.models import Employee
    from bangkom.selection import services
    from bangkom.selection.models import MemberRole, RoundCandidate, SelectionRound
    from bangkom.selection.reports import tabulation_xlsx
    from bangkom.selection.selectors import inventory_proposal, round_ruleset

    workforce_ensure(size)
    demo_users_ensure()
    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    for earlier in SelectionRound.objects.filter(name__startswith="Benchmark").exclude(name=LARGE_ROUND):
        remove_round(earlier)
    selection_round = services.round_open(
        actor=admin, name="Benchmark seleksi PKA", level="III", ruleset_id="bima-2018", as_of=today, quota=40
    )
    print(f"{connection.vendor}, {size:,} employees, level III round (bima-2018)")
    seconds, proposal = timed(lambda: inventory_proposal("III", round_ruleset(selection_round)))
    print(f"  inventory proposal: {len(proposal):,} officials in {seconds:.2f} s")
    from django.db import transaction

    with transaction.atomic():
        picked = [
            RoundCandidate(round=selection_round, employee_id=pk, source=source)
            for pk, source in list(proposal.items())[:count]
        ]
        if len(picked) < count:  # a smaller inventory: fill with others, as a round of proposals would
            others = Employee.objects.exclude(pk__in=list(proposal)).values_list("pk", flat=True)[: count - len(picked)]
            picked += [RoundCandidate(round=selection_round, employee_id=pk, source="usulan_unit") for pk in others]
        bulk_insert_with_history(RoundCandidate, picked, user=admin, reason="benchmark")
    print(f"  round of {len(picked):,} candidates")

    seconds, changed = timed(lambda: services.checklist_refresh(actor=admin, selection_round=selection_round))
    print(f"  document check (job):     {seconds:6.2f} s, {changed:,} checks")
    seconds, screened = timed(lambda: services.round_screen(actor=admin, selection_round=selection_round))
    flag = "ok" if seconds < TARGET_SCREEN_S else "OVER TARGET"
    print(f"  screening (job):          {seconds:6.2f} s, {screened:,} candidates  [{flag} < {TARGET_SCREEN_S} s]")
    seconds, screened = timed(lambda: services.round_screen(actor=admin, selection_round=selection_round))
    print(f"  screening again:          {seconds:6.2f} s")
    if jobs_only:  # a province's round: the long actions alone
        print(f"  peak memory {peak_mb():.0f} MB")
        remove_round(selection_round)
        return

    team = services.team_create(
        actor=admin,
        name="Benchmark TSPDI",
        period_start=today - dt.timedelta(days=30),
        period_end=today + dt.timedelta(days=300),
    )
    chair = services.member_add(
        actor=admin, team=team, employee=Employee.objects.first(), position="Sekda", role=MemberRole.CHAIR
    )
    session = services.session_record(
        actor=admin,
        team=team,
        selection_round=selection_round,
        held_on=today,
        agenda="Sidang benchmark",
        attendees=[chair],
    )

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    candidates = list(selection_round.candidates.order_by("pk").values_list("pk", flat=True))
    middle = candidates[len(candidates) // 2]
    someone = RoundCandidate.objects.select_related("employee").get(pk=middle)
    detail = reverse("selection:detail", args=[selection_round.pk])
    pages = {
        "round page, first page": detail,
        "round page, search by name": f"{detail}?q={someone.employee.name.split()[0]}",
        "round page, category C": f"{detail}?kategori=C",
        "round page, last page": f"{detail}?page={len(candidates) // 50 + 1}",
        "session decisions, first page": reverse("selection:session", args=[session.pk]),
        "session decisions, page 20": reverse("selection:session", args=[session.pk]) + "?page=20",
        "candidate facts page": reverse("selection:candidate-facts", args=[selection_round.pk, middle]),
    }
    worst_page = 0.0
    print(f"  pages ({repeat} requests each; median / max ms, queries, KB):")
    for label, url in pages.items():
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        worst_page = max(worst_page, statistics.median(times))
        print(
            f"    {label:<32} {statistics.median(times):7.1f} / {max(times):7.1f} ms  {len(queries):3d} queries"
            f"  {len(response.content) / 1024:6.0f} KB"
        )

    actions: dict[str, Callable[[int], Any]] = {
        "save a candidate's facts": lambda pk: client.post(
            reverse("selection:candidate-facts", args=[selection_round.pk, pk]), {"proposed_by_unit": "on"}
        ),
        "exclude a candidate": lambda pk: client.post(
            reverse("selection:candidate-exclude", args=[selection_round.pk, pk]), {"reason": "Benchmark"}
        ),
    }
    worst_action = 0.0
    print("  candidate actions (median / max ms):")
    for label, action in actions.items():
        times = []
        for pk in candidates[:repeat]:
            started = time.perf_counter()
            response = action(pk)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), (label, response.status_code)
        worst_action = max(worst_action, statistics.median(times))
        print(f"    {label:<32} {statistics.median(times):7.1f} / {max(times):7.1f} ms")

    page_ids = candidates[repeat : repeat + 50]
    decide = {f"keputusan_{pk}": "tidak_memenuhi" for pk in page_ids}
    seconds, _response = timed(lambda: client.post(reverse("selection:session-decisions", args=[session.pk]), decide))
    print(f"  decisions for a page of 50: {seconds * 1000:6.0f} ms")
    seconds, _response = timed(
        lambda: client.post(
            reverse("selection:session-decisions-bulk", args=[session.pk]),
            {"keputusan": "tidak_memenuhi", "kategori": "C"},
        )
    )
    decided = session.decisions.count()
    print(f"  one decision for every C candidate: {seconds:6.2f} s ({decided:,} decisions in the session)")

    seconds, (workbook, _rows) = timed(lambda: tabulation_xlsx(selection_round))
    kb = len(workbook.read()) / 1024
    flag = "ok" if seconds < TARGET_XLSX_S else "OVER TARGET"
    print(f"  tabulation XLSX (job):    {seconds:6.2f} s, {kb:.0f} KB  [{flag} < {TARGET_XLSX_S} s]")
    if documents:
        from bangkom.documents.services import document_generate
        from bench.office import ensure_converter

        converter = ensure_converter()
        try:
            seconds, document = timed(
                lambda: document_generate(actor=admin, kind="tabulasi_seleksi", subject=selection_round)
            )
        finally:
            if converter is not None:
                converter.terminate()
        print(f"  tabulation PDF (job):     {seconds:6.2f} s, {len(document.pdf) / 1024:.0f} KB")
    print(
        f"  worst page median {worst_page:.0f} ms [{'ok' if worst_page < TARGET_PAGE_MS else 'OVER TARGET'}"
        f" < {TARGET_PAGE_MS}], worst action median {worst_action:.0f} ms"
        f" [{'ok' if worst_action < TARGET_ACTION_MS else 'OVER TARGET'} < {TARGET_ACTION_MS}],"
        f" peak memory {peak_mb():.0f} MB"
    )
    remove_round(selection_round)


LARGE_ROUND = "Benchmark ronde besar"


def large_round_ensure(count: int) -> tuple[int, int]:
    """A level III round of `count` candidates, papers checked and screened, kept between runs (the
    served-memory benchmark of bench/pages.py reads it); made when missing. Returns (round id, the
    number of its pages of 50)."""
    from django.db.models import Count
    from django.utils import timezone

    from bangkom.accounts.models import User
    from bangkom.core.bulk import bulk_insert_with_history
    from bangkom.people.models import Employee
    from bangkom.selection import services
    from bangkom.selection.models import RoundCandidate, SelectionRound
    from bangkom.selection.selectors import inventory_proposal, round_ruleset

    found = (
        SelectionRound.objects.filter(name=LARGE_ROUND, screened_at__isnull=False)
        .annotate(size=Count("candidates"))
        .filter(size=count)
        .first()
    )
    if found is None:
        admin = User.objects.get(username="admin")
        selection_round = services.round_open(
            actor=admin, name=LARGE_ROUND, level="III", ruleset_id="bima-2018", as_of=timezone.localdate(), quota=40
        )
        proposal = inventory_proposal("III", round_ruleset(selection_round))
        picked = [
            RoundCandidate(round=selection_round, employee_id=pk, source=source)
            for pk, source in list(proposal.items())[:count]
        ]
        others = Employee.objects.exclude(pk__in=list(proposal)).values_list("pk", flat=True)[: count - len(picked)]
        picked += [RoundCandidate(round=selection_round, employee_id=pk, source="usulan_unit") for pk in others]
        bulk_insert_with_history(RoundCandidate, picked, user=admin, reason="benchmark")
        services.checklist_refresh(actor=admin, selection_round=selection_round)
        services.round_screen(actor=admin, selection_round=selection_round)
        found = selection_round
    return found.pk, count // 50 + 1


def remove_round(selection_round: Any) -> None:
    """The benchmark's round, its sessions, team and documents go; the workforce stays for the next run."""
    from bangkom.documents.models import Document
    from bangkom.selection.models import Assessment, DocumentCheck, RoundCandidate, SelectionTeam, TeamSession

    sessions = TeamSession.objects.filter(round=selection_round)
    teams = list(sessions.values_list("team_id", flat=True))
    Document.objects.filter(subject_id=selection_round.pk, kind="tabulasi_seleksi").delete()
    sessions.delete()
    SelectionTeam.objects.filter(pk__in=teams).delete()
    Assessment.objects.filter(candidate__round=selection_round).delete()
    # The benchmark's own 100,000 candidates and 600,000 checks go without a history row each (the
    # ORM's delete wrote one per row: eight minutes).
    DocumentCheck.objects.filter(candidate__round=selection_round)._raw_delete(DocumentCheck.objects.db)
    RoundCandidate.objects.filter(round=selection_round)._raw_delete(RoundCandidate.objects.db)
    selection_round.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--documents", action="store_true", help="also draft the tabulation PDF (LibreOffice)")
    parser.add_argument("--jobs-only", action="store_true", help="only the long actions (a round of 100,000)")
    arguments = parser.parse_args()
    bench_round(arguments.size, arguments.candidates, arguments.repeat, arguments.documents, arguments.jobs_only)


if __name__ == "__main__":
    main()
