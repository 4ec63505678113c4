"""Sending training records to SIASN: queueing (checked and audited), sending in the background with
retries, and the export file in SIASN's fields for agencies without web-service access."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task
from openpyxl import Workbook

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_permission
from bangkom.core.errors import ServiceError, refusal_text
from bangkom.core.services import history_by
from bangkom.core.xlsx import add_table, workbook_bytes
from bangkom.people.importer import (
    ImportFileError,
    ImportSummary,
    RowValidator,
    clean_value,
    history_key,
    import_rows,
    known_history_keys,
    parse_date,
)
from bangkom.people.models import EducationHistory, Employee, RankHistory, TrainingRecord
from bangkom.people.services import HistoryRowT, history_add

from .client import SiasnClient, SiasnRefused, SiasnUnavailable
from .models import SiasnHistoryKind, SiasnSubmission, SubmissionStatus
from .payloads import COURSE_FIELDS, STRUCTURAL_FIELDS, history_kind, payload

logger = logging.getLogger(__name__)

SEND = "siasn.send_to_siasn"
IMPORT = "people.import_employees"  # the same right as importing SIASN's file
BATCH = 50  # submissions one run sends; the run queues the next while more are due
# Minutes to wait before each new attempt when SIASN cannot be reached; then it stops trying.
RETRY_MINUTES = (1, 5, 30, 120, 720)


@transaction.atomic
def submissions_queue(*, actor: User | None, records: Iterable[TrainingRecord]) -> int:
    """Queue training records for SIASN: new ones, and those refused or given up on (sent again).
    Records already sent, waiting, or whose certificate was revoked are left as they are."""
    require_permission(actor, SEND)
    records = list(records)
    require_employees_in_scope(actor, {record.employee for record in records})
    now = timezone.now()
    known = {s.training_record_id: s for s in SiasnSubmission.objects.filter(training_record__in=records)}
    queued = 0
    for record in records:
        if record.revoked_at is not None:
            continue
        submission = known.get(record.pk)
        if submission is None:
            submission = SiasnSubmission(training_record=record, history_kind=history_kind(record))
        elif not submission.may_do("resend"):  # sent, or already on its way
            continue
        submission.status, submission.message, submission.attempts = SubmissionStatus.WAITING, "", 0
        submission.next_attempt_at, submission.queued_by = now, actor
        history_by(submission, actor, _("Diantrekan ke SIASN"))
        submission.save()
        queued += 1
    if queued:
        transaction.on_commit(lambda: siasn_send_task.enqueue())
    return queued


@dataclass
class SendReport:
    sent: int = 0
    refused: int = 0
    retrying: int = 0


def submissions_send_due(*, limit: int = BATCH) -> SendReport:
    """Send the submissions that are due, oldest first: SIASN's id or its refusal is written on each;
    one SIASN could not take waits and is tried again later (RETRY_MINUTES)."""
    now = timezone.now()
    report = SendReport()
    due = list(
        SiasnSubmission.objects.filter(status=SubmissionStatus.WAITING, next_attempt_at__lte=now)
        .select_related("training_record__employee", "training_record__kind")
        .order_by("next_attempt_at", "id")[:limit]
    )
    if not due:
        return report
    try:
        client = SiasnClient()
    except SiasnUnavailable as error:  # not configured: say so on each, and stop until queued again
        SiasnSubmission.objects.filter(pk__in=[s.pk for s in due]).update(
            message=str(error)[:500], next_attempt_at=None
        )
        return report
    for submission in due:
        _send_one(client, submission, now, report)
    if len(due) == limit:
        transaction.on_commit(lambda: siasn_send_task.enqueue())
    _queue_next_retry()
    return report


def _send_one(client: SiasnClient, submission: SiasnSubmission, now: dt.datetime, report: SendReport) -> None:
    record = submission.training_record
    submission.attempts += 1
    if not record.employee.siasn_id:
        submission.status, submission.next_attempt_at = SubmissionStatus.REFUSED, None
        submission.message = _("PNS ID SIASN pegawai %(nip)s belum diisi di Bangkom; isi dulu, lalu kirim ulang.") % {
            "nip": record.employee.nip
        }
        report.refused += 1
    else:
        body = payload(record)
        try:
            siasn_id = (
                client.save_structural(body)
                if submission.history_kind == SiasnHistoryKind.STRUCTURAL
                else client.save_course(body)
            )
        except SiasnRefused as error:
            submission.status, submission.next_attempt_at = SubmissionStatus.REFUSED, None
            submission.message = str(error)[:500]
            report.refused += 1
        except SiasnUnavailable as error:
            if submission.attempts > len(RETRY_MINUTES):
                submission.next_attempt_at = None
                submission.message = _("%(error)s Berhenti mencoba setelah %(n)d kali; kirim ulang nanti.") % {
                    "error": error,
                    "n": submission.attempts,
                }
            else:
                wait = RETRY_MINUTES[submission.attempts - 1]
                submission.next_attempt_at = now + dt.timedelta(minutes=wait)
                submission.message = _("%(error)s Dicoba lagi %(when)s.") % {
                    "error": error,
                    "when": f"{timezone.localtime(submission.next_attempt_at):%d-%m-%Y %H:%M}",
                }
            report.retrying += 1
        else:
            submission.status, submission.siasn_id, submission.sent_at = SubmissionStatus.SENT, siasn_id, now
            submission.message, submission.next_attempt_at = "", None
            report.sent += 1
    history_by(submission, None)
    submission.save()


def _queue_next_retry() -> None:
    """Wake the sender when the next retry is due, where the task backend can wait (database, RQ)."""
    upcoming = (
        SiasnSubmission.objects.filter(status=SubmissionStatus.WAITING, next_attempt_at__gt=timezone.now())
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if upcoming is not None and default_task_backend.supports_defer:
        transaction.on_commit(lambda: siasn_send_task.using(run_after=upcoming).enqueue())


@task()
def siasn_send_task() -> None:
    report = submissions_send_due()
    logger.info("SIASN: %s sent, %s refused, %s to retry", report.sent, report.refused, report.retrying)


# --- The export file (agencies without web-service access) ------------------------------------------


def submissions_export(*, actor: User | None, records: Iterable[TrainingRecord]) -> bytes:
    """A workbook with one sheet per SIASN history (RwKursus, RwDiklat), one row per record in SIASN's
    own fields and formats, the NIP and name first so that a person can check it."""
    require_permission(actor, SEND)
    course, structural = [], []
    for record in records:
        body = payload(record)
        if history_kind(record) == SiasnHistoryKind.STRUCTURAL:
            structural.append([record.employee.nip, record.employee.full_name, *(body[f] for f in STRUCTURAL_FIELDS)])
        else:
            course.append([record.employee.nip, record.employee.full_name, *(body[f] for f in COURSE_FIELDS)])
    workbook = Workbook(write_only=True)
    lead = ("nipBaru", "nama")
    add_table(workbook, "RwKursus", [*lead, *COURSE_FIELDS], [_cells(row) for row in course])
    add_table(workbook, "RwDiklat", [*lead, *STRUCTURAL_FIELDS], [_cells(row) for row in structural])
    return workbook_bytes(workbook)


def _cells(row: list[object]) -> list[object]:
    """A list (SIASN's `path`) or None as the text SIASN's own import reads."""
    return ["" if value is None else ("" if value == [] else value) for value in row]


# --- Employee data from SIASN by NIP -------------------------------------------------------------------

# SIASN's main data (pns.DataUtamaResponse) -> the columns of its "Export Data ASN" file, so that the
# registry is updated by the importer's own checks and writes (people.importer), as a file row would.
MAIN_DATA_COLUMNS = {
    "pns_id": "id",
    "nip_baru": "nipBaru",
    "nama": "nama",
    "gelar_depan": "gelarDepan",
    "gelar_belakang": "gelarBelakang",
    "tempat_lahir_nama": "tempatLahir",
    "tanggal_lahir": "tglLahir",
    "jenis_kelamin": "jenisKelamin",
    "email_gov": "emailGov",
    "jenis_pegawai_nama": "jenisPegawaiNama",
    "kedudukan_hukum_id": "kedudukanPnsId",
    "status_cpns_pns": "statusPegawai",
    "tmt_cpns": "tmtCpns",
    "tmt_pns": "tmtPns",
    "gol_akhir_id": "golRuangAkhirId",
    "tmt_golongan": "tmtGolAkhir",
    "jenis_jabatan_id": "jenisJabatanId",
    "jabatan_id": "jabatanFungsionalId",
    "jabatan_nama": "jabatanNama",
    "tmt_jabatan": "tmtJabatan",
    "eselon_id": "eselonId",
    "tingkat_pendidikan_id": "tkPendidikanTerakhirId",
    "pendidikan_nama": "pendidikanTerakhirNama",
    "tahun_lulus": "tahunLulus",
    "unor_id": "unorId",
    "unor_nama": "unorNama",
}


@transaction.atomic
def employee_from_siasn(*, actor: User | None, nip: str) -> ImportSummary:
    """Read one civil servant's main data from SIASN and write it into the registry exactly as a row of
    SIASN's export file would be (new employee, or current data updated and histories appended), all
    or nothing. An operator may update only the employees of their units."""
    require_permission(actor, IMPORT)
    nip = nip.strip()
    existing = Employee.objects.filter(nip=nip).select_related("unit").first()
    if existing is not None:
        require_employees_in_scope(actor, [existing])
    try:
        client = SiasnClient()
        data = client.main_data(nip)
        ranks, educations = client.rank_history(nip), client.education_history(nip)
    except (SiasnRefused, SiasnUnavailable) as error:
        raise ServiceError(_("Data utama NIP %(nip)s dari SIASN: %(error)s") % {"nip": nip, "error": error}) from None
    raw = {column: clean_value(data.get(field)) for column, field in MAIN_DATA_COLUMNS.items()}
    if raw["nip_baru"] != nip:
        raise ServiceError(
            _("SIASN menjawab NIP %(got)s untuk permintaan NIP %(nip)s; tidak disimpan.")
            % {"got": raw["nip_baru"] or "-", "nip": nip}
        )
    row, errors = RowValidator(timezone.localdate()).validate(1, raw)
    if errors or row is None:
        raise ServiceError(
            _("Data SIASN NIP %(nip)s tidak disimpan: %(problems)s")
            % {"nip": nip, "problems": "; ".join(f"{e.column} {e.value!r}: {e.reason}" for e in errors)}
        )
    try:
        summary = import_rows([row], actor=actor, reason=_("Data utama SIASN"))
    except ImportFileError as error:
        raise ServiceError(str(error)) from None
    employee = Employee.objects.select_related("unit").get(nip=nip)
    if existing is None and actor is not None:
        # A new employee lands in the unit SIASN names: one the operator covers, or nothing is kept.
        require_employees_in_scope(actor, [employee])
    summary.histories += _append_histories(actor, employee, ranks, educations)
    return summary


def _append_histories(
    actor: User | None, employee: Employee, ranks: list[dict[str, Any]], educations: list[dict[str, Any]]
) -> int:
    """SIASN's rank and education histories: each row the registry lacks is added through the page's
    own service (checked, audited); a row that breaks a rule stops the whole update, naming it."""
    known = known_history_keys([employee.pk])
    rank_rows = [
        (item, RankHistory(
            employee=employee, golongan_id=_number(item, "golonganId"), tmt=_day(item, "tmtGolongan"),
            sk_number=clean_value(item.get("skNomor"))[:100], sk_date=_optional_day(item, "skTanggal"),
        ))
        for item in ranks
    ]  # fmt: skip
    education_rows = [
        (item, EducationHistory(
            employee=employee, level_id=clean_value(item.get("tkPendidikanId")),
            major=clean_value(item.get("pendidikanNama"))[:200], institution=clean_value(item.get("namaSekolah"))[:200],
            graduation_year=_number(item, "tahunLulus"),
        ))
        for item in educations
    ]  # fmt: skip
    added = sum(_append_one(actor, known, item, row) for item, row in rank_rows)
    return added + sum(_append_one(actor, known, item, row) for item, row in education_rows)


def _append_one(actor: User | None, known: set[tuple[Any, ...]], item: dict[str, Any], row: HistoryRowT) -> bool:
    if history_key(row) in known:
        return False
    try:
        history_add(actor=actor, row=row)
    except ValidationError as error:
        raise ServiceError(
            _("Riwayat dari SIASN %(row)s tidak disimpan: %(reason)s")
            % {"row": json.dumps(item, ensure_ascii=False)[:300], "reason": refusal_text(error)}
        ) from None
    known.add(history_key(row))
    return True


def _number(item: dict[str, Any], field: str) -> int:
    text = clean_value(item.get(field))
    if not text.isdigit() or len(text) > 6:
        raise ServiceError(_("SIASN mengirim %(field)s %(value)r: bukan angka.") % {"field": field, "value": text[:20]})
    return int(text)


def _day(item: dict[str, Any], field: str) -> dt.date:
    text = clean_value(item.get(field))
    try:
        return parse_date(text)
    except ValueError:
        raise ServiceError(
            _("SIASN mengirim %(field)s %(value)r: bukan tanggal dd-mm-yyyy.") % {"field": field, "value": text[:20]}
        ) from None


def _optional_day(item: dict[str, Any], field: str) -> dt.date | None:
    return _day(item, field) if clean_value(item.get(field)) else None
