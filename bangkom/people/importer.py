"""Import of employees from the SIASN "Export Data ASN" CSV or an XLSX with the same columns.

The whole file is validated first; if any row is bad nothing is imported and every bad row is
reported with its line, column, value and reason. A good file is read again and written in batches
inside one transaction (memory flat in the file's size; a failure undoes the whole file): employees
matched by NIP are updated, new ones created, and history rows appended (never replaced).
Rows are checked here explicitly (the same rules as the models' clean()) instead of calling
full_clean() per object, which would make a 100,000-row file take minutes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from bangkom.accounts.models import User
from bangkom.core.bulk import bulk_insert_with_history
from bangkom.core.errors import RowError
from bangkom.core.uploads import XLSX_MIME, ZIP_MIME, detect_type

from .figures import figures_rebuild
from .models import (
    EducationHistory,
    EducationLevel,
    Employee,
    EmployeeType,
    Eselon,
    FunctionalPosition,
    Gender,
    Golongan,
    LegalStatus,
    PositionHistory,
    PositionKind,
    RankHistory,
    Unit,
    UnitKind,
    kind_for_eselon,
)
from .nip import NipError, nip_mismatches, parse_nip
from .reference import DATA_DIR, read_csv
from .services import EMPLOYEE_EDITABLE_FIELDS, apply_current, current_from_rows, education_ranks, unit_create
from .signals import registry_bulk_written

logger = logging.getLogger(__name__)

SIASN_COLUMNS = (
    "pns_id",
    "nip_baru",
    "nip_lama",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir_id",
    "tempat_lahir_nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "agama_id",
    "agama_nama",
    "jenis_kawin_id",
    "jenis_kawin_nama",
    "nik",
    "nomor_hp",
    "email",
    "email_gov",
    "alamat",
    "npwp_nomor",
    "bpjs",
    "jenis_pegawai_id",
    "jenis_pegawai_nama",
    "kedudukan_hukum_id",
    "kedudukan_hukum_nama",
    "status_cpns_pns",
    "kartu_asn_virtual",
    "nomor_sk_cpns",
    "tanggal_sk_cpns",
    "tmt_cpns",
    "nomor_sk_pns",
    "tanggal_sk_pns",
    "tmt_pns",
    "gol_awal_id",
    "gol_awal_nama",
    "gol_akhir_id",
    "gol_akhir_nama",
    "tmt_golongan",
    "mk_tahun",
    "mk_bulan",
    "jenis_jabatan_id",
    "jenis_jabatan_nama",
    "jabatan_id",
    "jabatan_nama",
    "tmt_jabatan",
    "tingkat_pendidikan_id",
    "tingkat_pendidikan_nama",
    "pendidikan_id",
    "pendidikan_nama",
    "tahun_lulus",
    "kpkn_id",
    "kpkn_nama",
    "lokasi_kerja_id",
    "lokasi_kerja_nama",
    "unor_id",
    "unor_nama",
    "instansi_induk_id",
    "instansi_induk_nama",
    "instansi_kerja_id",
    "instansi_kerja_nama",
    "satuan_kerja_induk_id",
    "satuan_kerja_induk_nama",
    "satuan_kerja_kerja_id",
    "satuan_kerja_kerja_nama",
    "is_valid_nik",
)
REQUIRED_COLUMNS = ("nip_baru", "nama", "tanggal_lahir", "jenis_kelamin", "unor_id", "unor_nama")
# Not in every SIASN export; used when present.
OPTIONAL_COLUMNS = ("nama_sekolah", "eselon_id")

# The columns Bangkom keeps; the rest (NIK, phone, address, NPWP ...) are never read or stored.
USED_COLUMNS = frozenset(
    {
        "pns_id",
        "nip_baru",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "tempat_lahir_nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "email_gov",
        "jenis_pegawai_nama",
        "kedudukan_hukum_id",
        "status_cpns_pns",
        "tmt_cpns",
        "tmt_pns",
        "gol_akhir_id",
        "tmt_golongan",
        "jenis_jabatan_id",
        "jabatan_id",
        "jabatan_nama",
        "tmt_jabatan",
        "tingkat_pendidikan_id",
        "pendidikan_nama",
        "tahun_lulus",
        "unor_id",
        "unor_nama",
        *OPTIONAL_COLUMNS,
    }
)

MALE = {"M", "L", "1", "PRIA", "LAKI-LAKI", "LAKI LAKI"}
FEMALE = {"F", "P", "2", "WANITA", "PEREMPUAN"}
STRUCTURAL, FUNCTIONAL, DUAL, GENERAL = "1", "2", "3", "4"
# What an import may change on an existing employee: the editable fields except a BUP ruling,
# which only comes from a decree entered by hand.
EMPLOYEE_FIELDS = (
    "siasn_id",
    *(
        getattr(Employee._meta.get_field(name), "attname", name)
        for name in EMPLOYEE_EDITABLE_FIELDS
        if name != "bup_override"
    ),
)

Progress = Callable[[int, str], None]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


@dataclass
class ParsedRow:
    line: int
    nip: str
    employee: dict[str, Any]
    unor_id: str
    unor_name: str
    rank: tuple[int, dt.date, str] | None = None
    position: dict[str, Any] | None = None
    education: dict[str, Any] | None = None


@dataclass
class ValidationResult:
    errors: list[RowError]  # at most MAX_REPORTED_ERRORS
    total: int
    error_count: int = 0  # every error, reported or not


# A report longer than this helps nobody: the first errors show what is wrong with the file. Past
# it, errors are only counted, so a large file of bad rows keeps memory flat.
MAX_REPORTED_ERRORS = 5000


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    histories: int = 0
    units_created: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "histories": self.histories,
            "units_created": self.units_created,
        }


# --- Reading ---------------------------------------------------------------------------------


def clean_value(value: Any) -> str:
    """SIASN values may carry a leading apostrophe (Excel text marker) and the literal `null`."""
    if isinstance(value, str):
        text = value.strip()
    elif value is None:
        return ""
    elif isinstance(value, dt.date):  # XLSX date cells (datetime is a date too)
        return value.strftime("%d-%m-%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return "" if text.lower() == "null" else text


def _check_header(header: list[Any]) -> list[tuple[int, str]]:
    """The (position, name) of each column the importer uses; refuses a header without the required ones."""
    names = [clean_value(h).lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise ImportFileError(_("Kolom wajib tidak ada pada baris judul: %(cols)s.") % {"cols": ", ".join(missing)})
    return [(index, name) for index, name in enumerate(names) if name in USED_COLUMNS]


def _pick(columns: list[tuple[int, str]], values: Any) -> dict[str, str]:
    count = len(values)
    return {name: clean_value(values[i]) if i < count else "" for i, name in columns}


def _csv_rows(handle: IO[bytes]) -> Iterator[tuple[int, dict[str, str]]]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
    first = text.readline()
    if not first.strip():
        raise ImportFileError(_("Berkas kosong: baris judul tidak ditemukan."))
    delimiter = max((",", ";", "|", "\t"), key=first.count)
    header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    columns = _check_header(header)
    names = [clean_value(h).lower() for h in header]
    original_line = names.index(LINE_COLUMN) if LINE_COLUMN in names else None
    for line, values in enumerate(csv.reader(text, delimiter=delimiter), start=2):
        if not any(v.strip() for v in values):
            continue
        if original_line is not None and original_line < len(values) and values[original_line].isdigit():
            line = int(values[original_line])
        yield line, _pick(columns, values)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    handle = path.open("rb")
    try:
        # From the open file: openpyxl judges a path by its extension, and an upload's temporary copy
        # has none of its own (the content already showed it is a workbook).
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds, in English, for a damaged file
        handle.close()
        logger.info("Unreadable XLSX upload %s", path.name, exc_info=True)
        raise ImportFileError(
            _(
                "Berkas XLSX tidak dapat dibaca: berkas rusak atau bukan buku kerja Excel. Simpan ulang dari Excel "
                "sebagai .xlsx lalu unggah kembali."
            )
        ) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("Berkas kosong: baris judul tidak ditemukan."))
        columns = _check_header(list(header))
        for line, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            yield line, _pick(columns, values)
    finally:
        workbook.close()
        handle.close()


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV or XLSX file (decided by content), as (line number, column -> clean text)."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if detect_type(head) in (ZIP_MIME, XLSX_MIME):
        yield from _xlsx_rows(path)
        return
    if b"\x00" in head:
        raise ImportFileError(_("Berkas bukan CSV atau XLSX."))
    with path.open("rb") as handle:
        yield from _csv_rows(handle)


# The uploaded file keeps NIK, telephone, address, NPWP and BPJS numbers that Bangkom does not keep;
# only a reduced copy (the used columns and each row's line in the original) is ever stored.
LINE_COLUMN = "baris_asal"


def reduced_copy(path: Path, target: IO[str]) -> int:
    """Write the used columns of a SIASN CSV or XLSX as CSV, each row with its original line number
    (so that error reports still name the agency's own file); returns the number of rows. A file
    without the required columns or without rows is refused here, before anything is stored."""
    writer = None
    rows = 0
    columns: list[str] = []
    for line, raw in read_rows(path):
        if writer is None:
            columns = sorted(raw)
            writer = csv.writer(target)
            writer.writerow([LINE_COLUMN, *columns])
        writer.writerow([line, *(raw[c] for c in columns)])
        rows += 1
    if writer is None:
        raise ImportFileError(_("Berkas tidak berisi baris data."))
    return rows


# --- Validation ------------------------------------------------------------------------------


DAY_FIRST = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")
YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> dt.date:
    """dd-mm-yyyy (SIASN), dd/mm/yyyy or yyyy-mm-dd; raises ValueError otherwise.
    (A regex, not strptime: this runs for five columns of every row of a 100,000-row file.)"""
    if match := DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    elif match := YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise ValueError(text)
    return dt.date(int(year), int(month), int(day))


@dataclass(frozen=True)
class StructuralTitle:
    pattern: re.Pattern[str]
    eselon_id: str


def structural_titles() -> list[StructuralTitle]:
    return [
        StructuralTitle(re.compile(r["pattern"], re.IGNORECASE), r["eselon_id"])
        for r in read_csv(DATA_DIR / "structural_titles.csv")
    ]


class RowValidator:
    """Checks one row at a time against the reference data loaded once."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.golongan = set(Golongan.objects.values_list("id", flat=True))
        self.eselon = set(Eselon.objects.values_list("id", flat=True))
        self.education = set(EducationLevel.objects.values_list("id", flat=True))
        self.legal_status = set(LegalStatus.objects.values_list("id", flat=True))
        self.functional_by_id = set(FunctionalPosition.objects.values_list("id", flat=True))
        self.functional_by_name = {
            name.lower(): pk for pk, name in FunctionalPosition.objects.values_list("id", "name")
        }
        self.titles = structural_titles()
        self.seen_nips: dict[str, int] = {}

    def validate(self, line: int, raw: dict[str, str]) -> tuple[ParsedRow | None, list[RowError]]:
        errors: list[RowError] = []

        def error(column: str, reason: str) -> None:
            errors.append(RowError(line, column, raw.get(column, ""), reason))

        def date(column: str, *, required: bool = False) -> dt.date | None:
            text = raw.get(column, "")
            if not text:
                if required:
                    error(column, _("wajib diisi"))
                return None
            try:
                value = parse_date(text)
            except ValueError:
                error(column, _("bukan tanggal dengan format dd-mm-yyyy"))
                return None
            if value > self.today:
                error(column, _("tanggal di masa depan"))
                return None
            return value

        is_pppk = (
            "PPPK" in raw.get("jenis_pegawai_nama", "").upper() or raw.get("status_cpns_pns", "").upper() == "PPPK"
        )
        nip = raw.get("nip_baru", "")
        parts = None
        if not nip:
            error("nip_baru", _("wajib diisi"))
        else:
            try:
                parts = parse_nip(nip, is_pppk=is_pppk)
            except NipError as problem:
                error("nip_baru", str(problem))
            if nip in self.seen_nips:
                error("nip_baru", _("NIP sudah muncul di baris %(line)d") % {"line": self.seen_nips[nip]})
            else:
                self.seen_nips[nip] = line

        name = raw.get("nama", "")
        if not name:
            error("nama", _("wajib diisi"))
        elif len(name) > 150:
            error("nama", _("lebih dari 150 karakter"))

        birth_date = date("tanggal_lahir", required=True)
        gender_text = raw.get("jenis_kelamin", "").upper()
        gender = Gender.MALE if gender_text in MALE else Gender.FEMALE if gender_text in FEMALE else None
        if gender is None:
            error("jenis_kelamin", _("harus M/L (laki-laki) atau F/P (perempuan)"))
        if parts is not None:
            agrees = nip_mismatches(parts, birth_date=birth_date, gender=None)
            for reason in agrees:
                error("tanggal_lahir", reason)
            for reason in nip_mismatches(parts, birth_date=None, gender=gender):
                error("jenis_kelamin", reason)

        legal_status = raw.get("kedudukan_hukum_id", "")
        if legal_status and legal_status.zfill(2) not in self.legal_status:
            error("kedudukan_hukum_id", _("kode kedudukan hukum tidak dikenal"))
        unor_id, unor_name = raw.get("unor_id", ""), raw.get("unor_nama", "")
        if not unor_id and not unor_name:
            error("unor_nama", _("unit organisasi wajib diisi (unor_id atau unor_nama)"))
        elif len(unor_name) > 200 or len(unor_id) > 64:
            error("unor_nama" if len(unor_name) > 200 else "unor_id", _("terlalu panjang"))

        rank = self._rank(raw, date, error)
        position = self._position(raw, date, error)
        education = self._education(raw, error)
        tmt_cpns = date("tmt_cpns")
        tmt_pns = date("tmt_pns")
        if errors:
            return None, errors
        employee = {
            "siasn_id": raw.get("pns_id", "")[:64],
            "employee_type": EmployeeType.PPPK if is_pppk else EmployeeType.PNS,
            "front_title": raw.get("gelar_depan", "")[:40],
            "name": name,
            "back_title": raw.get("gelar_belakang", "")[:80],
            "birth_place": raw.get("tempat_lahir_nama", "")[:100],
            "birth_date": birth_date,
            "gender": gender,
            "legal_status_id": legal_status.zfill(2) if legal_status else None,
            "tmt_cpns": tmt_cpns,
            "tmt_pns": tmt_pns,
            "email": raw.get("email_gov", "")[:254],
        }
        return ParsedRow(line, nip, employee, unor_id, unor_name, rank, position, education), []

    def _rank(self, raw: dict[str, str], date: Callable[..., Any], error: Callable[[str, str], None]) -> Any:
        text = raw.get("gol_akhir_id", "")
        if not text:
            return None
        if not text.isdigit() or int(text) not in self.golongan:
            error("gol_akhir_id", _("kode golongan tidak dikenal (11–45)"))
            return None
        tmt = date("tmt_golongan", required=True)
        return (int(text), tmt, "") if tmt else None

    def _position(self, raw: dict[str, str], date: Callable[..., Any], error: Callable[[str, str], None]) -> Any:
        kind = raw.get("jenis_jabatan_id", "")
        if not kind:
            return None
        if kind not in (STRUCTURAL, FUNCTIONAL, DUAL, GENERAL):
            error(
                "jenis_jabatan_id", _("harus 1 (struktural), 2 (fungsional tertentu), 3 (rangkap) atau 4 (pelaksana)")
            )
            return None
        name = raw.get("jabatan_nama", "")
        if not name:
            error("jabatan_nama", _("wajib diisi bila jenis_jabatan_id diisi"))
        tmt = date("tmt_jabatan", required=True)
        eselon_id = None
        functional_id = None
        if kind in (STRUCTURAL, DUAL):
            eselon_id = raw.get("eselon_id", "")
            if eselon_id and eselon_id not in self.eselon:
                error("eselon_id", _("kode eselon tidak dikenal"))
                return None
            if not eselon_id:
                eselon_id = next((t.eselon_id for t in self.titles if t.pattern.search(name)), None)
            if not eselon_id:
                error("jabatan_nama", _("eselon jabatan struktural tidak dapat ditentukan; isi kolom eselon_id"))
                return None
            kind_code = kind_for_eselon(eselon_id)
        elif kind == FUNCTIONAL:
            kind_code = PositionKind.FUNGSIONAL
            jabatan_id = raw.get("jabatan_id", "")
            functional_id = (
                jabatan_id if jabatan_id in self.functional_by_id else self.functional_by_name.get(name.lower())
            )
        else:
            kind_code = PositionKind.PELAKSANA
        if not name or tmt is None:
            return None
        return {
            "name": name[:200],
            "kind_id": kind_code,
            "eselon_id": eselon_id,
            "functional_position_id": functional_id,
            "tmt": tmt,
        }

    def _education(self, raw: dict[str, str], error: Callable[[str, str], None]) -> Any:
        level = raw.get("tingkat_pendidikan_id", "")
        if not level:
            return None
        level = level.zfill(2)
        if level not in self.education:
            error("tingkat_pendidikan_id", _("kode tingkat pendidikan tidak dikenal"))
            return None
        year_text = raw.get("tahun_lulus", "")
        if not year_text.isdigit() or not 1940 <= int(year_text) <= self.today.year:
            error("tahun_lulus", _("tahun lulus harus angka 1940–%(year)d") % {"year": self.today.year})
            return None
        return {
            "level_id": level,
            "major": raw.get("pendidikan_nama", "")[:200],
            "institution": raw.get("nama_sekolah", "")[:200],
            "graduation_year": int(year_text),
        }


def validate_file(
    path: Path, *, progress: Progress | None = None, every: int = 1000, max_errors: int = MAX_REPORTED_ERRORS
) -> ValidationResult:
    """Check every row of the streamed file, keeping no row: a good file is read again to be written
    (`valid_rows`), so memory does not grow with its size. Errors are kept up to `max_errors` and
    counted after."""
    validator = RowValidator(timezone.localdate())
    errors: list[RowError] = []
    error_count = 0
    total = 0
    for line, raw in read_rows(path):
        total += 1
        _row, row_errors = validator.validate(line, raw)
        if row_errors:
            error_count += len(row_errors)
            errors.extend(row_errors[: max(0, max_errors - len(errors))])
        if progress and total % every == 0:
            progress(total, _("Memeriksa baris %(n)d") % {"n": total})
    if total == 0:
        raise ImportFileError(_("Berkas tidak berisi baris data."))
    return ValidationResult(errors, total, error_count)


def valid_rows(path: Path, size: int) -> Iterator[list[ParsedRow]]:
    """The rows of a file that `validate_file` passed, parsed again, `size` at a time."""
    validator = RowValidator(timezone.localdate())
    chunk: list[ParsedRow] = []
    for line, raw in read_rows(path):
        row, row_errors = validator.validate(line, raw)
        if row_errors:  # the file changed since it was checked: write none of it
            first = row_errors[0]
            raise ImportFileError(
                _(
                    'Baris %(line)d berubah sejak diperiksa: kolom %(column)s, nilai "%(value)s": %(reason)s. '
                    "Impor dibatalkan; tidak ada data yang disimpan."
                )
                % {"line": line, "column": first.column, "value": first.value, "reason": first.reason}
            )
        if row is not None:
            chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- Writing ---------------------------------------------------------------------------------


def _resolve_units(rows: list[ParsedRow], summary: ImportSummary) -> dict[tuple[str, str], int]:
    """Map each (unor_id, unor_nama) to a unit; unknown units are created under the agency root."""
    keys = {(r.unor_id, r.unor_name) for r in rows}
    by_siasn = dict(Unit.objects.exclude(siasn_unor_id="").values_list("siasn_unor_id", "id"))
    by_name = {name.lower(): pk for pk, name in Unit.objects.values_list("id", "name")}
    resolved: dict[tuple[str, str], int] = {}
    root = None
    for unor_id, unor_name in sorted(keys):
        pk = by_siasn.get(unor_id) if unor_id else None
        pk = pk or by_name.get(unor_name.lower())
        if pk is None:
            root = root or Unit.objects.filter(parent=None).order_by("id").first()
            if root is None:
                raise ImportFileError(_("Belum ada unit induk (instansi); buat unit instansi lebih dulu."))
            unit = unit_create(
                code=f"SIASN-{unor_id or len(by_name) + 1}"[:40],
                name=unor_name or unor_id,
                kind=UnitKind.OPD,
                parent=root,
                siasn_unor_id=unor_id,
            )
            pk = unit.pk
            by_siasn[unor_id] = pk
            by_name[(unor_name or unor_id).lower()] = pk
            summary.units_created.append(unit.name)
        resolved[(unor_id, unor_name)] = pk
    return resolved


# Rows written per batch of an import: large enough for few round trips, small enough that a batch's
# model rows and history objects stay a few megabytes.
IMPORT_CHUNK = 2000


def _chunks(items: list[Any], size: int = 5000) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def import_rows(rows: list[ParsedRow], *, actor: User | None, reason: str) -> ImportSummary:
    """Write rows that passed validation, in one transaction (the SIASN exchange's single row)."""
    summary = ImportSummary()
    _write_rows(rows, summary, actor=actor, reason=reason)
    _registry_written()
    return summary


def _registry_written() -> None:
    figures_rebuild()  # the bulk writes bypass the signals that keep the figures
    registry_bulk_written.send(sender=Employee)


def _write_rows(rows: list[ParsedRow], summary: ImportSummary, *, actor: User | None, reason: str) -> None:
    """Write one batch of valid rows (each NIP once in the file), adding to `summary`; the caller
    holds the transaction and tells the registry once at the end."""
    units = _resolve_units(rows, summary)
    for row in rows:
        row.employee["unit_id"] = units[(row.unor_id, row.unor_name)]
    existing: dict[str, Employee] = {}
    for chunk in _chunks([r.nip for r in rows]):
        existing.update({e.nip: e for e in Employee.objects.filter(nip__in=chunk)})
    history = {"default_user": actor, "default_change_reason": reason}
    ranks = education_ranks()

    # New employees: their only history rows are the ones in this file.
    new_rows = [r for r in rows if r.nip not in existing]
    new_employees = []
    for row in new_rows:
        employee = Employee(nip=row.nip, **row.employee)
        apply_current(employee, current_from_rows(*_history_objects(row, None), ranks))
        new_employees.append(employee)
    summary.created += bulk_insert_with_history(Employee, new_employees, user=actor, reason=reason)
    by_nip = {e.nip: e for e in new_employees}

    # Existing employees: update what changed, append histories not yet recorded.
    old_rows = [r for r in rows if r.nip in existing]
    changed_fields: set[str] = set()
    changed_employees: dict[int, Employee] = {}
    for row in old_rows:
        employee = existing[row.nip]
        changed = [f for f in EMPLOYEE_FIELDS if getattr(employee, f) != row.employee[f]]
        for name in changed:
            setattr(employee, name, row.employee[name])
        if changed:
            changed_fields.update(changed)
            changed_employees[employee.pk] = employee
        by_nip[row.nip] = employee

    new_history: dict[type, list[Any]] = {RankHistory: [], PositionHistory: [], EducationHistory: []}
    known = known_history_keys([existing[r.nip].pk for r in old_rows])
    for row in rows:
        employee = by_nip[row.nip]
        for obj in _flatten(_history_objects(row, employee)):
            if history_key(obj) not in known:
                new_history[type(obj)].append(obj)
    for model, objs in new_history.items():
        bulk_insert_with_history(model, objs, user=actor, reason=reason)
        summary.histories += len(objs)

    # Current facts of existing employees may change through the appended rows.
    existing_by_id = {e.pk: e for e in existing.values()}
    touched = {obj.employee_id for objs in new_history.values() for obj in objs} & existing_by_id.keys()
    for chunk in _chunks(sorted(touched)):
        histories = _load_histories(chunk)
        for employee_id in chunk:
            employee = existing_by_id[employee_id]
            changed = apply_current(employee, current_from_rows(*histories.get(employee_id, ([], [], [])), ranks))
            if changed:
                changed_fields.update(changed)
                changed_employees[employee_id] = employee
    if changed_employees:
        now = timezone.now()
        for employee in changed_employees.values():
            employee.updated_at = now
        bulk_update_with_history(
            list(changed_employees.values()),
            Employee,
            sorted(changed_fields | {"updated_at"}),
            batch_size=1000,
            **history,
        )
    summary.updated += len(changed_employees)
    summary.unchanged += len(old_rows) - len(changed_employees)


def _history_objects(row: ParsedRow, employee: Employee | None) -> tuple[list[Any], list[Any], list[Any]]:
    link = {"employee": employee} if employee is not None else {}
    ranks = [RankHistory(golongan_id=row.rank[0], tmt=row.rank[1], **link)] if row.rank else []
    positions = [PositionHistory(unit_id=row.employee.get("unit_id"), **row.position, **link)] if row.position else []
    educations = [EducationHistory(**row.education, **link)] if row.education else []
    return ranks, positions, educations


def _flatten(groups: tuple[list[Any], ...]) -> Iterator[Any]:
    for group in groups:
        yield from group


def history_key(obj: Any) -> tuple[Any, ...]:
    if isinstance(obj, RankHistory):
        return ("rank", obj.employee_id, obj.golongan_id, obj.tmt)
    if isinstance(obj, PositionHistory):
        return ("position", obj.employee_id, obj.name, obj.tmt)
    return ("education", obj.employee_id, obj.level_id, obj.graduation_year)


def known_history_keys(employee_ids: list[int]) -> set[tuple[Any, ...]]:
    keys: set[tuple[Any, ...]] = set()
    for chunk in _chunks(employee_ids):
        keys.update(
            ("rank", *k)
            for k in RankHistory.objects.filter(employee_id__in=chunk).values_list("employee_id", "golongan_id", "tmt")
        )
        keys.update(
            ("position", *k)
            for k in PositionHistory.objects.filter(employee_id__in=chunk).values_list("employee_id", "name", "tmt")
        )
        keys.update(
            ("education", *k)
            for k in EducationHistory.objects.filter(employee_id__in=chunk).values_list(
                "employee_id", "level_id", "graduation_year"
            )
        )
    return keys


def _load_histories(employee_ids: list[int]) -> dict[int, tuple[list[Any], list[Any], list[Any]]]:
    result: dict[int, tuple[list[Any], list[Any], list[Any]]] = {}
    rows: tuple[Any, ...] = (
        RankHistory.objects.filter(employee_id__in=employee_ids),
        PositionHistory.objects.filter(employee_id__in=employee_ids),
        EducationHistory.objects.filter(employee_id__in=employee_ids),
    )
    for index, histories in enumerate(rows):
        for obj in histories:
            result.setdefault(obj.employee_id, ([], [], []))[index].append(obj)
    return result


@dataclass
class ImportOutcome:
    total: int
    errors: list[RowError]
    summary: ImportSummary | None
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_count and self.summary is not None


def import_file(
    path: Path, *, actor: User | None, progress: Progress | None = None, reason: str | None = None
) -> ImportOutcome:
    """Validate the whole file; only when every row is good, read it again and write it
    `IMPORT_CHUNK` rows at a time inside one transaction: memory stays flat in the file's size, and
    a failure in any batch undoes every batch before it (never half a file)."""
    validation = validate_file(path, progress=progress)
    if validation.error_count:
        return ImportOutcome(validation.total, validation.errors, None, validation.error_count)
    if progress:  # written before the transaction: a page polling the job sees it
        progress(validation.total, _("Menyimpan %(n)d baris") % {"n": validation.total})
    summary = ImportSummary()
    with transaction.atomic():
        for chunk in valid_rows(path, IMPORT_CHUNK):
            _write_rows(chunk, summary, actor=actor, reason=reason or _("Impor data SIASN"))
        _registry_written()
    return ImportOutcome(validation.total, [], summary)
