"""The employee import as a background job with progress (the same function runs inline in tests)."""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.jobs import ExportFile, Progress, export_queue, export_work
from bangkom.core.models import Job, JobStatus
from bangkom.core.services import JOB_STARTERS, job_create, job_fail, job_progress, job_start, job_succeed
from bangkom.core.uploads import upload_on_disk

from . import selectors
from .export import employees_xlsx
from .importer import ImportFileError, import_file, reduced_copy
from .selectors import EmployeeFilter

logger = logging.getLogger(__name__)
IMPORT_JOB = "people.import"
EXPORT_JOB = "people.export"
EXPORT_PERMISSION = "people.export_employees"


def employee_export_queue(*, actor: User, filters: EmployeeFilter) -> Job:
    """Start the XLSX of the list `filters` selects (or join the same one still running): at a
    province's size it is hundreds of thousands of rows, so the page only starts it."""
    require_permission(actor, EXPORT_PERMISSION)
    params = {"filters": dataclasses.asdict(filters)}
    return export_queue(actor=actor, kind=EXPORT_JOB, title=_("Ekspor data pegawai (XLSX)"), params=params)


@export_work(EXPORT_JOB)
def _employee_export(actor: User, params: dict[str, Any], progress: Progress) -> ExportFile:
    require_permission(actor, EXPORT_PERMISSION)
    employees = selectors.employee_list(actor, selectors.EmployeeFilter(**params["filters"]))
    total = employees.count()
    message = _("Menulis baris pegawai…")
    progress(0, total, message)
    handle, rows = employees_xlsx(
        employees.select_related(*selectors.REFERENCE_FIELDS), progress=lambda done: progress(done, total, message)
    )
    return ExportFile(f"pegawai-{timezone.localdate():%Y%m%d}.xlsx", handle, rows)


def import_job_run(job: Job) -> None:
    if job.status != JobStatus.QUEUED:  # stalled or cancelled while it waited: nothing to do
        logger.warning("Import job %s is %s, not queued; skipped", job.pk, job.status)
        return
    job_start(job=job, total=0)
    try:
        outcome = import_file(
            Path(job.input_file.path),
            actor=job.created_by,
            progress=lambda done, message: job_progress(job=job, done=done, message=message),
            reason=_("Impor berkas %(name)s") % {"name": job.input_name},
        )
    except ImportFileError as error:
        job_fail(job=job, result={"errors": []}, message=str(error))
        return
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job_fail(
            job=job,
            result={"errors": []},
            message=_("Terjadi kesalahan sistem; tidak ada data yang disimpan. Hubungi administrator."),
        )
        return
    job.total = outcome.total
    if not outcome.ok:
        job_fail(
            job=job,
            result={"errors": [e.as_dict() for e in outcome.errors], "error_count": outcome.error_count},
            message=_("%(n)d kesalahan ditemukan; tidak ada data yang diimpor.") % {"n": outcome.error_count},
        )
        return
    assert outcome.summary is not None
    job_succeed(
        job=job,
        result={"summary": outcome.summary.as_dict()},
        message=_("%(n)d baris diimpor.") % {"n": outcome.total},
    )


@task()
def import_employees_task(job_id: int) -> None:
    import_job_run(Job.objects.select_related("created_by").get(pk=job_id))


def import_job_start(*, actor: User, upload: UploadedFile) -> Job:
    """Keep only the reduced copy of the upload (the used columns, see `importer.reduced_copy`) as
    the job's file and run it: inline for a small file, in the worker for a large one. A file without
    the required columns or rows is refused before a job exists."""
    require_permission(actor, "people.import_employees")
    with tempfile.NamedTemporaryFile("w+", suffix=".csv", encoding="utf-8", newline="") as reduced:
        with upload_on_disk(upload) as path:
            reduced_copy(path, reduced)
        reduced.flush()
        job = job_create(actor=actor, kind=IMPORT_JOB, input_name=(upload.name or "")[:255])
        with open(reduced.name, "rb") as handle:
            job.input_file.save(f"import-{job.pk}.csv", File(handle), save=True)
    import_job_enqueue(job, background=(upload.size or 0) >= settings.IMPORT_BACKGROUND_BYTES)
    return job


def import_job_enqueue(job: Job, *, background: bool) -> None:
    if background:
        transaction.on_commit(lambda: import_employees_task.enqueue(job.pk))
    else:
        import_job_run(job)


JOB_STARTERS[IMPORT_JOB] = lambda job: import_job_enqueue(job, background=True)
