from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core import services
from bangkom.core.home import home_snapshot
from bangkom.core.models import Job, JobStatus
from bangkom.core.routers import reads_from_replica
from bangkom.core.selectors import job_for
from bangkom.core.services import job_check_stalled
from bangkom.core.waiting import SOURCE_LIMIT, waiting_count, waiting_for
from bangkom.core.web import AuthenticatedRequest, run_service

logger = logging.getLogger(__name__)
# How many of the oldest waiting items the home lists (the rest are on "Tugas saya").
HOME_WAITING = 6


@login_required
@reads_from_replica
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Each role's home: what waits on the person (the oldest first), then the panels the domain
    apps register that have something for them (what is late, their units, the agency's figures)."""
    user = request.user
    sees_others = user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees")
    if user.employee_id and not sees_others:  # a civil servant's home is their own JP and learning
        return redirect("selfservice:home")
    today = timezone.localdate()
    snapshot = home_snapshot(user, today, HOME_WAITING, fresh="perbarui" in request.GET)
    waiting = snapshot.groups
    oldest = sorted(
        (item for group in waiting for item in group.items),
        key=lambda item: (not item.late(today), item.due or dt.date.max, item.since or dt.date.max),
    )[:HOME_WAITING]
    return render(
        request,
        "core/dashboard.html",
        {
            "today": today,
            "waiting": waiting,
            "read_at": snapshot.read_at,
            "oldest": [(item, item.age(today), item.late(today)) for item in oldest],
            "panels": snapshot.panels,
        },
    )


@login_required
def job_status(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    job = job_for(request.user, job_id)
    if job is None:
        raise Http404
    job = job_check_stalled(job=job)
    template = "core/_job_progress.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job, "EXPORT_KEEP_HOURS": settings.EXPORT_KEEP_HOURS})


@login_required
def job_download(request: AuthenticatedRequest, job_id: int) -> HttpResponseBase:
    """The file an export job made, for the person who asked for it only (it holds what their scope
    shows); the export log records the download (DataAccessLogMiddleware)."""
    job = job_for(request.user, job_id)
    if job is None or job.created_by_id != request.user.pk or job.status != JobStatus.SUCCEEDED:
        raise Http404
    if services.job_output_expired(job):
        removed = _("Berkas ini sudah dihapus %(h)d jam setelah dibuat; ekspor lagi dari halaman asalnya.")
        messages.warning(request, removed % {"h": settings.EXPORT_KEEP_HOURS})
        return redirect("core:job", job_id=job.pk)
    response = FileResponse(job.output_file.open("rb"), as_attachment=True, filename=job.output_name)
    response.exported_rows = job.result.get("rows")  # type: ignore[attr-defined]  # read by the export log
    return response


def _job_step(request: AuthenticatedRequest, job_id: int, step: Callable[[Job], Any], success: str) -> HttpResponse:
    job = job_for(request.user, job_id)
    if job is None:
        raise Http404
    run_service(request, lambda: step(job), success)
    return redirect("core:job", job_id=job_id)


@require_POST
@login_required
def job_retry(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    return _job_step(
        request, job_id, lambda job: services.job_retry(actor=request.user, job=job), _("Pekerjaan diantrekan kembali.")
    )


@require_POST
@login_required
def job_cancel(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    return _job_step(
        request,
        job_id,
        lambda job: services.job_cancel(actor=request.user, job=job),
        _("Pekerjaan dibatalkan; berkasnya dihapus."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = exception.args[0] if isinstance(exception, BadRequest) and exception.args else ""
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


@login_required
def waiting(request: AuthenticatedRequest) -> HttpResponse:
    """Tugas saya: what waits on the person, from every flow, each with its age and deadline."""
    today = timezone.localdate()
    groups = waiting_for(request.user, today)
    return render(
        request,
        "core/waiting.html",
        {
            "groups": [(g, [(item, item.age(today), item.late(today)) for item in g.items]) for g in groups],
            "limit": SOURCE_LIMIT,
        },
    )


@login_required
def waiting_badge(request: AuthenticatedRequest) -> HttpResponse:
    """The menu's "Tugas saya" count, fetched after the page is shown so no page waits for it."""
    count = waiting_count(request.user, timezone.localdate())
    return render(request, "core/_waiting_count.html", {"count": count})
