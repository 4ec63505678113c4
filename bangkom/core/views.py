from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core import services
from bangkom.core.models import Job
from bangkom.core.routers import reads_from_replica
from bangkom.core.selectors import job_for
from bangkom.core.services import job_check_stalled
from bangkom.core.waiting import SOURCE_LIMIT, waiting_count, waiting_for
from bangkom.core.web import run_service
from bangkom.dispatch.selectors import overdue_dispatches
from bangkom.people.selectors import dashboard_stats
from bangkom.planning.selectors import jp_attainment, open_requests
from bangkom.selection.selectors import overdue_advice
from bangkom.services import selectors as service_selectors
from bangkom.studies.selectors import assignments_overdue, reports_overdue
from bangkom.studies.selectors import may_open as may_open_studies
from bangkom.training.selectors import REVIEW as REVIEW_PROGRAM
from bangkom.training.selectors import supervisions_due, supervisions_missed
from bangkom.workflow.selectors import inbox as disposition_inbox

logger = logging.getLogger(__name__)


@login_required
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    sees_others = user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees")
    if user.employee_id and not sees_others:  # a civil servant's home is their own JP and learning
        return redirect("selfservice:home")
    # The workforce figures for those who see employees; a chart with nothing in it is not drawn.
    stats = dashboard_stats(request.user) if sees_others else None
    series = {"golongan": stats.by_golongan, "education": stats.by_education, "unit": stats.by_unit} if stats else {}
    charts = {
        name: {"labels": [label for label, _n in rows], "data": [n for _label, n in rows]}
        for name, rows in series.items() if any(n for _label, n in rows)
    }  # fmt: skip
    today = timezone.localdate()
    deadlines = {
        "overdue_advice": overdue_advice(today) if user.has_perm("selection.view_selectionround") else [],
        "overdue_dispatches": overdue_dispatches(today) if user.has_perm("dispatch.view_dispatch") else [],
        "plan_requests": open_requests(user),
        "jp": jp_attainment(user, today.year) if user.has_perm("planning.view_jp_report") else None,
        "supervisions_missed": supervisions_missed(today)[:10] if user.has_perm(REVIEW_PROGRAM) else [],
        "supervisions_soon": (
            supervisions_due(today).filter(due_on__lte=today + dt.timedelta(days=30))[:10]
            if user.has_perm(REVIEW_PROGRAM) else []
        ),
        "reports_overdue": reports_overdue(user, today)[:10] if may_open_studies(user) else [],
        "studies_overdue": assignments_overdue(user, today)[:10] if may_open_studies(user) else [],
        "requests_due": service_selectors.due_for_me(user, today)[:10],
        "assessment_reports_late": service_selectors.reports_late(user, today)[:10],
        "assessment_reports_soon": service_selectors.reports_due_soon(user, today)[:10],
        "complaints_late": service_selectors.complaints_late(user, today)[:10],
        "complaints_waiting": service_selectors.complaints_waiting(user)[:10],
        "dispositions": disposition_inbox(user)[:10],
    }  # fmt: skip
    waiting = waiting_for(user, today, limit=0)  # the counts of "Tugas saya", per flow
    return render(request, "core/dashboard.html", {
        "stats": stats, "charts": charts, "today": today, "waiting": waiting, **deadlines,
    })  # fmt: skip


@login_required
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_for(request.user, job_id)
    if job is None:
        raise Http404
    job = job_check_stalled(job=job)
    template = "core/_job_progress.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job})


def _job_step(request: HttpRequest, job_id: int, step: Callable[[Job], Any], success: str) -> HttpResponse:
    job = job_for(request.user, job_id)
    if job is None:
        raise Http404
    run_service(request, lambda: step(job), success)
    return redirect("core:job", job_id=job_id)


@require_POST
@login_required
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    return _job_step(request, job_id, lambda job: services.job_retry(actor=request.user, job=job),
                     _("Pekerjaan diantrekan kembali."))  # fmt: skip


@require_POST
@login_required
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    return _job_step(request, job_id, lambda job: services.job_cancel(actor=request.user, job=job),
                     _("Pekerjaan dibatalkan; berkasnya dihapus."))  # fmt: skip


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
def waiting(request: HttpRequest) -> HttpResponse:
    """Tugas saya: what waits on the person, from every flow, each with its age and deadline."""
    today = timezone.localdate()
    groups = waiting_for(request.user, today)
    return render(request, "core/waiting.html", {
        "groups": [(g, [(item, item.age(today), item.late(today)) for item in g.items]) for g in groups],
        "limit": SOURCE_LIMIT,
    })  # fmt: skip


@login_required
def waiting_badge(request: HttpRequest) -> HttpResponse:
    """The menu's "Tugas saya" count, fetched after the page is shown so no page waits for it."""
    count = waiting_count(request.user, timezone.localdate())
    return render(request, "core/_waiting_count.html", {"count": count})
