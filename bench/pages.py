#!/usr/bin/env python
"""What a page costs the server at 10,000, 100,000 and 300,000 employees (issue 20).

    .venv/bin/python bench/pages.py                                   # the three sizes
    .venv/bin/python bench/pages.py --sizes 10000 --duration 5        # one size, shorter runs
    .venv/bin/python bench/pages.py --duration 5 --rounds 3           # every page loaded three times in turn
    .venv/bin/python bench/pages.py head-of-line --size 300000        # a page while others reload the heaviest
    .venv/bin/python bench/pages.py memory --size 300000 --candidates 100000   # worker memory, largest pages
    .venv/bin/python bench/pages.py connections --size 300000         # CONN_MAX_AGE=0 against persistent

For each size a PostgreSQL database `bangkom_pages_<size>` (made on first use, kept for the next run)
holds the demo workforce, the demo users and one open service request per 100 employees. The app is
served by gunicorn (2 workers, production settings) and each page is loaded by `wrk` with 20
connections for `--duration` seconds, logged in as the BKPSDM administrator (who sees everyone). The
figure is the server's CPU time per request, the app's workers and PostgreSQL together (read from
/proc, so the load generator's own CPU is not counted), beside the log-in page's in the same run as
the floor. The goal (docs/performance.md): every page at 300,000 within 1.5x of its figure at 10,000
and within 5x of the floor.

Needs PostgreSQL (BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432) and wrk (Debian's
package; installed here when run as root). Results also go to bench/out/pages.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
TICKS = os.sysconf("SC_CLK_TCK")
RATIO_TO_SMALLEST, RATIO_TO_FLOOR = 1.5, 5.0


# --- Build (runs in a process of its own per size: Django is set up once per database) ------------


def build(size: int, round_candidates: int = 0) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from registry import setup, workforce_ensure  # the registry benchmark's database set-up

    setup(f"pages-{size}", fresh=False)
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from bangkom.accounts.demo import demo_users_ensure
    from bangkom.accounts.models import User
    from bangkom.core.bulk import statistics_refresh
    from bangkom.desk import services
    from bangkom.desk.models import Service, ServiceRequest
    from bangkom.people.models import Employee, JpYear, TrainingRecord, UnitFigure

    call_command("collectstatic", interactive=False, verbosity=0)  # production serves the hashed names
    services.catalogue_load()
    workforce_ensure(size)
    demo_users_ensure()
    admin = User.objects.get(username="admin")
    wanted = size // 100
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    today = timezone.localdate()
    made = ServiceRequest.objects.count()
    for n in range(made, wanted):
        services.request_open(
            actor=admin, service=service, title=f"Permohonan {n}", received_on=today - dt.timedelta(days=n % 25)
        )
    # What autovacuum does some time after a load, and the import and the demo do at once.
    statistics_refresh(Employee, TrainingRecord, JpYear, UnitFigure, ServiceRequest)
    started = time.perf_counter()
    call_command("figures", "--check", stdout=open(os.devnull, "w"))  # noqa: SIM115
    check_seconds = time.perf_counter() - started
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    someone = Employee.objects.order_by("nip").values_list("nip", flat=True)[size // 2]
    facts: dict[str, object] = {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "nip": someone,
        "requests": max(made, wanted),
        "figures_check_seconds": round(check_seconds, 2),
    }
    if round_candidates:
        from selection import large_round_ensure  # the selection benchmark's round, made once

        facts["round_id"], facts["round_pages"] = large_round_ensure(round_candidates)
    print(json.dumps(facts))


# --- Measure ------------------------------------------------------------------------------------------


def database_ensure(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def wrk_ensure() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt:
        subprocess.run([apt, "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return shutil.which("wrk") or sys.exit("wrk could not be installed")
    sys.exit("wrk is not installed: apt-get install wrk")


def _cpu_of(pid: int, *, children: bool) -> float:
    """User + system seconds of a process (and of its reaped children: PostgreSQL's ended backends)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / TICKS


def _processes(name: str) -> list[tuple[int, int]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            comm = stat[stat.index("(") + 1 : stat.rindex(")")]
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if comm.startswith(name):
                found.append((int(entry.name), ppid))
    return found


def server_cpu(gunicorn_pid: int) -> tuple[float, float]:
    """CPU seconds of the app (gunicorn's master and workers) and of PostgreSQL (postmaster with its
    ended backends, plus the live ones), apart: where a page's cost goes."""
    app = _cpu_of(gunicorn_pid, children=True)
    app += sum(_cpu_of(pid, children=False) for pid, ppid in _processes("gunicorn") if ppid == gunicorn_pid)
    postgres = _processes("postgres")
    pids = {pid for pid, _ppid in postgres}
    database = sum(_cpu_of(pid, children=ppid not in pids) for pid, ppid in postgres)  # with reaped backends
    return app, database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url: str) -> dict[str, str]:
    """Production settings on plain HTTP at 127.0.0.1; the build signs its session with the same key."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "BENCH_DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "BANGKOM_TWO_FACTOR_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
    }


# How gunicorn runs: as measured for issue 20 (2 sync workers), and as docs/deployment.md advises for
# a server whose pages wait on PostgreSQL (2 workers of 4 threads each).
SERVER_KINDS = {
    "2 sync workers": ["-w", "2"],
    "2 workers x 4 threads": ["-w", "2", "--threads", "4", "--worker-class", "gthread"],
}


def serve(
    database_url: str, port: int, workers: list[str] | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = {**production_env(database_url), **(extra_env or {})}
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", *(workers or SERVER_KINDS["2 sync workers"]),
         "-b", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def wrk_command(wrk: str, url: str, cookie: str, duration: int, connections: int) -> list[str]:
    threads = str(min(2, connections))
    return [wrk, "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--timeout", "60s", "--latency",
            "-H", f"Cookie: {cookie}", url]  # fmt: skip


def response_kb(out: str, requests: int) -> float:
    """The mean size of a response (headers and body) from wrk's "N MB read"."""
    found = re.search(r"([\d.]+)(B|KB|MB|GB) read", out)
    if not found or not requests:
        return float("nan")
    scale = {"B": 1 / 1024, "KB": 1.0, "MB": 1024.0, "GB": 1024.0 * 1024}
    return float(found.group(1)) * scale[found.group(2)] / requests


def load(wrk: str, url: str, cookie: str, duration: int, connections: int) -> tuple[int, float, int, float]:
    """(requests, requests per second, non-2xx/3xx responses, median latency in ms) from wrk."""
    return parse(subprocess.run(
        wrk_command(wrk, url, cookie, duration, connections), check=True, capture_output=True, text=True
    ).stdout)[:4]  # fmt: skip


def parse(out: str) -> tuple[int, float, int, float, float]:
    """(requests, requests per second, non-2xx/3xx responses, median ms, mean response KB)."""
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    median_ms = float(median.group(1)) * scale[median.group(2)] if median else float("nan")
    return requests, rate, int(bad.group(1)) if bad else 0, median_ms, response_kb(out, requests)


def worker_peak_mb(gunicorn_pid: int) -> float:
    """The largest peak resident memory (VmHWM) among gunicorn's workers so far."""
    peaks = []
    for pid, ppid in _processes("gunicorn"):
        if ppid == gunicorn_pid:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            found = re.search(r"VmHWM:\s+(\d+) kB", status)
            if found:
                peaks.append(int(found.group(1)) / 1024)
    return max(peaks, default=float("nan"))


def built(size: int, round_candidates: int = 0) -> tuple[str, dict[str, Any]]:
    """The registry of `size` made ready (in a process with production settings), with a screened
    round of `round_candidates` when asked: its database URL and the facts the build printed."""
    url = database_ensure(f"bangkom_pages_{size}")
    command = [PYTHON, __file__, "build", "--size", str(size), "--round-candidates", str(round_candidates)]
    done = subprocess.run(command, env=production_env(url), check=True, capture_output=True, text=True, cwd=ROOT)
    return url, json.loads(done.stdout.strip().splitlines()[-1])


def served_memory(size: int, candidates: int, duration: int, wrk: str) -> dict[str, Any]:
    """Each worker's peak memory (VmHWM) while two clients load the largest pages in turn: a round of
    `candidates` (first page, a search, category C, the last page), Rekap JP, the dashboard and the
    registry list; served as docs/deployment.md advises. The goal (issue 25): under 300 MB."""
    url, facts = built(size, candidates)
    detail = f"/seleksi/{facts['round_id']}/"
    paths = {
        "round page, first page": detail,
        "round page, search by name": f"{detail}?q=Siti",
        "round page, category C": f"{detail}?kategori=C",
        "round page, last page": f"{detail}?page={facts['round_pages']}",
        "Rekap JP (JP ledger)": "/perencanaan/jp/",
        "dashboard": "/",
        "list, last page (sorted by golongan)": "/pegawai/?sort=golongan&akhir=1",
    }
    port = free_port()
    server = serve(url, port, SERVER_KINDS["2 workers x 4 threads"])
    results: dict[str, Any] = {"size": size, "candidates": candidates, "pages": {}}
    try:
        for label, path in paths.items():
            out = parse(subprocess.run(wrk_command(wrk, f"http://127.0.0.1:{port}{path}", facts["cookie"], duration, 2),
                                       check=True, capture_output=True, text=True).stdout)  # fmt: skip
            results["pages"][label] = {"median_ms": out[3], "response_kb": round(out[4], 1), "errors": out[2]}
            print(f"  {label:<40} median {out[3]:7.1f} ms  {out[4]:6.1f} KB{f'  {out[2]} errors!' if out[2] else ''}")
        results["worker_peak_mb"] = round(worker_peak_mb(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    flag = "meets" if results["worker_peak_mb"] < 300 else "MISSES"
    print(f"worker peak memory {results['worker_peak_mb']} MB ({flag} the 300 MB goal)")
    return results


def connection_reuse(size: int, duration: int, connections: int, wrk: str) -> dict[str, Any]:
    """The same pages served with a new database connection per request (CONN_MAX_AGE=0) and with
    persistent connections (the default, 600 s with health checks): requests per second and server CPU
    per request under `connections` concurrent clients."""
    url, facts = built(size)
    chosen = (FLOOR, "list, first page", "employee detail", "dashboard")
    results: dict[str, Any] = {"size": size}
    for age in ("0", "600"):
        port = free_port()
        server = serve(url, port, extra_env={"CONN_MAX_AGE": age})
        figures = results[f"CONN_MAX_AGE={age}"] = {}
        try:
            for label in chosen:
                target = f"http://127.0.0.1:{port}{pages(facts['nip'])[label]}"
                load(wrk, target, facts["cookie"], 2, connections)  # warm
                before = sum(server_cpu(server.pid))
                requests, rate, bad, median = load(wrk, target, facts["cookie"], duration, connections)
                cpu_ms = (sum(server_cpu(server.pid)) - before) / max(requests, 1) * 1000
                figures[label] = {"rps": rate, "cpu_ms": round(cpu_ms, 1), "median_ms": median, "errors": bad}
                print(
                    f"  CONN_MAX_AGE={age:<4} {label:<24} {rate:7.1f} req/s  {cpu_ms:6.1f} ms CPU  median {median:6.1f} ms"
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    return results


def head_of_line(size: int, duration: int, wrk: str) -> dict[str, object]:
    """A civil servant's detail page while two staff keep reloading the heaviest page (the dashboard),
    against its figure alone; with each kind of server. Also each worker's peak memory and the size of
    every page's response (the cap: 1 MB)."""
    url, facts = built(size)
    cookie, detail = facts["cookie"], pages(facts["nip"])["employee detail"]
    results: dict[str, object] = {"size": size}
    for kind, workers in SERVER_KINDS.items():
        port = free_port()
        server = serve(url, port, workers)
        base = f"http://127.0.0.1:{port}"
        try:
            sizes = {}
            for label, path in pages(facts["nip"]).items():  # warm every page, and weigh its response
                out = subprocess.run(wrk_command(wrk, base + path, cookie, 2, 2), check=True, capture_output=True,
                                     text=True).stdout  # fmt: skip
                sizes[label] = round(parse(out)[4], 1)
            idle = parse(subprocess.run(wrk_command(wrk, base + detail, cookie, duration, 1), check=True,
                                        capture_output=True, text=True).stdout)  # fmt: skip
            heavy = subprocess.Popen(
                wrk_command(wrk, base + "/", cookie, duration + 2, 2), stdout=subprocess.PIPE, text=True
            )
            time.sleep(1)  # the two reloaders are busy before the third one starts
            loaded = parse(subprocess.run(wrk_command(wrk, base + detail, cookie, duration, 1), check=True,
                                          capture_output=True, text=True).stdout)  # fmt: skip
            heavy_out = parse(heavy.communicate()[0])
            ratio = loaded[3] / idle[3]
            results[kind] = {
                "detail_idle_median_ms": idle[3], "detail_loaded_median_ms": loaded[3], "ratio": round(ratio, 2),
                "dashboard_rps_under_two_reloaders": heavy_out[1], "worker_peak_mb": round(worker_peak_mb(server.pid)),
                "response_kb": sizes,
            }  # fmt: skip
            flag = "meets" if ratio <= 2 else "MISSES"
            print(
                f"{kind:<24} detail page median {idle[3]:6.1f} ms alone, {loaded[3]:6.1f} ms while two clients "
                f"reload the dashboard ({ratio:.2f}x: {flag} the 2x goal); worker peak "
                f"{worker_peak_mb(server.pid):.0f} MB; largest response "
                f"{max((kb for kb in sizes.values() if kb == kb), default=0):.0f} KB"  # a nan (nothing read) left out
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    return results


FLOOR = "floor: log-in page"


def pages(nip: str) -> dict[str, str]:
    return {
        FLOOR: "/akun/masuk/",
        "dashboard": "/",
        "Rekap JP (JP ledger)": "/perencanaan/jp/",
        "list, first page": "/pegawai/",
        "list, search by name": "/pegawai/?q=Siti",
        "list, jump to S": "/pegawai/?dari=S",
        "list, last page (sorted by golongan)": "/pegawai/?sort=golongan&akhir=1",
        "service-desk board": "/layanan/permohonan/",
        "employee detail": f"/pegawai/{nip}/",
    }


@dataclass
class Tally:
    """One page's load over the rounds of a run."""

    app_seconds: float = 0.0
    database_seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    rates: list[float] = field(default_factory=list)
    medians: list[float] = field(default_factory=list)
    per_request: list[float] = field(default_factory=list)  # each round's CPU seconds per request

    def add(self, app: float, database: float, requests: int, rate: float, median: float, errors: int) -> None:
        self.app_seconds += app
        self.database_seconds += database
        self.requests += requests
        self.errors += errors
        self.rates.append(rate)
        self.medians.append(median)
        self.per_request.append((app + database) / max(requests, 1))


def measure(size: int, duration: int, connections: int, wrk: str, rounds: int = 1) -> dict[str, object]:
    """Each page's CPU per request at `size`. With several rounds every page, the floor included, is
    loaded once per round in turn and its figure is over all its rounds: a machine whose speed drifts
    during the run (a shared virtual machine's did by up to 2x within minutes) then moves the floor and
    the pages alike, and the ratio of each round is kept to show the spread."""
    started = time.perf_counter()
    url, facts = built(size)
    print(
        f"{size:,} employees ready in {time.perf_counter() - started:.0f} s "
        f"(figures --check {facts['figures_check_seconds']} s, {facts['requests']} open requests)"
    )
    port = free_port()
    server = serve(url, port)
    results: dict[str, object] = {"size": size, "figures_check_seconds": facts["figures_check_seconds"], "pages": {}}
    targets = {label: f"http://127.0.0.1:{port}{path}" for label, path in pages(facts["nip"]).items()}
    tallies = {label: Tally() for label in targets}
    try:
        for target in targets.values():
            load(wrk, target, facts["cookie"], 2, connections)  # warm: caches, connections, the JIT of queries
        for _round in range(rounds):
            for label, target in targets.items():
                app_before, database_before = server_cpu(server.pid)
                requests, rate, bad, median = load(wrk, target, facts["cookie"], duration, connections)
                app_after, database_after = server_cpu(server.pid)
                tallies[label].add(
                    app_after - app_before, database_after - database_before, requests, rate, median, bad
                )
        floor = tallies[FLOOR]
        for label, tally in tallies.items():
            app_ms = tally.app_seconds / max(tally.requests, 1) * 1000
            database_ms = tally.database_seconds / max(tally.requests, 1) * 1000
            cpu_ms = app_ms + database_ms
            to_floor = [
                page / max(bottom, 1e-9) for page, bottom in zip(tally.per_request, floor.per_request, strict=True)
            ]
            results["pages"][label] = {  # type: ignore[index]
                "cpu_ms": round(cpu_ms, 1),
                "app_ms": round(app_ms, 1),
                "database_ms": round(database_ms, 1),
                "rps": round(mean(tally.rates), 1),
                "median_ms": round(mean(tally.medians), 1),
                "requests": tally.requests,
                "errors": tally.errors,
                "to_floor_by_round": [round(ratio, 2) for ratio in to_floor],
            }
            flag = f"  {tally.errors} errors!" if tally.errors else ""
            spread = f"  rounds {' / '.join(f'{r:.2f}x' for r in to_floor)}" if rounds > 1 and label != FLOOR else ""
            print(
                f"  {label:<40} {cpu_ms:7.1f} ms CPU/request (app {app_ms:5.1f}, PostgreSQL {database_ms:5.1f})"
                f"  {mean(tally.rates):7.1f} req/s  median {mean(tally.medians):7.1f} ms{flag}{spread}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    return results


def verdict(runs: list[dict[str, object]]) -> list[str]:
    """The goal, page by page: the largest size against the smallest and against its floor."""
    if len(runs) < 2:
        return []
    small, large = runs[0]["pages"], runs[-1]["pages"]
    floor = large[FLOOR]["cpu_ms"]  # type: ignore[index]
    lines = []
    for label, figures in large.items():  # type: ignore[union-attr]
        to_small = figures["cpu_ms"] / max(small[label]["cpu_ms"], 0.1)  # type: ignore[index]
        to_floor = figures["cpu_ms"] / max(floor, 0.1)
        ok = to_small <= RATIO_TO_SMALLEST and to_floor <= RATIO_TO_FLOOR
        lines.append(
            f"  {label:<40} {to_small:5.2f}x the smallest, {to_floor:5.2f}x the floor  "
            f"{'meets the goal' if ok else 'MISSES the goal'}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    build_parser = sub.add_parser("build")
    build_parser.add_argument("--size", type=int, required=True)
    build_parser.add_argument("--round-candidates", type=int, default=0)
    memory_parser = sub.add_parser("memory", help="worker peak memory while serving the largest round and Rekap JP")
    memory_parser.add_argument("--size", type=int, default=300_000)
    memory_parser.add_argument("--candidates", type=int, default=100_000)
    memory_parser.add_argument("--duration", type=int, default=5)
    reuse_parser = sub.add_parser("connections", help="CONN_MAX_AGE=0 against persistent connections")
    reuse_parser.add_argument("--size", type=int, default=300_000)
    reuse_parser.add_argument("--duration", type=int, default=10)
    hol_parser = sub.add_parser("head-of-line", help="the detail page while two clients reload the dashboard")
    hol_parser.add_argument("--size", type=int, default=300_000)
    hol_parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--rounds", type=int, default=1, help="load every page this many times in turn (a drifting machine)"
    )
    args = parser.parse_args()
    if args.command == "build":
        database_ensure(f"bangkom_pages_{args.size}")  # run alone, the database may not exist yet
        build(args.size, args.round_candidates)
        return
    if args.command in ("memory", "connections"):
        wrk = wrk_ensure()
        if args.command == "memory":
            figures = served_memory(args.size, args.candidates, args.duration, wrk)
        else:
            figures = connection_reuse(args.size, args.duration, args.connections, wrk)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{args.command}.json").write_text(json.dumps(figures, indent=2))
        if args.command == "memory" and figures["worker_peak_mb"] >= 300:
            sys.exit(1)
        return
    if args.command == "head-of-line":
        figures = head_of_line(args.size, args.duration, wrk_ensure())
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "head_of_line.json").write_text(json.dumps(figures, indent=2))
        return
    wrk = wrk_ensure()
    runs = [measure(size, args.duration, args.connections, wrk, args.rounds) for size in sorted(args.sizes)]
    lines = verdict(runs)
    if lines:
        print(f"{runs[-1]['size']:,} against {runs[0]['size']:,} and against the log-in page:")
        print("\n".join(lines))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pages.json").write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
