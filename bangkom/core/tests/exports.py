"""Test helper: start an export as a page does, run its job as the worker would, and fetch the file
as its owner does from the job's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBase
from django.test import Client
from django.urls import resolve, reverse

from bangkom.core.jobs import job_work_run
from bangkom.core.models import Job, JobStatus


def exported(client: Client, url: str, **download: Any) -> tuple[Job, HttpResponseBase]:
    """POST `url` (an export's start, with its query string), run the job it queued, GET its file
    (with `download` as the request's extra headers)."""
    started = client.post(url)
    assert started.status_code == 302, started.status_code
    job = Job.objects.get(pk=resolve(started["Location"]).kwargs["job_id"])
    job_work_run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    return job, client.get(reverse("core:job-download", args=[job.pk]), **download)


def content_of(response: HttpResponseBase) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
