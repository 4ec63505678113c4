"""Writes on background jobs: the status moves only along JOB_TRANSITIONS."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import JOB_TRANSITIONS, Job, JobStatus
from .workflow import transition_check


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


def job_progress(*, job: Job, done: int, message: str = "") -> None:
    # Written outside the work's own transaction so that the page polling it sees it move.
    Job.objects.filter(pk=job.pk).update(done=done, message=message, updated_at=timezone.now())
    job.done = done
    job.message = message


def job_succeed(*, job: Job, result: dict[str, Any], message: str = "") -> None:
    _job_move(
        job,
        JobStatus.SUCCEEDED,
        result=result,
        message=message,
        done=job.total,
        finished_at=timezone.now(),
    )


def job_fail(*, job: Job, result: dict[str, Any], message: str) -> None:
    _job_move(job, JobStatus.FAILED, result=result, message=message, finished_at=timezone.now())
