"""Reads the candidates file of the `screen` command (a public contract: keep it stable).

Every bad value is reported as `baris N, kolom K, nilai 'V': why`; a file with any bad row yields
no candidates at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TextIO

from .model import Candidate
from .vocabulary import EDUCATION_RANK, ENGLISH_TESTS, ESELON, GOLONGAN, NO, POSITION_KINDS, SKP, YES

COLUMNS = (
    "nip", "nama", "tanggal_lahir", "golongan", "jenis_jabatan", "eselon", "tmt_jabatan", "pendidikan",
    "konversi_pendidikan", "skp", "usul_opd", "rekomendasi_baperjakat", "tes_inggris", "skor_inggris",
    "nilai_pengetahuan", "nilai_potensi", "nilai_fisik_mental", "nilai_bahasa_inggris", "bup",
)  # fmt: skip
SCORE_COLUMNS = ("nilai_pengetahuan", "nilai_potensi", "nilai_fisik_mental", "nilai_bahasa_inggris")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
GOLONGAN_BY_TEXT = {code.lower(): code for code in GOLONGAN}
ESELON_BY_TEXT = {code.lower(): code for code in ESELON}
EDUCATION_BY_TEXT = {code.lower(): code for code in EDUCATION_RANK}
TEST_BY_TEXT = {code.lower(): code for code in ENGLISH_TESTS}
SCORE_MIN, SCORE_MAX = Decimal(10), Decimal(100)


@dataclass(frozen=True, slots=True)
class InputError:
    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"baris {self.line}, kolom {self.column}, nilai '{self.value}': {self.reason}"


class _Row:
    """One row's values by column name, collecting the errors of its cells."""

    __slots__ = ("errors", "line", "values")

    def __init__(self, line: int, values: dict[str, str], errors: list[InputError]) -> None:
        self.line, self.values, self.errors = line, values, errors

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(InputError(self.line, column, self.values[column], reason))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.values[column]
        if required and not value:
            self.fail(column, "wajib diisi")
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        match = ISO_DATE.fullmatch(value)
        try:
            if match is None:
                raise ValueError
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            self.fail(column, "bukan tanggal yang sah dengan format YYYY-MM-DD")
            return None

    def code(self, column: str, lookup: dict[str, str], *, required: bool = True) -> str | None:
        value = self.text(column, required=required)
        if not value:
            return None
        found = lookup.get(value.lower())
        if found is None:
            self.fail(column, f"kode tidak dikenal; pilihan: {', '.join(dict.fromkeys(lookup.values()))}")
        return found

    def yes_no(self, column: str) -> bool:
        value = self.values[column].lower()
        if value not in (YES, NO, ""):
            self.fail(column, f"harus {YES} atau {NO}")
        return value == YES

    def number(self, column: str, *, low: Decimal | None = None, high: Decimal | None = None) -> Decimal | None:
        value = self.values[column]
        if not value:
            return None
        try:
            number = Decimal(value.replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.fail(column, "bukan angka")
            return None
        if low is not None and high is not None and not low <= number <= high:
            self.fail(column, f"harus {low}–{high}")
            return None
        if number < 0:
            self.fail(column, "tidak boleh negatif")
            return None
        return number


def _candidate(row: _Row, seen: dict[str, int]) -> Candidate | None:
    before = len(row.errors)
    nip = row.text("nip", required=True)
    birth = row.date("tanggal_lahir", required=True)
    if nip:
        if len(nip) != 18 or not nip.isdigit():
            row.fail("nip", f"NIP harus 18 angka (berisi {len(nip)} karakter)")
        elif birth is not None and nip[:8] != birth.strftime("%Y%m%d"):
            row.fail("nip", f"8 angka pertama NIP ({nip[:8]}) tidak sama dengan tanggal_lahir ({birth.isoformat()})")
        if nip in seen:
            row.fail("nip", f"NIP ganda, sudah ada di baris {seen[nip]}")
        else:
            seen[nip] = row.line
    name = row.text("nama", required=True)
    golongan = row.code("golongan", GOLONGAN_BY_TEXT)
    kind = row.code("jenis_jabatan", {k: k for k in POSITION_KINDS})
    eselon = row.code("eselon", ESELON_BY_TEXT, required=False)
    tmt = row.date("tmt_jabatan")
    education = row.code("pendidikan", EDUCATION_BY_TEXT)
    conversion = row.yes_no("konversi_pendidikan")
    skp = row.code("skp", {k: k for k in SKP} | {k.replace("_", " "): k for k in SKP})
    proposed = row.yes_no("usul_opd")
    baperjakat = row.yes_no("rekomendasi_baperjakat")
    test = row.code("tes_inggris", TEST_BY_TEXT, required=False)
    english_score = row.number("skor_inggris")
    if english_score is not None and test is None and not row.values["tes_inggris"]:
        row.fail("skor_inggris", "skor diisi tanpa tes_inggris")
    scores = [row.number(column, low=SCORE_MIN, high=SCORE_MAX) for column in SCORE_COLUMNS]
    bup_text = row.values["bup"]
    bup = None
    if bup_text:
        if bup_text.isdigit() and int(bup_text) > 0:
            bup = int(bup_text)
        else:
            row.fail("bup", "harus bilangan bulat (usia dalam tahun) atau kosong")
    if len(row.errors) > before:
        return None
    assert birth is not None and golongan and kind and education and skp
    return Candidate(
        nip=nip, name=name, birth_date=birth, golongan=golongan, position_kind=kind, eselon=eselon,
        position_tmt=tmt, education=education, education_conversion=conversion, skp=skp,
        proposed_by_unit=proposed, baperjakat=baperjakat, english_test=test, english_score=english_score,
        score_knowledge=scores[0], score_potential=scores[1], score_fitness=scores[2], score_english=scores[3],
        bup=bup,
    )  # fmt: skip


def read_candidates(handle: TextIO) -> tuple[list[Candidate], list[InputError]]:
    """Candidates in file order, or every error found (then the candidate list is empty)."""
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        return [], [InputError(1, "(judul)", "", "berkas kosong: baris judul tidak ada")]
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        return [], [InputError(1, c, "", "kolom wajib tidak ada pada baris judul") for c in missing]
    positions = [(c, names.index(c)) for c in COLUMNS]
    return _read_rows(reader, positions)


def _read_rows(
    reader: Iterable[list[str]], positions: list[tuple[str, int]]
) -> tuple[list[Candidate], list[InputError]]:
    candidates: list[Candidate] = []
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        count = len(cells)
        values = {c: cells[i].strip() if i < count else "" for c, i in positions}
        candidate = _candidate(_Row(line, values, errors), seen)
        if candidate is not None:
            candidates.append(candidate)
    return ([] if errors else candidates), errors
