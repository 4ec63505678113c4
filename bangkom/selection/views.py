"""Thin views over the selection selectors and services."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bangkom.core.errors import ServiceError
from bangkom.core.keyset import KeyPaginator
from bangkom.core.web import (
    AuthenticatedRequest,
    job_started,
    posted_ids,
    query_text,
    run_on_form,
    run_service,
    with_form,
)
from bangkom.documents.selectors import documents_of
from bangkom.documents.web import draft_in_background
from bangkom.people.models import Employee
from bangkom.people.selectors import employee_for
from bangkom.rules import RuleSetError, parse_ruleset

from . import selectors, services
from .forms import (
    AssessmentForm,
    AssessorAssignForm,
    CandidateAddForm,
    CandidateExcludeForm,
    CandidateFactsForm,
    DocumentVerifyForm,
    RoundMoveForm,
    RoundOpenForm,
    TargetPostsForm,
)
from .jobs import round_job_queue, round_jobs_pending, tabulation_export_queue
from .letters import TABULATION
from .models import Assessment, CandidateSource, DocumentCheck, RoundCandidate, SelectionRound, findings_expand
from .services import SCORE_FIELDS

MANAGE = "selection.manage_selection"


def _round(request: AuthenticatedRequest, round_id: int) -> SelectionRound:
    try:
        return selectors.round_for(request.user, round_id)
    except SelectionRound.DoesNotExist:
        raise Http404 from None


def _candidate(request: AuthenticatedRequest, selection_round: SelectionRound, candidate_id: int) -> RoundCandidate:
    try:
        return selectors.round_candidates(request.user, selection_round).get(pk=candidate_id)
    except RoundCandidate.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required("selection.view_selectionround", raise_exception=True)
def round_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "selection/round_list.html", {"rounds": selectors.rounds_visible(request.user)})


@login_required
@permission_required(MANAGE, raise_exception=True)
def round_open(request: AuthenticatedRequest) -> HttpResponse:
    form = RoundOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selection_round = services.round_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Seleksi dibuka."))
            return redirect("selection:detail", round_id=selection_round.pk)
    return render(request, "selection/form.html", {"form": form, "title": _("Buka seleksi calon peserta")})


@login_required
@permission_required("selection.view_selectionround", raise_exception=True)
def round_detail(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    """The round with its candidates a page at a time, searched and filtered (a round of thousands)."""
    selection_round = _round(request, round_id)
    manage = request.user.has_perm(MANAGE)
    filters = _candidate_filters(request.GET)
    page = KeyPaginator(
        selectors.candidates_filtered(request.user, selection_round, **filters),
        CANDIDATE_PAGE_SIZE,
        prepare=findings_expand,
    )
    candidates = page.get_page(request.GET.get("page"))
    query_string = _filter_query(filters)
    # A round may name hundreds of posts: the page names the first few, the post page all of them.
    target_posts = list(selection_round.target_posts.select_related("eselon", "unit", "holder")[:TARGET_POSTS_SHOWN])
    target_posts_more = selection_round.target_post_rows.count() - len(target_posts) if target_posts else 0
    return render(
        request, "selection/round_detail.html",
        {
            "round": selection_round, "candidates": candidates, "page": candidates, "filters": filters,
            "query_string": query_string, "categories": CATEGORY_FILTERS, "states": STATE_FILTERS,
            "paper_filters": PAPER_FILTERS, "choices": selectors.candidate_filter_choices(selection_round),
            "changes": selection_round.status_changes.select_related("changed_by"), "manage": manage,
            "move_form": RoundMoveForm(selection_round=selection_round) if manage else None,
            "can_propose": manage or request.user.has_perm("selection.propose_candidate"),
            "required_documents": len(selectors.required_papers(selection_round)),
            "sessions": selectors.sessions(selection_round=selection_round), "today": timezone.localdate(),
            "jobs": round_jobs_pending(selection_round),
            "interpretation": selectors.ruleset_interpretation(selection_round),
            "target_posts": target_posts, "target_posts_more": target_posts_more,
            "documents": documents_of(selection_round), "dispatch": getattr(selection_round, "dispatch", None),
        },
    )  # fmt: skip


CANDIDATE_PAGE_SIZE = 50
TARGET_POSTS_SHOWN = 10
CATEGORY_FILTERS = (
    ("", gettext_lazy("Semua kategori")),
    ("A", "A"),
    ("B", "B"),
    ("C", "C"),
    ("-", gettext_lazy("Belum disaring")),
)
STATE_FILTERS = (
    ("", gettext_lazy("Semua calon")),
    ("ikut", gettext_lazy("Diikutkan")),
    ("keluar", gettext_lazy("Dikeluarkan")),
)


# The round page's filters: the query parameter of each and the selector's argument it fills.
FILTER_PARAMETERS = {
    "q": "query",
    "kategori": "category",
    "status": "state",
    "unit": "unit",
    "syarat": "finding",
    "berkas": "papers",
}
PAPER_FILTERS = (
    ("", gettext_lazy("Semua keadaan berkas")),
    ("ditolak", gettext_lazy("Ada berkas ditolak")),
    ("belum_ada", gettext_lazy("Ada berkas belum ada")),
    ("ada", gettext_lazy("Ada berkas belum diverifikasi")),
    ("lengkap", gettext_lazy("Berkas lengkap terverifikasi")),
)


def _candidate_filters(data: Any) -> dict[str, str]:
    filters = {argument: str(data.get(parameter, ""))[:40] for parameter, argument in FILTER_PARAMETERS.items()}
    filters["query"] = query_text(data, limit=100)
    return filters


def _filter_query(filters: dict[str, str]) -> str:
    return urlencode({parameter: filters[argument] for parameter, argument in FILTER_PARAMETERS.items()})


def _round_job(kind: str) -> Callable[..., HttpResponse]:
    """A POST that queues one of the round's long actions and opens its progress."""

    @require_POST
    @login_required
    @permission_required(MANAGE, raise_exception=True)
    def view(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
        selection_round = _round(request, round_id)
        return job_started(
            request,
            lambda: round_job_queue(actor=request.user, selection_round=selection_round, kind=kind),
            lambda: redirect("selection:detail", round_id=round_id),
            _("Pekerjaan dimulai di latar; halaman ini boleh ditinggalkan."),
        )

    return view


round_inventory = _round_job("selection.inventory")
round_screen = _round_job("selection.screen")
round_documents = _round_job("selection.documents")


@login_required
@permission_required(MANAGE, raise_exception=True)
def round_target_posts(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    """The posts of the job map the round fills: the inventory starts from them."""
    selection_round = _round(request, round_id)
    current = list(selection_round.target_post_rows.values_list("post_id", flat=True))
    form = TargetPostsForm(
        request.POST or None, choices=selectors.target_post_choices(selection_round), initial={"posts": current}
    )
    done, _count = run_on_form(
        request,
        form,
        lambda data: services.round_target_posts_set(
            actor=request.user, selection_round=selection_round, posts=list(data["posts"])
        ),
    )
    if done:
        messages.success(request, _("Jabatan sasaran disimpan."))
        return redirect("selection:detail", round_id=round_id)
    return render(request, "selection/target_posts.html", {"form": form, "round": selection_round})


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def round_move(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    selection_round = _round(request, round_id)
    form = RoundMoveForm(request.POST, selection_round=selection_round)
    if form.is_valid():
        run_service(
            request,
            lambda: services.round_move(
                actor=request.user,
                selection_round=selection_round,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            ),
            _("Status seleksi diubah."),
        )
    else:
        messages.error(request, _("Pilih status yang diizinkan."))
    return redirect("selection:detail", round_id=round_id)


@login_required
def candidate_add(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    manage = request.user.has_perm(MANAGE)
    if not manage and not request.user.has_perm("selection.propose_candidate"):
        raise PermissionDenied
    selection_round = _round(request, round_id)
    form = CandidateAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # An operator can only propose someone within their own units (the scoped selector).
            employee = employee_for(request.user, form.cleaned_data["nip"])
        except Employee.DoesNotExist:
            form.add_error("nip", _("NIP tidak ditemukan dalam cakupan Anda."))
        else:
            source = CandidateSource.STAFF if manage else CandidateSource.UNIT
            added: list[RoundCandidate] = []
            if run_service(
                request,
                lambda: added.append(
                    services.candidate_add(
                        actor=request.user,
                        selection_round=selection_round,
                        employee=employee,
                        reason=form.cleaned_data["reason"],
                        source=source,
                    )
                ),
                _("Calon ditambahkan."),
            ):
                if added[0].trained_already:
                    messages.warning(request, added[0].trained_warning)
                return redirect("selection:detail", round_id=round_id)
    title = _("Tambah calon") if manage else _("Usulkan calon dari unit Anda")
    return render(request, "selection/form.html", {"form": form, "title": title, "round": selection_round})


def _chosen_candidates(request: AuthenticatedRequest, selection_round: SelectionRound) -> list[RoundCandidate]:
    """The included candidates a bulk action names: those ticked on the page (a page holds at most
    200), or every one the filter shows ("semua"), up to one past the services' limit so it can refuse."""
    if request.POST.get("semua") == "1":
        filtered = selectors.candidates_filtered(request.user, selection_round, **_candidate_filters(request.POST))
        return list(filtered.filter(included=True)[: services.MAX_BULK_CANDIDATES + 1])
    ids = posted_ids(request, "pilih", 200)
    return list(selectors.round_candidates(request.user, selection_round).filter(pk__in=ids, included=True))


def _back_to_filter(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    return redirect(f"{reverse('selection:detail', args=[round_id])}?{_filter_query(_candidate_filters(request.POST))}")


BulkAct = Callable[[AuthenticatedRequest, SelectionRound, list[RoundCandidate]], int]


def _bulk_action(act: BulkAct, success: Any) -> Callable[..., HttpResponse]:
    """A POST acting on the candidates ticked on the page, or on every one the filter shows (`act`
    calls the service and returns how many); back to the same filtered page."""

    @require_POST
    @login_required
    @permission_required(MANAGE, raise_exception=True)
    def view(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
        selection_round = _round(request, round_id)
        chosen = _chosen_candidates(request, selection_round)
        run_service(request, lambda: act(request, selection_round, chosen), lambda n: str(success) % {"n": n})
        return _back_to_filter(request, round_id)

    return view


candidates_exclude = _bulk_action(
    lambda request, selection_round, chosen: services.candidates_exclude(
        actor=request.user, selection_round=selection_round, candidates=chosen, reason=request.POST.get("reason", "")
    ),
    gettext_lazy("%(n)d calon dikeluarkan."),
)
papers_accept = _bulk_action(
    lambda request, selection_round, chosen: services.papers_accept(
        actor=request.user, selection_round=selection_round, candidates=chosen
    ),
    gettext_lazy("%(n)d dokumen diterima."),
)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def candidate_exclude(request: AuthenticatedRequest, round_id: int, candidate_id: int) -> HttpResponse:
    selection_round = _round(request, round_id)
    candidate = _candidate(request, selection_round, candidate_id)
    run_service(
        request,
        with_form(
            CandidateExcludeForm(request.POST),
            lambda data: services.candidate_exclude(actor=request.user, candidate=candidate, reason=data["reason"]),
        ),
        _("Calon dikeluarkan."),
    )
    return redirect("selection:detail", round_id=round_id)


@login_required
@permission_required(MANAGE, raise_exception=True)
def candidate_facts(request: AuthenticatedRequest, round_id: int, candidate_id: int) -> HttpResponse:
    """The candidate's round facts (proposal, Baperjakat, education conversion) and assessors."""
    selection_round = _round(request, round_id)
    candidate = _candidate(request, selection_round, candidate_id)
    initial = {
        "proposed_by_unit": candidate.proposed_by_unit,
        "baperjakat": candidate.baperjakat,
        "selection_passed": candidate.selection_passed,
        "education_conversion": candidate.education_conversion,
        "education_conversion_note": candidate.education_conversion_note,
    }
    form = CandidateFactsForm(request.POST or None, initial=initial)
    done, _none = run_on_form(
        request, form, lambda data: services.candidate_set_facts(actor=request.user, candidate=candidate, **data)
    )
    if done:
        messages.success(request, _("Data calon disimpan."))
        return redirect("selection:detail", round_id=round_id)
    return render(
        request,
        "selection/candidate.html",
        {
            "round": selection_round,
            "candidate": candidate,
            "form": form,
            "assign_form": AssessorAssignForm(),
            "assessments": selectors.candidate_assessments(candidate),
            "checks": selectors.candidate_checks(candidate),
        },
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def assessor_assign(request: AuthenticatedRequest, round_id: int, candidate_id: int) -> HttpResponse:
    selection_round = _round(request, round_id)
    candidate = _candidate(request, selection_round, candidate_id)
    run_service(
        request,
        with_form(
            AssessorAssignForm(request.POST),
            lambda data: services.assessor_assign(actor=request.user, candidate=candidate, assessor=data["assessor"]),
        ),
        _("Penilai ditugaskan."),
    )
    return redirect("selection:candidate-facts", round_id=round_id, candidate_id=candidate_id)


@login_required
@permission_required("selection.view_selectionround", raise_exception=True)
@permission_required("people.view_all_employees", raise_exception=True)
def round_what_if(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    """Re-run the round with an edited copy of its rule set; nothing is saved (S4)."""
    selection_round = _round(request, round_id)
    text = request.POST.get("ruleset") or json.dumps(selection_round.ruleset_document, ensure_ascii=False, indent=2)
    rows, error = [], ""
    if request.method == "POST":
        try:
            ruleset = parse_ruleset(json.loads(text), _("salinan uji"))
        except json.JSONDecodeError as problem:
            error = _("JSON tidak sah pada baris %(line)d: %(msg)s") % {"line": problem.lineno, "msg": problem.msg}
        except RuleSetError as problem:
            error = str(problem)
        else:
            if selection_round.level not in ruleset.levels:
                error = _("Salinan aturan tidak mengatur tingkat %(level)s.") % {"level": selection_round.level}
            else:
                stored = {c.employee.nip: c for c in selectors.round_candidates(request.user, selection_round)}
                rows = [
                    (result, stored.get(result.candidate.nip))
                    for result in selectors.round_results(selection_round, ruleset)
                ]
    return render(
        request,
        "selection/what_if.html",
        {"round": selection_round, "ruleset_text": text, "rows": rows, "error": error},
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def document_verify(request: AuthenticatedRequest, round_id: int, candidate_id: int, check_id: int) -> HttpResponse:
    selection_round = _round(request, round_id)
    candidate = _candidate(request, selection_round, candidate_id)
    try:
        check = selectors.candidate_checks(candidate).get(pk=check_id)
    except DocumentCheck.DoesNotExist:
        raise Http404 from None
    run_service(
        request,
        with_form(
            DocumentVerifyForm(request.POST),
            lambda data: services.document_verify(
                actor=request.user, check=check, accepted=data["decision"] == "terima", note=data["note"]
            ),
        ),
        _("Pemeriksaan dokumen disimpan."),
    )
    return redirect("selection:candidate-facts", round_id=round_id, candidate_id=candidate_id)


@login_required
@permission_required("selection.assess_candidates", raise_exception=True)
def assessment_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "selection/assessment_list.html", {"assessments": selectors.assignments_for(request.user)})


@login_required
@permission_required("selection.assess_candidates", raise_exception=True)
def assessment_edit(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    try:
        assessment = selectors.assignments_for(request.user).get(pk=assessment_id)
    except Assessment.DoesNotExist:
        raise Http404 from None  # someone else's assignment
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                actor=request.user,
                assessment=selectors.assignments_for(request.user).get(pk=assessment_id),
                **{name: form.cleaned_data[name] for name in SCORE_FIELDS},
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Nilai disimpan."))
            return redirect("selection:assessments")
    title = _("Penilaian: %(name)s") % {"name": assessment.candidate.employee.full_name}
    return render(
        request, "selection/form.html", {"form": form, "title": title, "back": reverse("selection:assessments")}
    )


@require_POST
@login_required
@permission_required("selection.view_selectionround", raise_exception=True)
@permission_required("people.view_all_employees", raise_exception=True)
def round_tabulation(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    """Start the tabulation as XLSX in the background and open its progress (the PDF and DOCX come
    from the document engine)."""
    selection_round = _round(request, round_id)
    return job_started(
        request,
        lambda: tabulation_export_queue(actor=request.user, selection_round=selection_round),
        lambda: redirect("selection:detail", round_id=selection_round.pk),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
@permission_required("documents.draft_document", raise_exception=True)
def round_tabulation_document(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    selection_round = _round(request, round_id)
    return draft_in_background(
        request,
        kind=TABULATION.code,
        subject=selection_round,
        fallback=reverse("selection:detail", args=[round_id]),
    )
