"""`manage.py screen`: screen a candidates file against a rule set (a public contract)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bangkom.core.perf import gc_paused
from bangkom.rules import RuleSetError, load_ruleset, read_candidates, screen
from bangkom.rules.vocabulary import LEVELS
from bangkom.selection.screening_output import csv_text, json_chunks, write_xlsx

INPUT_ERROR = 2


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of harus tanggal YYYY-MM-DD, bukan {text!r}") from None


class Command(BaseCommand):
    help = (
        "Saring calon peserta Diklatpim terhadap aturan (rule set): setiap syarat dengan status, "
        "keterangan dan dasar hukumnya; nilai akhir, kategori A/B/C, kelompok dan peringkat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rules", required=True, help="id aturan (mis. bima-2018) atau jalur berkas JSON")
        parser.add_argument("--level", required=True, choices=LEVELS, help="tingkat Diklatpim: II, III atau IV")
        parser.add_argument("--as-of", required=True, type=iso_date, help="tanggal acuan YYYY-MM-DD")
        parser.add_argument("--candidates", required=True, type=Path, help="berkas CSV calon peserta (UTF-8)")
        parser.add_argument("--format", default="json", choices=("json", "csv", "xlsx"))
        parser.add_argument("--output", type=Path, help="berkas keluaran (wajib untuk xlsx; bawaan: stdout)")

    def fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        sys.exit(INPUT_ERROR)

    def handle(self, *args: Any, **options: Any) -> None:
        with gc_paused():
            self.run(options)

    def run(self, options: dict[str, Any]) -> None:
        level, as_of, path, fmt, output = (
            options["level"],
            options["as_of"],
            options["candidates"],
            options["format"],
            options["output"],
        )
        try:
            ruleset = load_ruleset(options["rules"])
        except RuleSetError as error:
            self.fail([str(error)])
        if level not in ruleset.levels:
            self.fail([f"Aturan {ruleset.id} tidak mengatur tingkat {level}; tersedia: {', '.join(ruleset.levels)}."])
        if ruleset.valid_from is not None and as_of < ruleset.valid_from:
            starts = ruleset.valid_from.isoformat()
            self.fail([f"Aturan {ruleset.id} berlaku mulai {starts}; --as-of {as_of.isoformat()} jatuh sebelumnya."])
        if fmt == "xlsx" and output is None:
            self.fail(["--format xlsx memerlukan --output BERKAS.xlsx."])
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                candidates, errors = read_candidates(handle)
        except FileNotFoundError:
            self.fail([f"Berkas calon tidak ditemukan: {path}"])
        except UnicodeDecodeError:
            self.fail([f"Berkas {path} bukan teks UTF-8."])
        if errors:
            self.fail([str(error) for error in errors])

        results = screen(ruleset, level, as_of, candidates)
        codes = [r.code for r in ruleset.levels[level].requirements]
        if fmt == "xlsx":
            title = f"{ruleset.levels[level].training} · {ruleset.source} · per {as_of.isoformat()}"
            write_xlsx(results, codes, str(output), title)
            return
        chunks = json_chunks(results) if fmt == "json" else iter([csv_text(results, codes)])
        if output:
            with output.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(chunks)
        else:
            self.stdout.ending = ""  # the document exactly as built, no newline added per piece
            for chunk in chunks:
                self.stdout.write(chunk)
