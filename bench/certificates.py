#!/usr/bin/env python
"""Benchmark of certificate issuing (docs/performance.md).

    .venv/bin/python bench/certificates.py --count 500

Lays out that many STTPs, each with its own QR code and its curriculum on a second page, as one PDF through the document engine (the
download "Semua STTP (PDF)" of a program), and prints the time, the peak memory, the pages and the
size. The certificates are built in memory: numbering is a row lock per number and is tested, not
benchmarked. The letterhead is read from the local database, which is migrated first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bangkom.documents.kinds import KINDS  # noqa: E402
from bangkom.documents.models import DocumentTemplate  # noqa: E402
from bangkom.people.models import Employee, TrainingKind, Unit  # noqa: E402
from bangkom.training.letters import certificates_pdf  # noqa: E402
from bangkom.training.models import Certificate, Participant, Program, Session  # noqa: E402
from bench.office import ensure_converter, memory_mb  # noqa: E402


def certificates(count: int) -> list[Certificate]:
    kind = KINDS["sertifikat_sttp"]
    template = DocumentTemplate(kind=kind.code, version=1, content=kind.default_template(), number_format="")
    unit = Unit(name="Dinas Pendidikan")
    program = Program(
        unit=unit,
        title="Bimtek Tata Naskah Dinas Elektronik",
        kind=TrainingKind(id=8, name="Bimbingan Teknis"),
        jp=24,
        start_date=dt.date(2027, 3, 2),
        end_date=dt.date(2027, 3, 4),
        venue="Aula BKPSDM",
    )
    # Its curriculum as recorded sessions, handed over as a prefetched relation: no database here.
    program.id = 1
    topics = (
        "Kebijakan tata naskah dinas",
        "Jenis dan format naskah dinas",
        "Penomoran dan klasifikasi arsip",
        "Tanda tangan elektronik",
        "Aplikasi srikandi",
        "Praktik penyusunan surat",
    )
    program._prefetched_objects_cache = {
        "sessions": [
            Session(program=program, number=n, held_on=dt.date(2027, 3, 2 + (n - 1) // 2), topic=t)
            for n, t in enumerate(topics, start=1)
        ],
        "instructors": [],
    }
    now = timezone.now()
    return [
        Certificate(
            participant=Participant(
                program=program,
                result="lulus",
                score=Decimal("85.50"),
                employee=Employee(
                    nip=f"19800101200501{1 + n % 2}{n % 1000:03d}",
                    name=f"Peserta Contoh {n}",
                    position_name="Pengelola Persuratan",
                ),
            ),
            kind="sttp",
            number=f"{n}/STTP/BKPSDM/2027",
            year=2027,
            sequence=n,
            code=f"ABCD-EFGH-{n:04d}",
            template=template,
            signer_name="Dr. Kepala Badan, M.Si.",
            issued_at=now,
        )
        for n in range(1, count + 1)
    ]


def main(count: int) -> None:
    call_command("migrate", verbosity=0)  # the letterhead's table, as `make setup` leaves it
    converter = ensure_converter()
    batch = certificates(2)
    certificates_pdf(batch)  # warm the converter
    batch = certificates(count)
    started = time.perf_counter()
    pdf = certificates_pdf(batch)
    elapsed = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{count} STTPs with QR codes in one PDF: {elapsed:.2f} s ({elapsed / count * 1000:.1f} ms each), "
        f"{pages} pages, {len(pdf) // 1024} KB, peak memory {peak:.0f} MB"
    )
    print(memory_mb(converter))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    main(parser.parse_args().count)
