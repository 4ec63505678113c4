#!/usr/bin/env python
"""Benchmark of the document engine (docs/performance.md).

    .venv/bin/python bench/documents.py --rows 500

Fills the built-in tabulation template with that many candidates and turns it into a PDF through
LibreOffice's converter (started for the run unless BANGKOM_CONVERTER answers), then fills one Surat
Perintah Tugas per row; prints the times, the pages, the sizes and the converter's memory. No database.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from bangkom.documents.kinds import COMMON_SAMPLE, KINDS  # noqa: E402
from bangkom.documents.render import docx_to_pdf, render_docx  # noqa: E402
from bench.office import ensure_converter, memory_mb  # noqa: E402


def tabulation(rows: int) -> None:
    kind = KINDS["tabulasi_seleksi"]
    people = [
        {**kind.sample["calon"][0], "no": i, "nip": f"19750101200112{i:04d}", "nama": f"Pegawai Contoh {i}",
         "keterangan": "BAHASA_INGGRIS: skor TOEFL 450 di bawah 475", "kategori": "B", "nilai_akhir": "75,25"}
        for i in range(1, rows + 1)
    ]  # fmt: skip
    started = time.perf_counter()
    docx = render_docx(kind.default_template(), {**COMMON_SAMPLE, **kind.sample, "calon": people})
    filled = time.perf_counter()
    pdf = docx_to_pdf(docx)
    done = time.perf_counter()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"tabulation of {rows} candidates: fill {filled - started:.2f} s, PDF {done - filled:.2f} s, "
        f"{pages} pages, DOCX {len(docx) // 1024} KB, PDF {len(pdf) // 1024} KB"
    )


def assignments(count: int) -> None:
    kind = KINDS["surat_perintah_tugas"]
    template = kind.default_template()
    started = time.perf_counter()
    for i in range(count):
        docx = render_docx(template, {**COMMON_SAMPLE, **kind.sample, "nama": f"Pegawai {i}"})
        docx_to_pdf(docx)
    elapsed = time.perf_counter() - started
    print(f"{count} assignment letters (DOCX + PDF each): {elapsed:.2f} s, {elapsed / count * 1000:.0f} ms each")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    converter = ensure_converter()
    assignments(3)  # warm the converter: the figures are those of a running service
    tabulation(args.rows)
    assignments(min(args.rows, 100))
    print(memory_mb(converter))
