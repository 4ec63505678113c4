"""Reads the candidates file of the `screen` command (a public contract: keep it stable).

Every bad value is reported as `baris N, kolom K, nilai 'V': why`; a file with any bad row yields
no candidates at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TextIO

from .model import Candidate
from .vocabulary import EDUCATION_RANK, ENGLISH_TESTS, ESELON, FUNCTIONAL_LEVELS, GOLONGAN, NO, POSITION_KINDS, SKP, YES

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


class CellError(ValueError):
    """A cell value that cannot be used; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class _Invalid:
    reason: str
    text: str


def _required(text: str) -> str:
    if not text:
        raise CellError("wajib diisi")
    return text


def _date(text: str) -> dt.date:
    match = ISO_DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError("bukan tanggal yang sah dengan format YYYY-MM-DD") from None


def _code(lookup: dict[str, str]) -> Callable[[str], str]:
    choices = ", ".join(dict.fromkeys(lookup.values()))

    def parse(text: str) -> str:
        found = lookup.get(text.lower())
        if found is None:
            raise CellError(f"kode tidak dikenal; pilihan: {choices}")
        return found

    return parse


def _yes_no(text: str) -> bool:
    value = text.lower()
    if value not in (YES, NO, ""):
        raise CellError(f"harus {YES} atau {NO}")
    return value == YES


def _number(low: Decimal | None = None, high: Decimal | None = None) -> Callable[[str], Decimal]:
    def parse(text: str) -> Decimal:
        try:
            number = Decimal(text.replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise CellError("bukan angka") from None
        if low is not None and high is not None and not low <= number <= high:
            raise CellError(f"harus {low}–{high}")
        if number < 0:
            raise CellError("tidak boleh negatif")
        return number

    return parse


def _whole_years(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise CellError("harus bilangan bulat (usia dalam tahun) atau kosong")
    return int(text)


def _optional(parse: Callable[[str], object]) -> Callable[[str], object]:
    return lambda text: parse(text) if text else None


def _required_then(parse: Callable[[str], object]) -> Callable[[str], object]:
    return lambda text: parse(_required(text))


# One parser per column, in COLUMNS order (which is also the order of Candidate's fields).
PARSERS: dict[str, Callable[[str], object]] = {
    "nip": _required,  # checked further per row: 18 digits, matches the birth date, unique
    "nama": _required,
    "tanggal_lahir": _required_then(_date),
    "golongan": _required_then(_code(GOLONGAN_BY_TEXT)),
    "jenis_jabatan": _required_then(_code({k: k for k in POSITION_KINDS})),
    "eselon": _optional(_code(ESELON_BY_TEXT)),
    "tmt_jabatan": _optional(_date),
    "pendidikan": _required_then(_code(EDUCATION_BY_TEXT)),
    "konversi_pendidikan": _yes_no,
    "skp": _required_then(_code({k: k for k in SKP} | {k.replace("_", " "): k for k in SKP})),
    "usul_opd": _yes_no,
    "rekomendasi_baperjakat": _yes_no,
    "tes_inggris": _optional(_code(TEST_BY_TEXT)),
    "skor_inggris": _optional(_number()),
    **{column: _optional(_number(SCORE_MIN, SCORE_MAX)) for column in SCORE_COLUMNS},
    "bup": _optional(_whole_years),
}
# Columns a file may carry or leave out (a rule set that does not ask for them ignores them).
OPTIONAL_COLUMNS: dict[str, Callable[[str], object]] = {
    "lulus_seleksi": _yes_no,
    "jenjang_fungsional": _optional(
        _code({**{k: k for k in FUNCTIONAL_LEVELS}, **{k.replace("_", " "): k for k in FUNCTIONAL_LEVELS}})
    ),
}
# The Candidate field each optional column fills.
OPTIONAL_FIELDS = {"lulus_seleksi": "selection_passed", "jenjang_fungsional": "functional_level"}
COLUMN_ORDER = {column: index for index, column in enumerate((*COLUMNS, *OPTIONAL_COLUMNS))}
# Columns whose values are nearly all different gain nothing from remembering parsed values.
UNCACHED = {"nip", "nama"}


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
    plan: list[Column] = [(c, names.index(c), PARSERS[c], {} if c not in UNCACHED else None) for c in COLUMNS]
    optional: list[Column] = [(c, names.index(c), parse, {}) for c, parse in OPTIONAL_COLUMNS.items() if c in names]
    return _read_rows(reader, plan + optional, [OPTIONAL_FIELDS[c] for c, *_rest in optional])


def _parse(parse: Callable[[str], object], text: str) -> object:
    try:
        return parse(text)
    except CellError as error:
        return _Invalid(str(error), text)


# A column to read: its name, its index in the header, its parser and its cache of parsed values
# (None where every value differs).
Column = tuple[str, int, Callable[[str], object], dict[str, object] | None]


def _read_rows(
    reader: Iterable[list[str]],
    plan: list[Column],
    optional_fields: list[str],
) -> tuple[list[Candidate], list[InputError]]:
    candidates: list[Candidate] = []
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not "".join(cells).strip():
            continue  # a blank line
        count = len(cells)
        values: list[object] = []
        before = len(errors)
        for column, index, parse, memo in plan:
            raw = cells[index] if index < count else ""
            if memo is None:
                value = _parse(parse, raw.strip())
            else:  # remembered by the raw cell, so the common case costs one lookup
                value = memo.get(raw, memo)
                if value is memo:
                    value = memo[raw] = _parse(parse, raw.strip())
            if value.__class__ is _Invalid:
                errors.append(InputError(line, column, value.text, value.reason))  # type: ignore[attr-defined]
            values.append(value)
        _check_row(line, values, seen, errors)
        if len(errors) > before:
            errors[before:] = sorted(errors[before:], key=lambda e: COLUMN_ORDER[e.column])  # as the columns run
        elif optional_fields:  # the optional columns present, by the Candidate field each fills
            extra = dict(zip(optional_fields, values[len(COLUMNS) :], strict=True))
            candidates.append(Candidate(*values[: len(COLUMNS)], **extra))  # type: ignore[arg-type]
        else:
            candidates.append(Candidate(*values))  # type: ignore[arg-type]
    return ([] if errors else candidates), errors


def _check_row(line: int, values: list[object], seen: dict[str, int], errors: list[InputError]) -> None:
    """What depends on more than one cell: the NIP against the birth date, duplicates, score without test."""
    nip, birth = values[0], values[2]
    if isinstance(nip, str):
        if len(nip) != 18 or not nip.isdigit():
            errors.append(InputError(line, "nip", nip, f"NIP harus 18 angka (berisi {len(nip)} karakter)"))
        elif isinstance(birth, dt.date) and nip[:8] != f"{birth.year:04d}{birth.month:02d}{birth.day:02d}":
            errors.append(
                InputError(
                    line,
                    "nip",
                    nip,
                    f"8 angka pertama NIP ({nip[:8]}) tidak sama dengan tanggal_lahir ({birth.isoformat()})",
                )
            )
        if nip in seen:
            errors.append(InputError(line, "nip", nip, f"NIP ganda, sudah ada di baris {seen[nip]}"))
        else:
            seen[nip] = line
    test_index, score_index = COLUMNS.index("tes_inggris"), COLUMNS.index("skor_inggris")
    if values[score_index] is not None and values[test_index] is None:
        errors.append(InputError(line, "skor_inggris", str(values[score_index]), "skor diisi tanpa tes_inggris"))
