"""Thin views of the selection team (TSPDI): teams and members, sessions with their conclusions and
decisions, and the documents drafted from them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bangkom.core.keyset import KeyPaginator
from bangkom.core.web import AuthenticatedRequest, run_on_form, run_service, with_form
from bangkom.documents.selectors import documents_of
from bangkom.documents.web import draft_in_background
from bangkom.people.models import Employee
from bangkom.people.selectors import employee_for

from . import selectors, services
from .forms import MemberForm, MinutesForm, SessionForm, TeamForm
from .letters import ADVICE, DECREE, MINUTES, SUMMONS
from .models import Decision, SelectionTeam, TeamSession, findings_expand

VIEW = "selection.view_selectionround"
MANAGE = "selection.manage_selection"
SESSION_DOCUMENTS = {kind.code: kind for kind in (MINUTES, ADVICE, DECREE, SUMMONS)}


def _team(team_id: int) -> SelectionTeam:
    try:
        return selectors.teams().get(pk=team_id)
    except SelectionTeam.DoesNotExist:
        raise Http404 from None


def _session(session_id: int) -> TeamSession:
    try:
        return selectors.sessions().get(pk=session_id)
    except TeamSession.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required(VIEW, raise_exception=True)
def team_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        if form.is_valid():
            try:
                team = services.team_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("selection:team", team_id=team.pk)
    return render(request, "selection/team_list.html", {"teams": selectors.teams(), "form": form})


def _team_page(
    request: HttpRequest, team: SelectionTeam, member_form: MemberForm | None, session_form: SessionForm | None
) -> HttpResponse:
    return render(
        request,
        "selection/team_detail.html",
        {
            "team": team,
            "members": selectors.team_members(team),
            "member_form": member_form,
            "session_form": session_form,
            "sessions": selectors.sessions().filter(team=team),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def team_detail(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    manage = request.user.has_perm(MANAGE)
    member_form = MemberForm(request.POST or None) if manage else None
    if request.method == "POST" and member_form is not None and member_form.is_valid():
        data = member_form.cleaned_data
        try:
            employee = employee_for(request.user, data["nip"])
        except Employee.DoesNotExist:
            member_form.add_error("nip", _("NIP %(nip)s tidak ditemukan.") % {"nip": data["nip"]})
        else:
            if run_service(
                request,
                lambda: services.member_add(
                    actor=request.user, team=team, employee=employee, position=data["position"], role=data["role"]
                ),
                _("Anggota ditambahkan."),
            ):
                return redirect("selection:team", team_id=team.pk)
    return _team_page(request, team, member_form, SessionForm(team=team) if manage else None)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def session_record(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    form = SessionForm(request.POST, team=team)
    done, session = run_on_form(
        request,
        form,
        lambda data: services.session_record(
            actor=request.user,
            team=team,
            selection_round=data["selection_round"],
            held_on=data["held_on"],
            agenda=data["agenda"],
            attendees=list(data["attendees"]),
            test_schedule=data["test_schedule"],
        ),
    )
    if done:
        return redirect("selection:session", session_id=session.pk)
    return _team_page(request, team, MemberForm(), form)


DECISION_PAGE_SIZE = 50
DECISION_FILTERS = (
    ("", gettext_lazy("Semua calon")),
    ("A", "A"),
    ("B", "B"),
    ("C", "C"),
    ("-", gettext_lazy("Belum disaring")),
)


@login_required
@permission_required(VIEW, raise_exception=True)
def session_detail(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The session with its candidates a page at a time (a round may hold thousands): each page's
    decisions form stays far below Django's field limit; a category filter and a decision for all the
    filtered candidates at once serve a large round."""
    session = _session(session_id)
    category = request.GET.get("kategori", "")
    candidates = _decision_candidates(request, session, category)
    page = KeyPaginator(candidates, DECISION_PAGE_SIZE, prepare=findings_expand).get_page(request.GET.get("page"))
    decided = {row.candidate_id: row for row in session.decisions.filter(candidate__in=[c.pk for c in page])}
    return render(
        request, "selection/session.html",
        {
            "session": session, "candidates": [(c, decided.get(c.pk)) for c in page], "page": page,
            "category": category, "categories": DECISION_FILTERS, "decisions": Decision.choices,
            "attendees": session.attendees.select_related("employee"), "manage": request.user.has_perm(MANAGE),
            "minutes_form": MinutesForm(initial={"minutes": session.minutes, "test_schedule": session.test_schedule}),
            "documents": documents_of(session), "kinds": SESSION_DOCUMENTS.values(), "today": timezone.localdate(),
        },
    )  # fmt: skip


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def session_minutes(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = _session(session_id)
    run_service(
        request,
        with_form(
            MinutesForm(request.POST), lambda data: services.session_update(actor=request.user, session=session, **data)
        ),
        _("Kesimpulan sidang disimpan."),
    )
    return redirect("selection:session", session_id=session_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def session_decisions(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The decisions posted for one page of candidates (`keputusan_<id>`, `catatan_<id>`), all or none."""
    session = _session(session_id)
    posted = {
        int(key.removeprefix("keputusan_"))
        for key, value in request.POST.items()
        if key.startswith("keputusan_") and key.removeprefix("keputusan_").isdigit() and value
    }
    candidates = selectors.round_candidates(request.user, session.round).filter(included=True, pk__in=posted)
    rows = [
        (candidate, request.POST[f"keputusan_{candidate.pk}"], request.POST.get(f"catatan_{candidate.pk}", "")[:500])
        for candidate in candidates
    ]
    run_service(
        request,
        lambda: services.decisions_record(actor=request.user, session=session, rows=rows),
        lambda saved: _("%(n)d keputusan disimpan.") % {"n": saved},
    )
    return _back_to_page(request, session_id)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def session_decisions_bulk(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """One decision for every candidate the category filter shows (all pages), all or none."""
    session = _session(session_id)
    decision, note = request.POST.get("keputusan", ""), request.POST.get("catatan", "")[:500]
    candidates = _decision_candidates(request, session, request.POST.get("kategori", ""))
    run_service(
        request,
        lambda: services.decisions_record(
            actor=request.user, session=session, rows=[(candidate, decision, note) for candidate in candidates]
        ),
        lambda saved: _("%(n)d keputusan disimpan.") % {"n": saved},
    )
    return _back_to_page(request, session_id)


def _decision_candidates(request: AuthenticatedRequest, session: Any, category: str) -> Any:
    """The session's candidates still in the round that the user may see, narrowed to a category."""
    return selectors.candidates_filtered(request.user, session.round, category=category, state="ikut")


def _back_to_page(request: HttpRequest, session_id: int) -> HttpResponse:
    query = urlencode({"kategori": request.POST.get("kategori", ""), "page": request.POST.get("page", "1")})
    return redirect(f"{reverse('selection:session', args=[session_id])}?{query}")


@require_POST
@login_required
@permission_required("documents.draft_document", raise_exception=True)
def session_document(request: AuthenticatedRequest, session_id: int, kind: str) -> HttpResponse:
    session = _session(session_id)
    if kind not in SESSION_DOCUMENTS:
        raise Http404
    return draft_in_background(
        request, kind=kind, subject=session, fallback=reverse("selection:session", args=[session_id])
    )
