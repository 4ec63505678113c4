"""Thin views over the study and overseas selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.web import AuthenticatedRequest, found, run_on_form, run_step, with_form
from bangkom.documents.selectors import documents_of

from . import selectors, services
from .forms import (
    AnnouncementForm,
    ApplicationForm,
    CompleteForm,
    DecideForm,
    ExtendForm,
    NoteForm,
    OverseasForm,
    PaperForm,
    ProgressCancelForm,
    ProgressCorrectionForm,
    ProgressForm,
    QuotaForm,
    ReportForm,
    ScoreForm,
    StopForm,
    UnitDecisionForm,
    VerifyForm,
)
from .models import (
    EDITABLE_OVERSEAS,
    MANAGE,
    PROPOSE,
    AnnouncementStatus,
    OverseasRequest,
    OverseasStatus,
    Paper,
    StudyApplication,
    StudyAssignment,
)
from .policy import REPORT_PAPER, overseas_policy, rules_of, study_papers

PER_PAGE = 50


def may_open(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def guarded(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.may_open(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# --- Announcements ---------------------------------------------------------------------------------


@login_required
@may_open
def study_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    assignments = selectors.assignments_visible(request.user).order_by("-starts_on", "employee__name", "id")
    return render(
        request,
        "studies/list.html",
        {
            "announcements": selectors.announcements_visible(request.user),
            "assignments": Paginator(assignments, PER_PAGE).get_page(request.GET.get("page")),
            "overdue": selectors.assignments_overdue(request.user, today)[:20],
            "today": today,
        },
    )


def _announcement(request: AuthenticatedRequest, announcement_id: int) -> Any:
    return found(lambda: selectors.announcement_for(request.user, announcement_id))


def _to_announcement(announcement: Any) -> HttpResponse:
    return redirect("studies:announcement", announcement_id=announcement.pk)


@login_required
@permission_required(MANAGE, raise_exception=True)
def announcement_create(request: AuthenticatedRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    done, announcement = run_on_form(
        request, form, lambda data: services.announcement_create(actor=request.user, **data)
    )
    if done:
        return _to_announcement(announcement)
    return render(request, "studies/form.html", {"form": form, "title": _("Pengumuman tugas belajar")})


@login_required
@permission_required(MANAGE, raise_exception=True)
def announcement_edit(request: AuthenticatedRequest, announcement_id: int) -> HttpResponse:
    announcement = _announcement(request, announcement_id)
    form = AnnouncementForm(request.POST or None, instance=announcement)
    done, _result = run_on_form(
        request, form, lambda data: services.announcement_update(actor=request.user, announcement=announcement, **data)
    )
    if done:
        return _to_announcement(announcement)
    return render(request, "studies/form.html", {"form": form, "title": announcement.title})


@login_required
@may_open
def announcement_detail(request: AuthenticatedRequest, announcement_id: int) -> HttpResponse:
    announcement = _announcement(request, announcement_id)
    applications = list(selectors.applications_of(request.user, announcement))
    for application in applications:
        application.score_form = ScoreForm(  # type: ignore[attr-defined]
            prefix=f"s{application.pk}",
            initial={"academic": application.academic_score, "interview": application.interview_score},
        )
    return render(
        request,
        "studies/announcement.html",
        {
            "announcement": announcement,
            "rules": rules_of(announcement),
            "quotas": announcement.quotas.all(),
            "applications": applications,
            "quota_form": QuotaForm(),
            "note_form": NoteForm(),
            "documents": documents_of(announcement),
            "decree": services.decree_of(announcement),
            "changes": announcement.status_changes.select_related("changed_by"),
            "today": timezone.localdate(),
        },
    )


# step -> (form or None, service, success message); every step is BKPSDM's.
ANNOUNCEMENT_STEPS: dict[str, tuple[type[Any] | None, Callable[..., Any], str]] = {
    "kuota": (QuotaForm, services.quota_set, _("Kuota disimpan.")),
    "buka": (None, services.announcement_open, _("Pendaftaran dibuka.")),
    "tutup": (None, services.announcement_close, _("Pendaftaran ditutup.")),
    "periksa": (None, services.applications_screen, _("Syarat seluruh usulan diperiksa.")),
    "peringkat": (None, services.announcement_rank, _("Hasil seleksi disusun.")),
    "buka-kembali": (NoteForm, services.ranking_reopen, _("Hasil seleksi dibuka kembali untuk penilaian.")),
    "keputusan": (None, services.decree_draft, _("Keputusan tugas belajar disusun.")),
    "tetapkan": (None, services.announcement_decide, _("Tugas belajar ditetapkan.")),
}


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def announcement_step(request: AuthenticatedRequest, announcement_id: int, step: str) -> HttpResponse:
    if step not in ANNOUNCEMENT_STEPS:
        raise Http404
    announcement = _announcement(request, announcement_id)
    form_class, service, success = ANNOUNCEMENT_STEPS[step]
    return run_step(
        request,
        with_form(
            form_class(request.POST) if form_class else None,
            lambda data: service(actor=request.user, announcement=announcement, **data),
        ),
        str(success),
        _to_announcement(announcement),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def quota_remove(request: AuthenticatedRequest, announcement_id: int, quota_id: int) -> HttpResponse:
    announcement = _announcement(request, announcement_id)
    quota = found(lambda: announcement.quotas.get(pk=quota_id))
    return run_step(
        request,
        lambda: services.quota_remove(actor=request.user, quota=quota),
        _("Kuota dihapus."),
        _to_announcement(announcement),
    )


# --- Applications ----------------------------------------------------------------------------------


def _application(request: AuthenticatedRequest, application_id: int) -> StudyApplication:
    return found(lambda: selectors.application_for(request.user, application_id))


def _to_application(application: StudyApplication) -> HttpResponse:
    return redirect("studies:application", application_id=application.pk)


@login_required
@permission_required(PROPOSE, raise_exception=True)
def application_create(request: AuthenticatedRequest, announcement_id: int) -> HttpResponse:
    announcement = _announcement(request, announcement_id)
    levels = [q.level for q in announcement.quotas.all()]
    form = ApplicationForm(request.POST or None, employees=selectors.employees_for(request.user), levels=levels)
    done, application = run_on_form(
        request,
        form,
        lambda data: services.application_create(actor=request.user, announcement=announcement, **data),
    )
    if done:
        return _to_application(application)
    return render(
        request,
        "studies/form.html",
        {"form": form, "title": _("Usulan tugas belajar: %(title)s") % {"title": announcement.title}},
    )


@login_required
@permission_required(PROPOSE, raise_exception=True)
def application_edit(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    levels = [q.level for q in application.announcement.quotas.all()]
    form = ApplicationForm(
        request.POST or None, instance=application, employees=selectors.employees_for(request.user), levels=levels
    )
    done, _result = run_on_form(
        request, form, lambda data: services.application_update(actor=request.user, application=application, **data)
    )
    if done:
        return _to_application(application)
    return render(request, "studies/form.html", {"form": form, "title": str(application)})


@login_required
@may_open
def application_detail(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    kinds = study_papers(application.announcement)
    return render(
        request,
        "studies/application.html",
        {
            "application": application,
            "papers": _paper_rows(application, kinds),
            "paper_form": PaperForm(kinds=kinds),
            "verify_form": VerifyForm(),
            "note_form": NoteForm(),
            "unit_form": UnitDecisionForm(),
            "verifiable": application.announcement.status in (AnnouncementStatus.OPEN, AnnouncementStatus.CLOSED),
            "changes": application.status_changes.select_related("changed_by"),
        },
    )


def _paper_rows(subject: Any, kinds: Any) -> list[tuple[Any, Paper | None]]:
    papers = services.papers_of(subject)
    return [(kind, papers.get(kind.code)) for kind in kinds]


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def application_submit(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    return run_step(
        request,
        lambda: services.application_submit(actor=request.user, application=application),
        _("Usulan diajukan ke BKPSDM."),
        _to_application(application),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def application_unit_decide(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    """The unit returns a civil servant's own application to them, or does not propose them."""
    application = _application(request, application_id)
    form = UnitDecisionForm(request.POST)

    def decide(data: dict[str, Any]) -> StudyApplication:
        returned = data["decision"] == "kembalikan"
        service = services.application_unit_return if returned else services.application_unit_decline
        return service(actor=request.user, application=application, note=data["note"])

    return run_step(
        request,
        with_form(form, decide),
        _("Keputusan unit kerja disimpan dan pegawai diberi tahu."),
        _to_application(application),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def application_return(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = NoteForm(request.POST)
    return run_step(
        request,
        with_form(
            form, lambda d: services.application_return(actor=request.user, application=application, note=d["note"])
        ),
        _("Usulan dikembalikan ke unit kerja."),
        _to_application(application),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def scores_record(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = ScoreForm(request.POST, prefix=f"s{application.pk}")
    return run_step(
        request,
        with_form(form, lambda d: services.scores_record(actor=request.user, application=application, **d)),
        _("Nilai %(name)s disimpan.") % {"name": application.employee.full_name},
        _to_announcement(application.announcement),
    )


# --- Papers ----------------------------------------------------------------------------------------


def _subject(request: AuthenticatedRequest, kind: str, subject_id: int) -> Any:
    if kind == "usulan":
        return _application(request, subject_id)
    if kind == "luar-negeri":
        return _overseas(request, subject_id)
    raise Http404


def _to_subject(subject: Any) -> HttpResponse:
    if isinstance(subject, StudyApplication):
        return _to_application(subject)
    return _to_overseas(subject)


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def paper_upload(request: AuthenticatedRequest, kind: str, subject_id: int) -> HttpResponse:
    subject = _subject(request, kind, subject_id)
    kinds = study_papers(subject.announcement) if isinstance(subject, StudyApplication) else overseas_policy().papers
    form = PaperForm(request.POST, request.FILES, kinds=kinds)
    return run_step(
        request,
        with_form(
            form,
            lambda d: services.paper_upload(actor=request.user, subject=subject, kind=d["kind"], upload=d["upload"]),
        ),
        _("Berkas diunggah."),
        _to_subject(subject),
    )


def _paper(request: AuthenticatedRequest, paper_id: int) -> Paper:
    paper = found(lambda: Paper.objects.select_related("subject_type").get(pk=paper_id))
    kind = "usulan" if paper.subject_type.model == "studyapplication" else "luar-negeri"
    _subject(request, kind, paper.subject_id)  # 404 unless the user sees what it belongs to
    return paper


@login_required
@may_open
def paper_download(request: AuthenticatedRequest, paper_id: int) -> FileResponse:
    paper = _paper(request, paper_id)
    return FileResponse(paper.file.open("rb"), as_attachment=True, filename=paper.original_name)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def paper_verify(request: AuthenticatedRequest, paper_id: int) -> HttpResponse:
    paper = _paper(request, paper_id)
    form = VerifyForm(request.POST)
    return run_step(
        request,
        with_form(form, lambda d: services.paper_verify(actor=request.user, paper=paper, **d)),
        _("Hasil pemeriksaan berkas disimpan."),
        _to_subject(paper.subject),
    )


# --- Assignments -----------------------------------------------------------------------------------


@login_required
@may_open
def assignment_detail(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    assignment = found(lambda: selectors.assignment_for(request.user, assignment_id))
    return render(
        request,
        "studies/assignment.html",
        {
            "assignment": assignment,
            "progress": assignment.progress.all(),
            "progress_form": ProgressForm(),
            "extend_form": ExtendForm(),
            "complete_form": CompleteForm(),
            "stop_form": StopForm(),
            "changes": assignment.status_changes.select_related("changed_by"),
            "today": timezone.localdate(),
        },
    )


def _on_progress(service: Callable[..., Any]) -> Callable[..., Any]:
    """A service on one semester report, called with the assignment's step and the report's id."""

    def call(*, actor: Any, assignment: StudyAssignment, progress: int, **data: Any) -> Any:
        row = found(lambda: assignment.progress.get(pk=progress))
        return service(actor=actor, progress=row, **data)

    return call


ASSIGNMENT_STEPS: dict[str, tuple[type[Any], Callable[..., Any], str]] = {
    "kemajuan": (ProgressForm, services.progress_record, _("Laporan kemajuan studi dicatat.")),
    "kemajuan-koreksi": (
        ProgressCorrectionForm,
        _on_progress(services.progress_correct),
        _("Laporan semester dikoreksi."),
    ),
    "kemajuan-batal": (ProgressCancelForm, _on_progress(services.progress_cancel), _("Laporan semester dibatalkan.")),
    "perpanjang": (ExtendForm, services.assignment_extend, _("Tugas belajar diperpanjang.")),
    "selesai": (CompleteForm, services.assignment_complete, _("Tugas belajar selesai; ijazah dicatat di riwayat.")),
    "hentikan": (StopForm, services.assignment_stop, _("Tugas belajar dihentikan.")),
}


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def assignment_step(request: AuthenticatedRequest, assignment_id: int, step: str) -> HttpResponse:
    if step not in ASSIGNMENT_STEPS:
        raise Http404
    assignment = found(lambda: selectors.assignment_for(request.user, assignment_id))
    form_class, service, success = ASSIGNMENT_STEPS[step]
    return run_step(
        request,
        with_form(
            form_class(request.POST) if form_class else None,
            lambda data: service(actor=request.user, assignment=assignment, **data),
        ),
        str(success),
        redirect("studies:assignment", assignment_id=assignment.pk),
    )


# --- Overseas --------------------------------------------------------------------------------------


def _overseas(request: AuthenticatedRequest, request_id: int) -> OverseasRequest:
    return found(lambda: selectors.overseas_for(request.user, request_id))


def _to_overseas(overseas: OverseasRequest) -> HttpResponse:
    return redirect("studies:overseas", request_id=overseas.pk)


@login_required
@may_open
def overseas_list(request: AuthenticatedRequest) -> HttpResponse:
    requests = selectors.overseas_visible(request.user).order_by("-starts_on", "id")
    status = request.GET.get("status", "")
    if status in OverseasStatus.values:
        requests = requests.filter(status=status)
    today = timezone.localdate()
    return render(
        request,
        "studies/overseas_list.html",
        {
            "page": Paginator(requests, PER_PAGE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": OverseasStatus.choices,
            "overdue": selectors.reports_overdue(request.user, today)[:20],
            "due_days": overseas_policy().report_due_days,
        },
    )


@login_required
@permission_required(PROPOSE, raise_exception=True)
def overseas_create(request: AuthenticatedRequest) -> HttpResponse:
    form = OverseasForm(request.POST or None, employees=selectors.employees_for(request.user))
    done, overseas = run_on_form(request, form, lambda data: services.overseas_create(actor=request.user, **data))
    if done:
        return _to_overseas(overseas)
    return render(request, "studies/form.html", {"form": form, "title": _("Permohonan pelatihan luar negeri/magang")})


@login_required
@permission_required(PROPOSE, raise_exception=True)
def overseas_edit(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    overseas = _overseas(request, request_id)
    form = OverseasForm(request.POST or None, instance=overseas, employees=selectors.employees_for(request.user))
    done, _result = run_on_form(
        request, form, lambda data: services.overseas_update(actor=request.user, request=overseas, **data)
    )
    if done:
        return _to_overseas(overseas)
    return render(request, "studies/form.html", {"form": form, "title": overseas.title})


@login_required
@may_open
def overseas_detail(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    overseas = _overseas(request, request_id)
    policy = overseas_policy()
    upload_kinds = (
        policy.papers
        if overseas.status in EDITABLE_OVERSEAS
        else tuple(p for p in policy.papers if p.code == REPORT_PAPER)
    )
    return render(
        request, "studies/overseas.html",
        {
            "overseas": overseas,
            "papers": _paper_rows(overseas, policy.papers), "paper_form": PaperForm(kinds=upload_kinds),
            "verify_form": VerifyForm(), "note_form": NoteForm(), "decide_form": DecideForm(),
            "report_form": ReportForm(), "approval": services.approval_of(overseas),
            "report_due_on": selectors.report_due_on(overseas), "today": timezone.localdate(),
            "verifiable": overseas.status in (OverseasStatus.SUBMITTED, OverseasStatus.REPORTED),
            "documents": documents_of(overseas), "changes": overseas.status_changes.select_related("changed_by"),
        },
    )  # fmt: skip


# step -> (permission, form or None, service, success message)
OVERSEAS_STEPS: dict[str, tuple[str, type[Any] | None, Callable[..., Any], str]] = {
    "kirim": (PROPOSE, None, services.overseas_submit, _("Permohonan diajukan ke BKPSDM.")),
    "kembalikan": (MANAGE, NoteForm, services.overseas_return, _("Permohonan dikembalikan ke unit kerja.")),
    "putuskan": (MANAGE, DecideForm, services.overseas_decide, _("Keputusan atas permohonan disimpan.")),
    "laporan": (PROPOSE, ReportForm, services.overseas_report, _("Laporan disampaikan ke BKPSDM.")),
    "laporan-putuskan": (MANAGE, DecideForm, services.overseas_report_decide, _("Keputusan atas laporan disimpan.")),
}


@require_POST
@login_required
def overseas_step(request: AuthenticatedRequest, request_id: int, step: str) -> HttpResponse:
    if step not in OVERSEAS_STEPS:
        raise Http404
    permission, form_class, service, success = OVERSEAS_STEPS[step]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    overseas = _overseas(request, request_id)
    run = with_form(
        form_class(request.POST) if form_class else None,
        lambda data: service(actor=request.user, request=overseas, **data),
    )
    return run_step(request, run, str(success), _to_overseas(overseas))
