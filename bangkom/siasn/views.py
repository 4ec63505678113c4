"""The page of what went to SIASN: queue a year's training records, resend a refused one, download the
file in SIASN's fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.keyset import page_for_request
from bangkom.core.web import AuthenticatedRequest, form_refusal, run_service, xlsx_response

from . import client, selectors, services
from .forms import NipForm, YearForm
from .models import SubmissionStatus

PAGE_SIZE = 50


@login_required
@permission_required(services.SEND, raise_exception=True)
def submissions(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.submissions(request.user)
    page, query = page_for_request(request, rows, ("-id",), size=PAGE_SIZE)
    counts = selectors.status_counts(request.user)
    return render(
        request,
        "siasn/submissions.html",
        {
            "page": page,
            "query": query,
            "counts": [(label, counts.get(value, 0)) for value, label in SubmissionStatus.choices],
            "form": YearForm(),
            "nip_form": NipForm(),
            "may_fetch": request.user.has_perm(services.IMPORT),
            "configured": client.configured(),
        },
    )


@require_POST
@login_required
@permission_required(services.SEND, raise_exception=True)
def queue_year(request: AuthenticatedRequest) -> HttpResponse:
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form_refusal(form)))
        return redirect("siasn:submissions")
    year = form.cleaned_data["year"]
    run_service(
        request,
        lambda: services.submissions_queue(actor=request.user, records=selectors.records_to_send(request.user, year)),
        lambda queued: _("%(n)d riwayat diklat tahun %(year)d diantrekan ke SIASN.") % {"n": queued, "year": year},
    )
    return redirect("siasn:submissions")


@require_POST
@login_required
@permission_required(services.SEND, raise_exception=True)
def resend(request: AuthenticatedRequest, submission_id: int) -> HttpResponse:
    submission = get_object_or_404(selectors.submissions(request.user), pk=submission_id)
    run_service(
        request,
        lambda: services.submissions_queue(actor=request.user, records=[submission.training_record]),
        _("Riwayat diklat diantrekan lagi ke SIASN."),
    )
    return redirect("siasn:submissions")


@login_required
@permission_required(services.SEND, raise_exception=True)
def export(request: AuthenticatedRequest) -> HttpResponse:
    form = YearForm(request.GET or {"year": timezone.localdate().year})
    if not form.is_valid():
        messages.error(request, str(form_refusal(form)))
        return redirect("siasn:submissions")
    year = form.cleaned_data["year"]
    records = selectors.records_of_year(request.user, year)
    content = services.submissions_export(actor=request.user, records=records.iterator(chunk_size=2000))
    return xlsx_response(content, f"siasn-riwayat-diklat-{year}.xlsx")


@require_POST
@login_required
@permission_required(services.IMPORT, raise_exception=True)
def employee_fetch(request: AuthenticatedRequest) -> HttpResponse:
    form = NipForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form_refusal(form)))
        return redirect("siasn:submissions")
    nip = form.cleaned_data["nip"]
    done = run_service(
        request,
        lambda: services.employee_from_siasn(actor=request.user, nip=nip),
        lambda summary: (
            _(
                "Data NIP %(nip)s dari SIASN disimpan: %(created)d pegawai baru, %(updated)d diperbarui, "
                "%(histories)d riwayat ditambahkan."
            )
            % {"nip": nip, "created": summary.created, "updated": summary.updated, "histories": summary.histories}
        ),
    )
    return redirect("people:detail", nip=nip) if done else redirect("siasn:submissions")
