"""Thin views over the planning selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.keyset import page_for_request
from bangkom.core.routers import reads_from_replica
from bangkom.core.web import AuthenticatedRequest, job_started, run_on_form, run_service, with_form, xlsx_response
from bangkom.documents.models import Document
from bangkom.documents.selectors import documents_of
from bangkom.people.models import Employee, Unit

from . import analysis, reports, selectors, services
from .forms import (
    CycleOpenForm,
    EmployeePickForm,
    ItemForm,
    LedgerFilterForm,
    LevelForm,
    NoteForm,
    RealisationForm,
    VerifyForm,
)
from .jobs import JP_REPORT, ledger_export_queue
from .models import CompetencyGroup, PlanItem, PlanningCycle, UnitPlan

VIEW = "planning.view_planningcycle"
MANAGE = services.MANAGE
PLAN = services.PLAN
APPROVE = services.APPROVE
BEHIND_PER_PAGE = 50


def _cycle(request: AuthenticatedRequest, cycle_id: int) -> PlanningCycle:
    try:
        return selectors.cycle_for(request.user, cycle_id)
    except PlanningCycle.DoesNotExist:
        raise Http404 from None


def _plan(request: AuthenticatedRequest, plan_id: int) -> UnitPlan:
    try:
        return selectors.unit_plan_for(request.user, plan_id)
    except UnitPlan.DoesNotExist:
        raise Http404 from None


def _item(request: AuthenticatedRequest, item_id: int) -> PlanItem:
    try:
        return selectors.item_for(request.user, item_id)
    except PlanItem.DoesNotExist:
        raise Http404 from None


def _employee(plan: UnitPlan, nip: str) -> Employee:
    try:
        return selectors.plannable_employee(plan, nip)
    except Employee.DoesNotExist:
        raise Http404 from None


def _budget_tables(budget: selectors.Budget, *, units: bool = True) -> list[tuple[str, list[Any]]]:
    tables = [(_("Per jenis"), budget.by_kind), (_("Per triwulan"), budget.by_quarter)]
    return [(_("Per unit kerja"), budget.by_unit), *tables] if units else tables


# --- Cycles ---------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def cycle_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "planning/cycle_list.html",
        {"cycles": selectors.cycles_visible(request.user), "requests": selectors.open_requests(request.user)},
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def cycle_open(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CycleOpenForm(request.POST or None, initial={"year": today.year + 1})
    done, cycle = run_on_form(request, form, lambda data: services.cycle_open(actor=request.user, **data))
    if done:
        return redirect("planning:cycle", cycle_id=cycle.pk)
    return render(request, "planning/form.html", {"form": form, "title": _("Buka siklus perencanaan")})


@login_required
@permission_required(VIEW, raise_exception=True)
def cycle_detail(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    plans = selectors.unit_plans_of(request.user, cycle)
    items = selectors.cycle_items(cycle).filter(unit_plan__in=[p.pk for p in plans])
    budget = selectors.budget(items)
    return render(
        request,
        "planning/cycle_detail.html",
        {
            "cycle": cycle,
            "plans": plans,
            "budget": budget,
            "budget_tables": _budget_tables(budget),
            "note_form": NoteForm(),
            "documents": documents_of(cycle),
            "changes": cycle.status_changes.select_related("changed_by"),
            "today": timezone.localdate(),
        },
    )


def _cycle_action(
    request: AuthenticatedRequest, cycle_id: int, action: Callable[[PlanningCycle, str], Any], success: str
) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    outcome: dict[str, Any] = {}

    def run() -> Any:
        outcome["result"] = action(cycle, note)
        return outcome["result"]

    if run_service(request, run, success) and isinstance(outcome.get("result"), Document):
        return redirect("documents:detail", document_id=outcome["result"].pk)  # to check and sign
    return redirect("planning:cycle", cycle_id=cycle_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def cycle_consolidate(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    return _cycle_action(
        request,
        cycle_id,
        lambda cycle, _note: services.cycle_consolidate(actor=request.user, cycle=cycle),
        _("Rencana dikonsolidasi; dokumennya disusun untuk diparaf dan ditandatangani."),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def cycle_cancel(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    return _cycle_action(
        request,
        cycle_id,
        lambda cycle, note: services.cycle_cancel(actor=request.user, cycle=cycle, reason=note),
        _("Siklus perencanaan dibatalkan."),
    )


@require_POST
@login_required
@permission_required(APPROVE, raise_exception=True)
def cycle_approve(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    return _cycle_action(
        request,
        cycle_id,
        lambda cycle, note: services.cycle_approve(actor=request.user, cycle=cycle, note=note),
        _("Rencana pengembangan kompetensi disetujui."),
    )


@require_POST
@login_required
@permission_required(APPROVE, raise_exception=True)
def cycle_return(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    return _cycle_action(
        request,
        cycle_id,
        lambda cycle, note: services.cycle_return(actor=request.user, cycle=cycle, note=note),
        _("Rencana dikembalikan kepada BKPSDM."),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def cycle_evaluate(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    return _cycle_action(
        request,
        cycle_id,
        lambda cycle, note: services.cycle_evaluate(actor=request.user, cycle=cycle, note=note),
        _("Laporan evaluasi disusun untuk diparaf dan ditandatangani."),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def plan_xlsx(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    plans = selectors.unit_plans_visible(request.user).filter(cycle=cycle)
    return xlsx_response(reports.plan_xlsx(cycle, plans), f"rencana-pengembangan-kompetensi-{cycle.year}.xlsx")


@login_required
@permission_required(VIEW, raise_exception=True)
def evaluation(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    result = selectors.evaluation(cycle)
    by_unit = sorted(result.comparison.by_unit.items())
    by_kind = sorted(result.comparison.by_kind.items())
    charts = {
        name: {
            "labels": [label for label, _t in rows],
            "datasets": [
                {"label": _("Rencana (JP)"), "data": [t.planned_jp for _l, t in rows]},
                {"label": _("Realisasi (JP)"), "data": [t.realised_jp for _l, t in rows]},
            ],
        }
        for name, rows in (("unit", by_unit), ("kind", by_kind))
    }
    return render(
        request,
        "planning/evaluation.html",
        {"cycle": cycle, "result": result, "charts": charts, "by_unit": by_unit, "by_kind": by_kind},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def evaluation_xlsx(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    return xlsx_response(
        reports.evaluation_xlsx(selectors.evaluation(cycle)), f"evaluasi-pengembangan-{cycle.year}.xlsx"
    )


# --- A unit's plan --------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def unit_plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    items = list(selectors.plan_items(plan))
    flags = selectors.cost_limits(items, plan.cycle.year)
    for item in items:
        item.cost_limit = flags.get(item.pk)  # type: ignore[attr-defined]
    pick = EmployeePickForm(request.GET or None)
    if request.GET and pick.is_valid():
        nip = pick.cleaned_data["nip"]
        if selectors.plannable_employees(plan).filter(nip=nip).exists():
            return redirect("planning:employee", plan_id=plan_id, nip=nip)
        pick.add_error("nip", _("NIP %(nip)s bukan PNS pada %(unit)s.") % {"nip": nip, "unit": plan.unit.name})
    budget = selectors.budget(plan.items.all())
    return render(
        request,
        "planning/unit_plan.html",
        {
            "plan": plan,
            "items": items,
            "budget": budget,
            "budget_tables": _budget_tables(budget, units=False),
            "pick_form": pick,
            "verify_form": VerifyForm(),
            "note_form": NoteForm(),
            "changes": plan.status_changes.select_related("changed_by"),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def plan_employee(request: AuthenticatedRequest, plan_id: int, nip: str) -> HttpResponse:
    """The gap-analysis form of one PNS and the developments planned for them."""
    plan = _plan(request, plan_id)
    employee = _employee(plan, nip)
    gaps = selectors.gap_analysis(employee)
    required = [gap.competency for gap in gaps.gaps]
    form = ItemForm(request.POST or None, competencies=required)
    if request.method == "POST" and request.user.has_perm(PLAN):
        if run_service(
            request,
            with_form(
                form, lambda data: services.item_add(actor=request.user, unit_plan=plan, employee=employee, **data)
            ),
            _("Rencana pengembangan %(name)s ditambahkan.") % {"name": employee.full_name},
        ):
            return redirect("planning:employee", plan_id=plan_id, nip=nip)
    elif request.method == "POST":
        raise PermissionDenied
    suggestion = analysis.suggested(gaps.gaps)
    if not form.is_bound and suggestion:
        form.initial["competency"] = suggestion.competency
    return render(
        request,
        "planning/employee.html",
        {
            "plan": plan,
            "employee": employee,
            "gaps": gaps,
            "form": form,
            "group_names": dict(CompetencyGroup.choices),
            "level_form": LevelForm(initial={"assessed_on": timezone.localdate()}),
            "items": plan.items.filter(employee=employee).select_related("competency", "kind"),
            "levels": selectors.level_history(employee)[:20],
        },
    )


@require_POST
@login_required
@permission_required("planning.add_competencylevel", raise_exception=True)
def level_record(request: AuthenticatedRequest, plan_id: int, nip: str) -> HttpResponse:
    plan = _plan(request, plan_id)
    employee = _employee(plan, nip)  # within the plan's unit, and the plan within the user's scope
    run_service(
        request,
        with_form(
            LevelForm(request.POST),
            lambda data: services.competency_level_record(actor=request.user, employee=employee, **data),
        ),
        _("Level kompetensi dicatat."),
    )
    return redirect("planning:employee", plan_id=plan_id, nip=nip)


@login_required
@permission_required(PLAN, raise_exception=True)
def item_edit(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    required = [gap.competency for gap in selectors.gap_analysis(item.employee).gaps]
    form = ItemForm(request.POST or None, instance=item, competencies=required)
    if request.method == "POST":
        fields = lambda data: {name: data[name] for name in ItemForm.Meta.fields}  # noqa: E731
        if run_service(
            request,
            with_form(
                form,
                lambda data: services.item_update(actor=request.user, item=_item(request, item_id), **fields(data)),
            ),
            _("Rencana pengembangan diperbaiki."),
        ):
            return redirect("planning:unit-plan", plan_id=item.unit_plan_id)
    title = _("Ubah rencana pengembangan: %(name)s") % {"name": item.employee.full_name}
    return render(request, "planning/form.html", {"form": form, "title": title, "item": item})


@require_POST
@login_required
@permission_required(PLAN, raise_exception=True)
def item_remove(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    run_service(request, lambda: services.item_remove(actor=request.user, item=item), _("Kegiatan dihapus."))
    return redirect("planning:unit-plan", plan_id=item.unit_plan_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def item_verify(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    run_service(
        request,
        with_form(VerifyForm(request.POST), lambda data: services.item_verify(actor=request.user, item=item, **data)),
        _("Verifikasi %(title)s dicatat.") % {"title": item.title},
    )
    return redirect("planning:unit-plan", plan_id=item.unit_plan_id)


def _plan_action(request: AuthenticatedRequest, plan_id: int, action: Callable[..., Any], success: str) -> HttpResponse:
    plan = _plan(request, plan_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_service(request, lambda: action(actor=request.user, unit_plan=plan, note=note), success)
    return redirect("planning:unit-plan", plan_id=plan_id)


@require_POST
@login_required
@permission_required(PLAN, raise_exception=True)
def unit_plan_submit(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _plan_action(request, plan_id, services.unit_plan_submit, _("Rencana dikirim ke BKPSDM."))


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def unit_plan_verify(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _plan_action(request, plan_id, services.unit_plan_verify, _("Verifikasi rencana unit kerja selesai."))


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def unit_plan_reopen(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _plan_action(request, plan_id, services.unit_plan_reopen, _("Rencana dikembalikan kepada unit kerja."))


@require_POST
@login_required
@permission_required(PLAN, raise_exception=True)
def unit_plan_report(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _plan_action(request, plan_id, services.unit_plan_report, _("Laporan realisasi dikirim ke BKPSDM."))


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def unit_report_return(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _plan_action(request, plan_id, services.unit_report_return, _("Laporan realisasi dikembalikan."))


@login_required
@permission_required(PLAN, raise_exception=True)
def realisation_record(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    form = RealisationForm(request.POST or None, item=item)
    done, _realisation = run_on_form(
        request, form, lambda data: services.realisation_record(actor=request.user, item=item, **data)
    )
    if done:
        return redirect("planning:unit-plan", plan_id=item.unit_plan_id)
    title = _("Realisasi: %(title)s (%(name)s)") % {"title": item.title, "name": item.employee.full_name}
    return render(request, "planning/form.html", {"form": form, "title": title, "item": item})


# --- The JP ledger --------------------------------------------------------------------------


def _ledger_filters(request: AuthenticatedRequest) -> tuple[int, Unit | None, LedgerFilterForm]:
    """The year (this Jakarta year unless chosen) and the OPD the ledger's query string names."""
    filters = LedgerFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    opd = Unit.objects.filter(pk=data["opd"], depth=1).first() if data.get("opd") else None
    return year, opd, filters


def _ledger(request: AuthenticatedRequest) -> tuple[selectors.Ledger, Unit | None, LedgerFilterForm]:
    year, opd, filters = _ledger_filters(request)
    return selectors.jp_ledger(request.user, year, opd=opd), opd, filters


@login_required
@permission_required(JP_REPORT, raise_exception=True)
@reads_from_replica
def jp_report(request: AuthenticatedRequest) -> HttpResponse:
    ledger, opd, filters = _ledger(request)
    band = filters.cleaned_data.get("band") if filters.is_bound and filters.is_valid() else None
    behind = selectors.behind(request.user, ledger.year, ledger.norm, opd=opd, band=band)
    page, query = page_for_request(request, behind, ("name", "id"), size=BEHIND_PER_PAGE)
    behind_count = ledger.total.bands[band] if band is not None else ledger.total.employees - ledger.total.reached
    chart = {"bands": {"labels": ledger.bands, "data": ledger.total.bands}}
    unit_rows, total_cells = selectors.ledger_table(ledger)
    return render(
        request, "planning/jp_report.html",
        {"ledger": ledger, "opd": opd, "page": page, "behind": selectors.behind_rows(page, ledger.norm),
         "unit_rows": unit_rows, "total_cells": total_cells,
         "behind_count": behind_count, "filters": filters, "band": band, "charts": chart, "query": query,
         "export_url": reverse("planning:jp-xlsx")},
    )  # fmt: skip


@require_POST
@login_required
@permission_required(JP_REPORT, raise_exception=True)
def jp_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    """Start the ledger's workbook as a background export and open its progress."""
    year, opd, _filters = _ledger_filters(request)
    return job_started(
        request,
        lambda: ledger_export_queue(actor=request.user, year=year, opd=opd),
        lambda: redirect(f"{reverse('planning:jp')}?{request.GET.urlencode()}"),
    )
