"""Thin views over the dispatch selectors and services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.web import AuthenticatedRequest, run_on_form, run_service, with_form, xlsx_response
from bangkom.desk.selectors import request_clock
from bangkom.documents.selectors import documents_of
from bangkom.documents.web import draft_and_open
from bangkom.selection import selectors as selection_selectors
from bangkom.selection.models import SelectionRound

from . import selectors, services
from .forms import DispatchMoveForm, DispatchOpenForm, DispatchUpdateForm, MonitoringForm, ResultForm
from .letters import ASSIGNMENT, PROPOSAL
from .models import Dispatch, Participant
from .reports import lan_bkn_report

VIEW = "dispatch.view_dispatch"
MANAGE = services.MANAGE


def _dispatch(request: AuthenticatedRequest, dispatch_id: int) -> Dispatch:
    try:
        return selectors.dispatch_for(request.user, dispatch_id)
    except Dispatch.DoesNotExist:
        raise Http404 from None


def _participant(dispatch: Dispatch, participant_id: int) -> Participant:
    try:
        return selectors.participants(dispatch).get(pk=participant_id)
    except Participant.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required(MANAGE, raise_exception=True)
def dispatch_open(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    try:
        selection_round = selection_selectors.round_for(request.user, round_id)
    except SelectionRound.DoesNotExist:
        raise Http404 from None
    form = DispatchOpenForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    done, dispatch = run_on_form(
        request,
        form,
        lambda data: services.dispatch_open(actor=request.user, selection_round=selection_round, **data),
    )
    if done:
        return redirect("dispatch:detail", dispatch_id=dispatch.pk)
    title = _("Pengiriman peserta: %(round)s") % {"round": selection_round.name}
    return render(request, "selection/form.html", {"form": form, "title": title, "round": selection_round})


@login_required
@permission_required(VIEW, raise_exception=True)
def dispatch_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.with_clocks(selectors.dispatches_visible(request.user), timezone.localdate())
    return render(request, "dispatch/list.html", {"rows": rows})


@login_required
@permission_required(VIEW, raise_exception=True)
def dispatch_detail(request: AuthenticatedRequest, dispatch_id: int) -> HttpResponse:
    dispatch = _dispatch(request, dispatch_id)
    manage = request.user.has_perm(MANAGE)
    form = DispatchUpdateForm(request.POST or None, instance=dispatch) if manage else None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if run_service(
                request,
                lambda: services.dispatch_update(
                    actor=request.user, dispatch=_dispatch(request, dispatch_id), **fields
                ),
                _("Data pengiriman disimpan."),
            ):
                return redirect("dispatch:detail", dispatch_id=dispatch_id)
        dispatch.refresh_from_db()
    people = list(selectors.participants(dispatch))
    spt = {d.subject_id: d for d in selectors.assignment_documents(people)}
    return render(
        request,
        "dispatch/detail.html",
        {
            "dispatch": dispatch,
            "clock": request_clock(dispatch.request, timezone.localdate()),
            "form": form,
            "manage": manage,
            "move_form": DispatchMoveForm(dispatch=dispatch) if manage else None,
            "participants": [(p, spt.get(p.pk)) for p in people],
            "result_form": ResultForm(),
            "monitoring_form": MonitoringForm(initial={"noted_on": timezone.localdate()}),
            "monitoring": dispatch.monitoring.select_related("noted_by"),
            "changes": dispatch.status_changes.select_related("changed_by"),
            "documents": documents_of(dispatch),
        },
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def dispatch_move(request: AuthenticatedRequest, dispatch_id: int) -> HttpResponse:
    dispatch = _dispatch(request, dispatch_id)
    run_service(
        request,
        with_form(
            DispatchMoveForm(request.POST, dispatch=dispatch),
            lambda data: services.dispatch_move(
                actor=request.user, dispatch=dispatch, to=data["to"], note=data["note"]
            ),
        ),
        _("Langkah pengiriman dicatat."),
    )
    return redirect("dispatch:detail", dispatch_id=dispatch_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def participant_result(request: AuthenticatedRequest, dispatch_id: int, participant_id: int) -> HttpResponse:
    dispatch = _dispatch(request, dispatch_id)
    participant = _participant(dispatch, participant_id)
    run_service(
        request,
        with_form(
            ResultForm(request.POST),
            lambda data: services.result_record(actor=request.user, participant=participant, **data),
        ),
        _("Hasil %(name)s disimpan.") % {"name": participant.candidate.employee.full_name},
    )
    return redirect("dispatch:detail", dispatch_id=dispatch_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def monitoring_add(request: AuthenticatedRequest, dispatch_id: int) -> HttpResponse:
    dispatch = _dispatch(request, dispatch_id)
    run_service(
        request,
        with_form(
            MonitoringForm(request.POST),
            lambda data: services.monitoring_add(actor=request.user, dispatch=dispatch, **data),
        ),
        _("Catatan monitoring disimpan."),
    )
    return redirect("dispatch:detail", dispatch_id=dispatch_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
@permission_required("documents.draft_document", raise_exception=True)
def dispatch_documents(request: AuthenticatedRequest, dispatch_id: int, kind: str) -> HttpResponse:
    """Draft the proposal letter, or the SPT of every participant who has none yet."""
    dispatch = _dispatch(request, dispatch_id)
    if kind == PROPOSAL.code:
        return draft_and_open(
            request, kind=kind, subject=dispatch, fallback=reverse("dispatch:detail", args=[dispatch_id])
        )
    if kind != ASSIGNMENT.code:
        raise Http404
    run_service(
        request,
        lambda: services.assignments_draft(actor=request.user, dispatch=dispatch),
        lambda drafted: _("%(n)d Surat Perintah Tugas disusun.") % {"n": len(drafted)},
    )
    return redirect("dispatch:detail", dispatch_id=dispatch_id)


@login_required
@permission_required(VIEW, raise_exception=True)
def dispatch_report(request: AuthenticatedRequest, dispatch_id: int) -> HttpResponse:
    dispatch = _dispatch(request, dispatch_id)
    return xlsx_response(lan_bkn_report(dispatch), f"laporan-lan-bkn-{dispatch.pk}.xlsx")
