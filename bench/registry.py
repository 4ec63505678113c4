#!/usr/bin/env python
"""Benchmarks of the people registry (figures go to docs/performance.md).

    .venv/bin/python bench/registry.py demo --size 100000     # demo workforce generation
    .venv/bin/python bench/registry.py import --rows 100000   # SIASN CSV import, then re-import
    .venv/bin/python bench/registry.py pages --size 100000    # page times with that many employees
    .venv/bin/python bench/registry.py screen --size 100000   # registry -> engine for every employee
    .venv/bin/python bench/registry.py bad-import --mb 1 10 50 150   # files of bad rows: time, peak memory

Each uses its own SQLite file under bench/out/ (or BENCH_DATABASE_URL, e.g. a PostgreSQL database
that may be emptied). `demo` and `import` start from an empty database; `pages` reuses its database
when it already holds the requested number of employees.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def setup(name: str, *, fresh: bool) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / name}.sqlite3"
    if fresh and url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / name}.sqlite3{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The page benchmarks sign in with force_login: the second factor is tested, not benchmarked.
    os.environ.setdefault("BANGKOM_TWO_FACTOR_REQUIRED", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if fresh and not url.startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("setup_roles", stdout=open(os.devnull, "w"))  # noqa: SIM115


def workforce_ensure(size: int) -> None:
    """The shared pages database holds a demo workforce of exactly `size` employees (made if empty)."""
    from django.db import connection

    from bangkom.people.demo import generate_workforce
    from bangkom.people.models import Employee

    if Employee.objects.count() == size:
        return
    if Employee.objects.exists():
        sys.exit(f"{connection.settings_dict['NAME']} holds another workforce; remove it first.")
    started = time.perf_counter()
    generate_workforce(size=size)
    print(f"(generated {size} employees in {time.perf_counter() - started:.1f} s)")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_demo(size: int) -> None:
    setup("demo", fresh=True)
    from bangkom.people.demo import generate_workforce

    started = time.perf_counter()
    counts = generate_workforce(size=size)
    elapsed = time.perf_counter() - started
    rows = sum(v for k, v in counts.items() if k != "units")
    print(f"demo --size {size}: {elapsed:.1f} s, {rows} rows, peak memory {peak_mb():.0f} MB")


def write_siasn_csv(path: Path, rows: int, seed: int = 99) -> None:
    """A SIASN "Export Data ASN" file of synthetic people, made with the demo generator."""

    from bangkom.people.demo import DISTRICTS, OPDS, SUB_UNITS, Generated, WorkforceGenerator, job_map, staff_slots
    from bangkom.people.importer import SIASN_COLUMNS
    from bangkom.people.models import Unit

    units = {code: Unit(code=code, name=name, short_name=short) for code, name, short in OPDS}
    units.update({f"KEC-{d.upper()}": Unit(code=f"KEC-{d.upper()}", name=f"Kecamatan {d}") for d in DISTRICTS})
    units.update({code: Unit(code=code, name=name) for _parent, code, name, _kind in SUB_UNITS})
    generator = WorkforceGenerator(seed=seed, today=timezone.localdate())
    structural = job_map(units)[: int(rows * 0.13)]
    out = Generated()
    for slot in structural + staff_slots(units, rows - len(structural), generator.rng):
        generator.person(slot, out)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*SIASN_COLUMNS, "eselon_id", "nama_sekolah"])
        for employee, ranks, positions, educations in zip(
            out.employees, out.ranks, out.positions, out.educations, strict=True
        ):
            rank, position, education = ranks[-1], positions[-1], educations[0]
            kind = {"fungsional": "2", "pelaksana": "4"}.get(position.kind_id, "1")
            row = dict.fromkeys(SIASN_COLUMNS, "null")
            row.update(
                {
                    "pns_id": f"PNS-{employee.nip}",
                    "nip_baru": f"'{employee.nip}",
                    "nama": employee.name,
                    "gelar_depan": employee.front_title,
                    "gelar_belakang": employee.back_title,
                    "tempat_lahir_nama": employee.birth_place,
                    "tanggal_lahir": f"{employee.birth_date:%d-%m-%Y}",
                    "jenis_kelamin": "M" if employee.gender == "1" else "F",
                    "kedudukan_hukum_id": "01",
                    "jenis_pegawai_nama": "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota",
                    "status_cpns_pns": "P",
                    "tmt_cpns": f"{employee.tmt_cpns:%d-%m-%Y}",
                    "tmt_pns": f"{employee.tmt_pns:%d-%m-%Y}",
                    "gol_akhir_id": str(rank.golongan_id),
                    "tmt_golongan": f"{rank.tmt:%d-%m-%Y}",
                    "jenis_jabatan_id": kind,
                    "jabatan_id": position.functional_position_id or "",
                    "jabatan_nama": position.name,
                    "tmt_jabatan": f"{position.tmt:%d-%m-%Y}",
                    "tingkat_pendidikan_id": education.level_id,
                    "pendidikan_nama": education.major,
                    "tahun_lulus": str(education.graduation_year),
                    "unor_id": f"UNOR-{employee.unit.code}",
                    "unor_nama": employee.unit.name,
                    "nik": "3200000000000000",
                    "nomor_hp": "0800000000",
                }
            )
            writer.writerow([*[row[c] for c in SIASN_COLUMNS], position.eselon_id or "", education.institution])


def bench_import(rows: int) -> None:
    setup("import", fresh=True)
    from bangkom.people.importer import import_file
    from bangkom.people.models import Employee, Unit, UnitKind
    from bangkom.people.services import unit_create

    path = OUT / f"siasn-{rows}.csv"
    if not path.exists():
        write_siasn_csv(path, rows)
    if not Unit.objects.exists():
        unit_create(code="KAB", name="Pemerintah Kabupaten Sukamaju", kind=UnitKind.AGENCY)
    size_mb = path.stat().st_size / 1e6
    started = time.perf_counter()
    outcome = import_file(path, actor=None)
    first = time.perf_counter() - started
    assert outcome.ok, outcome.errors[:5]
    print(
        f"import {rows} rows ({size_mb:.0f} MB CSV), new employees: {first:.1f} s "
        f"({outcome.summary.created} created, {outcome.summary.histories} history rows)"
    )
    started = time.perf_counter()
    outcome = import_file(path, actor=None)
    again = time.perf_counter() - started
    print(
        f"re-import of the same file (all matched by NIP, nothing changed): {again:.1f} s "
        f"({outcome.summary.unchanged} unchanged)"
    )
    print(f"employees: {Employee.objects.count()}, peak memory {peak_mb():.0f} MB")


def write_bad_csv(path: Path, megabytes: int) -> int:
    """A SIASN file of `megabytes` MB whose every row has an impossible birth date (31 February)."""
    from bangkom.people.importer import SIASN_COLUMNS
    from bangkom.people.tests.siasn import siasn_row

    template = siasn_row(tanggal_lahir="31-02-1985")
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SIASN_COLUMNS)
        while handle.tell() < megabytes * 1_000_000:
            writer.writerows(
                [[template[c] if c != "pns_id" else f"B{rows + i}" for c in SIASN_COLUMNS] for i in range(1000)]
            )
            rows += 1000
    return rows


def bench_bad_import_one(megabytes: int) -> None:
    """One size in a process of its own, so that the peak memory is this file's alone."""
    setup("bad-import", fresh=False)
    from bangkom.people.importer import import_file

    path = OUT / f"bad-{megabytes}mb.csv"
    rows = write_bad_csv(path, megabytes) if not path.exists() else sum(1 for _ in path.open()) - 1
    before = peak_mb()
    started = time.perf_counter()
    outcome = import_file(path, actor=None)
    took = time.perf_counter() - started
    print(
        f"{megabytes:>4} MB, {rows:>7} bad rows: {took:6.1f} s, {outcome.error_count} errors "
        f"({len(outcome.errors)} reported), peak memory {peak_mb():.0f} MB (before reading {before:.0f} MB)"
    )


def bench_bad_import(sizes: list[int]) -> None:
    import subprocess

    for megabytes in sizes:
        subprocess.run([sys.executable, __file__, "bad-import-one", "--mb", str(megabytes)], check=True)


def bench_pages(size: int, repeat: int) -> None:
    setup(f"pages-{size}", fresh=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bangkom.accounts.demo import demo_users_ensure
    from bangkom.accounts.models import User
    from bangkom.people.models import Employee, Unit

    workforce_ensure(size)
    demo_users_ensure()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="admin"))
    disdik = Unit.objects.get(code="DISDIK")
    someone = Employee.objects.order_by("nip")[size // 2]
    pages = {
        "dashboard": reverse("core:dashboard"),
        "list, first page": reverse("people:list"),
        "list, search by name": reverse("people:list") + "?q=Siti",
        "list, search by NIP prefix": reverse("people:list") + "?q=1985",
        "list, unit subtree + golongan + sort": reverse("people:list") + f"?unit={disdik.pk}&golongan=33&sort=-name",
        "list, sorted by golongan, last page": reverse("people:list") + "?sort=golongan&akhir=1",
        "list, sorted by NIP, jump to 1990": reverse("people:list") + "?sort=nip&dari=1990",
        "list, sorted by name desc, jump to M": reverse("people:list") + "?sort=-name&dari=M",
        "employee detail": reverse("people:detail", args=[someone.nip]),
    }
    print(f"{size} employees, {repeat} requests each (median / max ms, queries):")
    for label, url in pages.items():
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        print(f"  {label:<40} {statistics.median(times):7.1f} / {max(times):7.1f} ms  {len(queries)} queries")
    from bangkom.core.tests.exports import content_of, exported

    started = time.perf_counter()
    body = content_of(exported(client, reverse("people:export"))[1])  # started, made by the job, downloaded
    seconds = time.perf_counter() - started
    print(f"  export of all {size} employees to XLSX (background job): {seconds:.1f} s, {len(body) / 1e6:.1f} MB")


def bench_screen(size: int) -> None:
    """Everyone in the registry screened for each Bima level: adapter queries plus the engine."""
    setup(f"pages-{size}", fresh=False)
    from decimal import Decimal

    from bangkom.core.perf import gc_paused
    from bangkom.people.models import Employee
    from bangkom.rules import load_ruleset, screen
    from bangkom.selection.adapter import RoundFacts, candidates_from_registry

    workforce_ensure(size)
    ruleset = load_ruleset("bima-2018")
    as_of = timezone.localdate()
    # As if every employee were proposed, recommended and tested: the ranking has everyone to sort.
    round_facts = {
        pk: RoundFacts(
            True,
            True,
            False,
            Decimal(60 + pk % 40),
            Decimal(55 + pk % 45),
            Decimal(70 + pk % 30),
            Decimal(65 + pk % 35),
        )
        for pk in Employee.objects.values_list("id", flat=True)
    }
    print(f"{size} employees in the registry, screened for bima-2018:")
    for level in ("II", "III", "IV"):
        started = time.perf_counter()
        with gc_paused():  # as the selection job and the screen command run it
            candidates = candidates_from_registry(Employee.objects.all(), as_of=as_of, round_facts=round_facts)
            loaded = time.perf_counter() - started
            results = screen(ruleset, level, as_of, candidates)
        total = time.perf_counter() - started
        eligible = sum(1 for r in results if r.rank is not None)
        print(f"  level {level}: {total:.1f} s ({loaded:.1f} s reading the registry), {eligible} ranked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("demo").add_argument("--size", type=int, default=100_000)
    sub.add_parser("import").add_argument("--rows", type=int, default=100_000)
    pages = sub.add_parser("pages")
    pages.add_argument("--size", type=int, default=100_000)
    pages.add_argument("--repeat", type=int, default=5)
    sub.add_parser("screen").add_argument("--size", type=int, default=100_000)
    sub.add_parser("bad-import").add_argument("--mb", type=int, nargs="+", default=[1, 10, 50, 150])
    sub.add_parser("bad-import-one").add_argument("--mb", type=int, required=True)
    args = parser.parse_args()
    if args.what == "demo":
        bench_demo(args.size)
    elif args.what == "import":
        bench_import(args.rows)
    elif args.what == "screen":
        bench_screen(args.size)
    elif args.what == "bad-import":
        bench_bad_import(args.mb)
    elif args.what == "bad-import-one":
        bench_bad_import_one(args.mb)
    else:
        bench_pages(args.size, args.repeat)


if __name__ == "__main__":
    main()
