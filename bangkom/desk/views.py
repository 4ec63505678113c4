"""Thin views of the service desk: the public catalogue and complaint pages, requests on the clock, the
JPT Pratama assessment and the complaint desk."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.errors import ServiceError
from bangkom.core.keyset import CountedPaginator
from bangkom.core.net import client_address
from bangkom.core.web import AuthenticatedRequest, found, run_on_form, run_step, with_form
from bangkom.documents.selectors import documents_of
from bangkom.workflow.web import panel, send_about

from . import selectors, services
from .forms import (
    AnswerForm,
    AssessmentForm,
    AssignForm,
    CoordinationForm,
    LetterForm,
    NoteForm,
    ParticipantsForm,
    PublicComplaintForm,
    ReasonForm,
    ReplyForm,
    RequestForm,
    ResultForm,
    ScheduleForm,
    SentForm,
    StaffComplaintForm,
    TrackForm,
    UploadForm,
    VerifyForm,
    form_token,
    form_token_read,
)
from .models import Complaint, ComplaintStatus, RequestStatus
from .policy import assessment_policy, complaint_policy

PER_PAGE = 50


def _guard(allowed: Callable[[Any], bool]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def guarded(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.__name__ = view.__name__
        guarded.__doc__ = view.__doc__
        return guarded

    return decorate


Steps = Mapping[str, tuple[type[Any] | None, Callable[..., Any], str]]


def _step_of(
    request: AuthenticatedRequest, subject: Any, name: str, steps: Steps, argument: str, back: HttpResponse
) -> HttpResponse:
    """A POSTed step on a record already found in the user's scope: a disposition about it, or one of
    its steps (form, service, success message), the service called with the record as `argument`."""
    if name == "disposisi":
        return send_about(request, subject, back)
    if name not in steps:
        raise Http404
    form_class, service, success = steps[name]
    return run_step(
        request,
        with_form(
            form_class(request.POST) if form_class else None,
            lambda data: service(actor=request.user, **{argument: subject}, **data),
        ),
        str(success),
        back,
    )


# --- The public catalogue ---------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/catalogue.html", {"services": selectors.catalogue()})


def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = found(lambda: selectors.service_by_code(code))
    return render(request, "desk/service.html", {"service": service, "role_names": selectors.ROLE_NAMES})


# --- Requests on the clock --------------------------------------------------------------------------


@login_required
@permission_required(selectors.VIEW_REQUESTS, raise_exception=True)
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    status = request.GET.get("status", RequestStatus.IN_PROGRESS)
    board = selectors.step_board(request.user, today)
    requests = selectors.requests_listed(request.user, status)
    # The requests in progress are the board's: counted there already.
    paginator = (
        CountedPaginator(requests, PER_PAGE, count=sum(load.count for load in board))
        if status == RequestStatus.IN_PROGRESS
        else Paginator(requests, PER_PAGE)
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "desk/requests.html",
        {
            "page": page,
            "rows": selectors.request_rows(page.object_list, today),
            "board": board,
            "status": status,
            "statuses": RequestStatus.choices,
            "today": today,
        },
    )


@login_required
@permission_required(services.MANAGE_REQUESTS, raise_exception=True)
def request_open(request: AuthenticatedRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    done, opened = run_on_form(request, form, lambda data: services.request_open(actor=request.user, **data))
    if done:
        messages.success(
            request, _("Permohonan dicatat; batas waktu %(date)s.") % {"date": f"{opened.due_on:%d-%m-%Y}"}
        )
        return redirect(opened.get_absolute_url())
    return render(request, "desk/form.html", {"form": form, "title": _("Catat permohonan layanan")})


@login_required
@permission_required(selectors.VIEW_REQUESTS, raise_exception=True)
def request_detail(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    service_request = found(lambda: selectors.request_for(request.user, request_id))
    if service_request.subject_type_id is not None and hasattr(service_request, "assessment"):
        return redirect(service_request.assessment.get_absolute_url())
    today = timezone.localdate()
    return render(
        request,
        "desk/request.html",
        {
            "req": service_request,
            "clock": selectors.request_clock(service_request, today),
            "today": today,
            "changes": service_request.status_changes.select_related("changed_by"),
            "may_step": services.may_do_step(request.user, service_request),
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
            "role_names": selectors.ROLE_NAMES,
            **panel(request.user, service_request),
            "send_url": f"{service_request.get_absolute_url()}disposisi/",
        },
    )


REQUEST_STEPS: dict[str, tuple[type[Any] | None, Callable[..., Any], str]] = {
    "langkah": (NoteForm, services.request_step_done, _("Langkah dicatat selesai.")),
    "tolak": (ReasonForm, services.request_reject, _("Permohonan ditolak.")),
}


@require_POST
@login_required
@permission_required(selectors.VIEW_REQUESTS, raise_exception=True)
def request_step(request: AuthenticatedRequest, request_id: int, name: str) -> HttpResponse:
    service_request = found(lambda: selectors.request_for(request.user, request_id))
    back = redirect(service_request.get_absolute_url())
    return _step_of(request, service_request, name, REQUEST_STEPS, "request", back)


# --- The JPT Pratama assessment ---------------------------------------------------------------------


@login_required
@_guard(selectors.may_see_assessments)
def assessment_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "desk/assessments.html",
        {
            "assessments": selectors.assessments_visible(request.user),
            "today": today,
            "late": selectors.reports_late(request.user, today),
        },
    )


@login_required
@permission_required(services.RUN_ASSESSMENT, raise_exception=True)
def assessment_open(request: AuthenticatedRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None)
    done, assessment = run_on_form(request, form, lambda data: services.assessment_open(actor=request.user, **data))
    if done:
        messages.success(request, _("Asesmen dicatat. Langkah 1: Kepala memberi perintah kepada Kabid."))
        return redirect(assessment.get_absolute_url())
    return render(request, "desk/form.html", {"form": form, "title": _("Asesmen job target JPT Pratama baru")})


@login_required
@_guard(selectors.may_see_assessments)
def assessment_detail(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = found(lambda: selectors.assessment_for(request.user, assessment_id))
    today = timezone.localdate()
    service_request = assessment.request
    policy = assessment_policy()
    steps = [
        {
            "n": n,
            "text": row["text"],
            "role": selectors.ROLE_NAMES.get(row["role"], row["role"]),
            "done": n < service_request.step,
            "current": n == service_request.step,
        }
        for n, row in enumerate(service_request.steps, start=1)
    ]
    return render(
        request, "desk/assessment.html",
        {
            "assessment": assessment, "req": service_request, "steps": steps, "today": today,
            "clock": selectors.request_clock(service_request, today), "policy": policy,
            "participants": selectors.participants_of(assessment), "documents": documents_of(assessment),
            "changes": service_request.status_changes.select_related("changed_by"),
            "may_run": request.user.has_perm(services.RUN_ASSESSMENT),
            "forms": {
                "participants": ParticipantsForm(), "coordination": CoordinationForm(), "letter": LetterForm(),
                "sent": SentForm(initial={"sent_on": today}), "reply": ReplyForm(), "schedule": ScheduleForm(),
                "result": ResultForm(), "verify": VerifyForm(), "upload": UploadForm(), "reason": ReasonForm(),
            },
            **panel(request.user, assessment),
            "send_url": f"{assessment.get_absolute_url()}disposisi/",
        },
    )  # fmt: skip


ASSESSMENT_STEPS: dict[str, tuple[type[Any], Callable[..., Any], str]] = {
    "peserta": (ParticipantsForm, services.participants_add, _("Peserta ditambahkan.")),
    "koordinasi": (CoordinationForm, services.coordination_record, _("Hasil koordinasi dicatat.")),
    "surat": (LetterForm, services.letter_draft, _("Konsep surat disusun; teruskan untuk diparaf.")),
    "kirim": (SentForm, services.letter_sent_record, _("Pengiriman surat ke BKD provinsi dicatat.")),
    "balasan": (ReplyForm, services.reply_record, _("Surat balasan dan masa fasilitasi dicatat.")),
    "batal": (ReasonForm, services.assessment_cancel, _("Asesmen dibatalkan.")),
}


@require_POST
@login_required
@_guard(selectors.may_see_assessments)
def assessment_step(request: AuthenticatedRequest, assessment_id: int, name: str) -> HttpResponse:
    assessment = found(lambda: selectors.assessment_for(request.user, assessment_id))
    if name in ASSESSMENT_STEPS and not request.user.has_perm(services.RUN_ASSESSMENT):
        raise PermissionDenied
    return _step_of(request, assessment, name, ASSESSMENT_STEPS, "assessment", redirect(assessment.get_absolute_url()))


PARTICIPANT_STEPS: dict[str, tuple[type[Any] | None, Callable[..., Any], str]] = {
    "jadwal": (ScheduleForm, services.schedule_set, _("Jadwal asesmen peserta disimpan.")),
    "siasn": (None, services.siasn_mark_updated, _("Data SIASN peserta ditandai mutakhir.")),
    "hapus": (None, services.participant_remove, _("Peserta dihapus.")),
}


@require_POST
@login_required
@permission_required(services.RUN_ASSESSMENT, raise_exception=True)
def participant_step(request: AuthenticatedRequest, participant_id: int, name: str) -> HttpResponse:
    participant = found(lambda: selectors.participant_for(request.user, participant_id))
    back = redirect(participant.assessment.get_absolute_url())
    if name == "hasil":
        form = ResultForm(request.POST, request.FILES)
        return run_step(
            request,
            with_form(form, lambda data: services.result_record(actor=request.user, participant=participant, **data)),
            _("Hasil asesmen dicatat dan laporan disimpan di data pegawai."),
            back,
        )
    if name not in PARTICIPANT_STEPS:
        raise Http404
    return _step_of(request, participant, name, PARTICIPANT_STEPS, "participant", back)


@require_POST
@login_required
def paper_step(request: AuthenticatedRequest, participant_id: int, paper_id: int, name: str) -> HttpResponse:
    """The participant (or staff) uploads a required document; staff verify it."""
    participant = found(lambda: selectors.participant_for(request.user, participant_id))
    paper = found(lambda: participant.papers.get(pk=paper_id))
    own = participant.employee_id == request.user.employee_id
    back = redirect(
        participant.assessment.get_absolute_url()
        if selectors.may_see_assessments(request.user)
        else "desk:my-assessments"
    )
    if name == "unggah":
        upload = UploadForm(request.POST, request.FILES)
        action = with_form(upload, lambda data: services.paper_upload(actor=request.user, paper=paper, **data))
        return run_step(request, action, _("Dokumen diunggah; menunggu pemeriksaan petugas."), back)
    if name == "periksa" and not own:
        form = VerifyForm(request.POST)
        action = with_form(form, lambda data: services.paper_verify(actor=request.user, paper=paper, **data))
        return run_step(request, action, _("Pemeriksaan dokumen disimpan."), back)
    raise Http404


@login_required
def my_assessments(request: AuthenticatedRequest) -> HttpResponse:
    participations = selectors.my_participations(request.user)
    if not request.user.employee_id:
        raise PermissionDenied
    return render(
        request,
        "desk/my_assessments.html",
        {"participations": participations, "upload_form": UploadForm(), "policy": assessment_policy()},
    )


# --- Complaints: the public side ----------------------------------------------------------------------


def complaint_public(request: HttpRequest) -> HttpResponse:
    """The public complaint form: no log-in, no captcha, flood limits in the service."""
    # "Sampaikan pengaduan tentang layanan ini" on a service's page names it: the form starts there.
    about = selectors.catalogue().filter(code=request.GET.get("layanan", "")[:100]).first()
    form = PublicComplaintForm(request.POST or None, initial={"token": form_token(), "service": about})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        age, nonce = form_token_read(data["token"])
        try:
            complaint = services.complaint_submit(
                service=data["service"],
                name=data["name"],
                contact=data["contact"],
                subject=data["subject"],
                body=data["body"],
                address=client_address(request),
                form_age_seconds=age,
                form_nonce=nonce,
                honeypot=data["website"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            # Post/redirect/get: reloading the receipt shows it again and sends nothing twice.
            request.session[SENT_COMPLAINT] = complaint.pk
            return redirect("desk:complaint-sent")
    if request.method == "POST":
        data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's data is a QueryDict
        data["token"] = form_token()
        form.data = data
    return render(request, "desk/complaint_public.html", {"form": form, "policy": complaint_policy()})


SENT_COMPLAINT = "complaint_sent"


def complaint_sent(request: HttpRequest) -> HttpResponse:
    """The receipt of the complaint this browser just sent (its code is kept in the session only)."""
    sent = request.session.get(SENT_COMPLAINT)
    complaint = Complaint.objects.filter(pk=sent).first() if isinstance(sent, int) else None
    if complaint is None:
        return redirect("desk:complaint-public")
    return render(request, "desk/complaint_sent.html", {"complaint": complaint})


def complaint_track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    complaint, missing = None, False
    if form.is_valid():
        try:
            complaint = selectors.complaint_by_code(form.cleaned_data["code"])
        except Complaint.DoesNotExist:
            missing = True
    return render(
        request,
        "desk/complaint_track.html",
        {"form": form, "complaint": complaint, "missing": missing, "today": timezone.localdate()},
        status=404 if missing else 200,
    )


# --- Complaints: the desk --------------------------------------------------------------------------


@login_required
@_guard(selectors.may_see_complaints)
def complaint_list(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    complaints = selectors.complaints_visible(request.user)
    if status in ComplaintStatus.values:
        complaints = complaints.filter(status=status)
    page = Paginator(complaints, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(complaint, complaint.late_on(today)) for complaint in page.object_list]
    return render(
        request,
        "desk/complaints.html",
        {"page": page, "rows": rows, "status": status, "statuses": ComplaintStatus.choices},
    )


@login_required
@permission_required(services.HANDLE_COMPLAINTS, raise_exception=True)
def complaint_enter(request: AuthenticatedRequest) -> HttpResponse:
    form = StaffComplaintForm(request.POST or None)
    done, complaint = run_on_form(request, form, lambda data: services.complaint_enter(actor=request.user, **data))
    if done:
        messages.success(request, _("Pengaduan dicatat dengan kode %(code)s.") % {"code": complaint.code})
        return redirect(complaint.get_absolute_url())
    return render(request, "desk/form.html", {"form": form, "title": _("Catat pengaduan")})


@login_required
@_guard(selectors.may_see_complaints)
def complaint_detail(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = found(lambda: selectors.complaint_for(request.user, complaint_id))
    return render(
        request,
        "desk/complaint.html",
        {
            "complaint": complaint,
            "late": complaint.late_on(timezone.localdate()),
            "changes": complaint.status_changes.select_related("changed_by"),
            "may_handle": request.user.has_perm(services.HANDLE_COMPLAINTS),
            "may_answer": services.may_answer(request.user, complaint),
            "assign_form": AssignForm(initial={"unit": complaint.unit_id}),
            "answer_form": AnswerForm(),
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
            **panel(request.user, complaint),
            "send_url": f"{complaint.get_absolute_url()}disposisi/",
        },
    )


COMPLAINT_STEPS: dict[str, tuple[type[Any], Callable[..., Any], str]] = {
    "teruskan": (AssignForm, services.complaint_assign, _("Pengaduan diteruskan ke unit.")),
    "jawab": (AnswerForm, services.complaint_answer, _("Jawaban disimpan dan dapat dilihat pengadu.")),
    "selesai": (NoteForm, services.complaint_close, _("Pengaduan selesai.")),
    "tidak-diproses": (ReasonForm, services.complaint_dismiss, _("Pengaduan ditandai tidak diproses.")),
}


@require_POST
@login_required
@_guard(selectors.may_see_complaints)
def complaint_step(request: AuthenticatedRequest, complaint_id: int, name: str) -> HttpResponse:
    complaint = found(lambda: selectors.complaint_for(request.user, complaint_id))
    return _step_of(request, complaint, name, COMPLAINT_STEPS, "complaint", redirect(complaint.get_absolute_url()))
