"""Work that can outlast a web request (screening a round of thousands, drafting a long document)
runs as a background job: the request only queues it and opens the job's page, which shows its
progress and, when it ends, the link to what it made. Each app registers its kinds of work here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from .errors import ServiceError, refusal_text
from .models import Job, JobStatus
from .services import (
    JOB_STARTERS,
    job_create,
    job_fail,
    job_output_save,
    job_outputs_remove_expired,
    job_progress,
    job_start,
    job_succeed,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobOutcome:
    message: str
    link: str = ""  # where the user goes next: the round, the drafted document
    link_label: str = ""
    download: bool = False  # the link is a file only the job's owner may fetch
    rows: int | None = None


# (done, total, message): the work reports how far it is; the job page polls it.
Progress = Callable[[int, int, str], None]
JobWork = Callable[[Job, Progress], JobOutcome]
JOB_WORKS: dict[str, JobWork] = {}


def job_work(kind: str) -> Callable[[JobWork], JobWork]:
    """Register a kind of background work; a stalled job of that kind can be queued again."""

    def register(work: JobWork) -> JobWork:
        JOB_WORKS[kind] = work
        JOB_STARTERS[kind] = _enqueue
        return work

    return register


def job_queue(*, actor: Any, kind: str, title: str, params: dict[str, Any]) -> Job:
    """Queue registered work. The caller's service has already checked the actor may do it; the work
    runs the same service again as that actor, so a right lost in between still stops it."""
    if kind not in JOB_WORKS:
        raise ValueError(f"No background work registered as {kind!r}")
    job = job_create(actor=actor, kind=kind)
    job.title = title[:255]
    job.params = params
    job.save(update_fields=["title", "params", "updated_at"])
    _enqueue(job)
    return job


def jobs_pending(kinds: Iterable[str], /, **params: Any) -> QuerySet[Job]:
    """The queued or running jobs of these kinds on the subject `params` name, newest first."""
    lookups = {f"params__{name}": value for name, value in params.items()}
    pending = (JobStatus.QUEUED, JobStatus.RUNNING)
    return Job.objects.filter(kind__in=list(kinds), status__in=pending, **lookups).order_by("-pk")


def job_pending(kind: str, /, **params: Any) -> Job | None:
    """The queued or running job of `kind` on the same subject, so a second click joins it."""
    return jobs_pending([kind], **params).first()


@dataclass(frozen=True)
class ExportFile:
    """What an export work made: the file name its owner downloads, the file opened for reading at
    its start, and how many rows of personal data it holds (for the export log)."""

    name: str
    handle: IO[bytes]
    rows: int


# (the person who asked, the job's params, progress) -> the file. The work checks the person's right
# and reads through their scoped selectors, as the page would.
ExportWork = Callable[[Any, dict[str, Any], Progress], ExportFile]


def export_work(kind: str) -> Callable[[ExportWork], ExportWork]:
    """Register an export: it runs in the background and its file waits in storage for its owner."""

    def register(work: ExportWork) -> ExportWork:
        def run(job: Job, progress: Progress) -> JobOutcome:
            if job.created_by is None:
                raise ServiceError(_("Pengguna yang meminta ekspor ini sudah tidak ada."))
            made = work(job.created_by, job.params, progress)
            try:
                job_output_save(job=job, name=made.name, handle=made.handle)
            finally:
                made.handle.close()
            return JobOutcome(
                message=ngettext("%(n)d baris siap diunduh.", "%(n)d baris siap diunduh.", made.rows)
                % {"n": made.rows},
                link=reverse("core:job-download", args=[job.pk]),
                link_label=_("Unduh %(name)s") % {"name": made.name},
                download=True,
                rows=made.rows,
            )

        job_work(kind)(run)
        return work

    return register


def export_queue(*, actor: Any, kind: str, title: str, params: dict[str, Any]) -> Job:
    """Start an export for `actor` (or return theirs of the same list still queued or running). The
    caller has checked the right; the work checks it again when it runs."""
    job_outputs_remove_expired()
    pending = jobs_pending([kind], **params).filter(created_by=actor).first()
    if pending is not None:
        return pending
    return job_queue(actor=actor, kind=kind, title=title, params=params)


def _enqueue(job: Job) -> None:
    # After the commit, so that the worker finds the job row (and the work sees what the request wrote).
    transaction.on_commit(lambda: job_work_task.enqueue(job.pk))


@task()
def job_work_task(job_id: int) -> None:
    job_work_run(Job.objects.select_related("created_by").get(pk=job_id))


def job_work_run(job: Job) -> None:
    if job.status != JobStatus.QUEUED:  # stalled or cancelled while it waited: nothing to do
        logger.warning("Job %s is %s, not queued; skipped", job.pk, job.status)
        return
    job_start(job=job, total=0)

    def progress(done: int, total: int, message: str) -> None:
        job_progress(job=job, done=done, total=total, message=message)

    try:
        outcome = JOB_WORKS[job.kind](job, progress)
    except (ServiceError, ValidationError) as error:
        job_fail(job=job, result={}, message=refusal_text(error)[:500])
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        failure = _("Terjadi kesalahan sistem; tidak ada yang disimpan. Hubungi administrator.")
        job_fail(job=job, result={}, message=failure)
    else:
        result: dict[str, object] = {"link": outcome.link, "link_label": outcome.link_label}
        if outcome.download:
            result |= {"download": True, "rows": outcome.rows}
        job_succeed(job=job, result=result, message=outcome.message[:500])
