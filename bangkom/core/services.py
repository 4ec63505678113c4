"""Writes on background jobs: the status moves only along JOB_TRANSITIONS. A job's uploaded file is
removed when the job ends (only its report of errors stays), except when the job stalled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO, Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.core.errors import ServiceError

from . import temporal
from .models import JOB_TRANSITIONS, Correctable, Job, JobStatus, RecordProblem
from .state_machine import transition_check


def _job_move(job: Job, to: str, **fields: Any) -> None:
    transition_check(job.status, to, JOB_TRANSITIONS, JobStatus)  # jobs keep no history row: the job is its log
    job.status = to
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "updated_at", *fields])


def job_create(*, actor: Any, kind: str, total: int = 0, input_name: str = "") -> Job:
    job = Job(kind=kind, created_by=actor, total=total, input_name=input_name)
    job.full_clean(exclude=["input_file"])
    job.save()
    return job


def job_start(*, job: Job, total: int) -> None:
    with transaction.atomic():
        _job_move(job, JobStatus.RUNNING, total=total, started_at=timezone.now())


def job_progress(*, job: Job, done: int, message: str = "", total: int | None = None) -> None:
    # Written outside the work's own transaction so that the page polling it sees it move.
    job.total = job.total if total is None else total
    Job.objects.filter(pk=job.pk).update(done=done, total=job.total, message=message, updated_at=timezone.now())
    job.done = done
    job.message = message


# How each kind of job is queued again after it stalled; the owning app registers its starter.
JOB_STARTERS: dict[str, Callable[[Job], None]] = {}


def _drop_file(job: Job) -> None:
    if job.input_file:
        job.input_file.delete(save=False)


def job_succeed(*, job: Job, result: dict[str, Any], message: str = "") -> None:
    _drop_file(job)
    _job_move(
        job,
        JobStatus.SUCCEEDED,
        result=result,
        message=message,
        done=job.total,
        finished_at=timezone.now(),
        input_file="",
    )


def job_fail(*, job: Job, result: dict[str, Any], message: str) -> None:
    _drop_file(job)
    _job_move(job, JobStatus.FAILED, result=result, message=message, finished_at=timezone.now(), input_file="")


def job_output_save(*, job: Job, name: str, handle: IO[bytes]) -> None:
    """Keep what the job made in the storage backend (a local folder, or S3 when configured), never
    in a database row, under a stored name of its own; `name` is what the owner downloads it as."""
    job.output_file.save(name, File(handle), save=False)
    job.output_name = name[:255]
    Job.objects.filter(pk=job.pk).update(output_file=job.output_file.name, output_name=job.output_name)


def _export_cutoff(now: dt.datetime | None) -> dt.datetime:
    """Export files finished before this moment are past EXPORT_KEEP_HOURS."""
    return (now or timezone.now()) - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)


def job_output_expired(job: Job, *, now: dt.datetime | None = None) -> bool:
    """The job's file is gone (removed, or never made) or older than EXPORT_KEEP_HOURS."""
    if not job.output_file:
        return True
    return job.finished_at is not None and job.finished_at < _export_cutoff(now)


def job_outputs_remove_expired(*, now: dt.datetime | None = None) -> int:
    """Remove the export files older than EXPORT_KEEP_HOURS (personal data is not kept longer than it
    is needed); their jobs stay as the record that the export was made."""
    removed = 0
    expired = Job.objects.exclude(output_file="").filter(finished_at__lt=_export_cutoff(now))
    for job in expired.only("pk", "output_file"):
        job.output_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(output_file="")
        removed += 1
    return removed


def job_check_stalled(*, job: Job, now: dt.datetime | None = None) -> Job:
    """Mark a queued or running job stalled when nothing moved for JOB_STALL_MINUTES: its worker
    died or never came. Progress writes `updated_at`, so a live job never looks stalled."""
    now = now or timezone.now()
    limit = dt.timedelta(minutes=settings.JOB_STALL_MINUTES)
    if job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and job.updated_at < now - limit:
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=job.pk)
            if locked.status in (JobStatus.QUEUED, JobStatus.RUNNING) and locked.updated_at < now - limit:
                message = _("Tidak ada kemajuan selama %(m)d menit: pekerja latar berhenti. Ulangi atau batalkan.")
                _job_move(locked, JobStatus.STALLED, message=message % {"m": settings.JOB_STALL_MINUTES})
                return locked
    return job


def _owner_or_admin(actor: Any, job: Job) -> None:
    if job.created_by_id != actor.pk and not actor.has_perm("core.view_job"):
        raise ServiceError(_("Anda tidak berwenang melakukan langkah ini."))


def job_retry(*, actor: Any, job: Job) -> Job:
    """Queue a stalled job again (with its kept file, if it had one) through the starter its kind registered."""
    _owner_or_admin(actor, job)
    enqueue = JOB_STARTERS.get(job.kind)
    if enqueue is None:
        raise ServiceError(_("Pekerjaan jenis ini tidak dapat diulang; batalkan dan mulai lagi."))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.input_name and not job.input_file:  # an import whose file is gone; other jobs have none
            raise ServiceError(_("Berkas pekerjaan ini sudah tidak ada; unggah ulang berkasnya."))
        _job_move(job, JobStatus.QUEUED, done=0, message=_("Diulang oleh %(user)s") % {"user": actor.username})
        enqueue(job)
    return job


def job_cancel(*, actor: Any, job: Job) -> Job:
    _owner_or_admin(actor, job)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        transition_check(job.status, JobStatus.CANCELLED, JOB_TRANSITIONS, JobStatus)  # before the file goes
        _drop_file(job)
        _job_move(
            job,
            JobStatus.CANCELLED,
            input_file="",
            finished_at=timezone.now(),
            message=_("Dibatalkan oleh %(user)s; berkasnya dihapus.") % {"user": actor.username},
        )
    return job


def record_problems_find(*, today: dt.date | None = None) -> list[RecordProblem]:
    """Look through every stored record for dates that break a temporal rule and list each in
    RecordProblem (once; nothing is changed: a person decides the correction). Run on the server
    by the `records_check` command, so it has no actor to check."""
    found: list[RecordProblem] = []
    for label in temporal.RULES:
        model = django_apps.get_model(label)
        for row, rule, message in temporal.violations(model, today):
            value = temporal.shown(getattr(row, rule.field))[:100]
            problem, _created = RecordProblem.objects.get_or_create(
                label=label,
                object_id=str(row.pk),
                field=rule.field,
                problem=message[:500],
                defaults={"original_value": value, "found_by": "records_check"},
            )
            found.append(problem)
    return found


def history_by(instance: Any, actor: Any, reason: str = "") -> None:
    """Name who makes the next save of `instance` (and why) in its audit row: simple-history reads
    these; a web request names its user anyway, a command or a job only through this."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason


REASON_MAX = 100  # simple-history keeps a change reason in 100 characters


def correction_reason(reason: str) -> str:
    """The reason of a correction or cancellation, required and short enough for the history."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Tuliskan alasan koreksi atau pembatalan."))
    if len(reason) > REASON_MAX:
        raise ServiceError(_("Alasan paling panjang %(max)d karakter.") % {"max": REASON_MAX})
    return reason


def keep_first_version(row: Any) -> None:
    """A record made before its history was kept gets its present state as the first history row,
    so that a correction never loses the values it replaces."""
    manager = type(row).history  # type: ignore[attr-defined]
    if not manager.filter(id=row.pk).exists():
        manager.bulk_history_create([row])


def record_correct(row: Correctable, *, reason: str, **fields: Any) -> Correctable:
    """Correct a hand-entered record (the caller has checked who may and locked the row): the new
    values are validated like a new record and the history keeps the old ones with the reason."""
    reason = correction_reason(reason)
    if row.cancelled:
        raise ServiceError(_("Catatan yang sudah dibatalkan tidak dapat dikoreksi."))
    keep_first_version(row)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
    row.save()
    return row


def record_cancel(row: Correctable, *, reason: str) -> Correctable:
    """Cancel a record entered by mistake: it stays, marked with when and why, and no longer counts."""
    reason = correction_reason(reason)
    if row.cancelled:
        raise ServiceError(_("Catatan itu sudah dibatalkan."))
    keep_first_version(row)
    row.cancelled_at, row.cancel_reason = timezone.now(), reason
    row._change_reason = reason  # type: ignore[attr-defined]
    row.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    return row
