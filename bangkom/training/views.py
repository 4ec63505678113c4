"""Thin views over the training selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.forms import CorrectionReasonForm
from bangkom.core.web import (
    AuthenticatedRequest,
    form_refusal,
    found,
    job_started,
    query_year,
    run_on_form,
    run_service,
)
from bangkom.documents.models import Document
from bangkom.documents.selectors import documents_of, signed_by_code
from bangkom.documents.services import agency_line
from bangkom.documents.web import signed_document_page

from . import selectors, services
from .forms import (
    AttendanceForm,
    BudgetLineForm,
    CriteriaForm,
    DiscussionCorrectionForm,
    DiscussionForm,
    InstructorForm,
    IssueForm,
    LateForm,
    MaterialForm,
    NoteForm,
    OrganiserForm,
    ParticipantsForm,
    ProgramForm,
    RecommendForm,
    ReportForm,
    ResultsForm,
    RevokeForm,
    RoundPickForm,
    SessionForm,
    SupervisionForm,
)
from .jobs import certificates_export_queue
from .letters import certificates_pdf
from .models import (
    BudgetLine,
    Certificate,
    CertificateKind,
    Instructor,
    Material,
    Organiser,
    Participant,
    Program,
    ProgramStatus,
    Session,
    Supervision,
)

REVIEW = selectors.REVIEW
PROPOSE = selectors.PROPOSE
ISSUE = selectors.ISSUE
PER_PAGE = 50
DETAILS: dict[str, tuple[type[Any], type[Any]]] = {
    "anggaran": (BudgetLine, BudgetLineForm),
    "pengajar": (Instructor, InstructorForm),
    "penyelenggara": (Organiser, OrganiserForm),
}


def may_open(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Any of the program permissions opens the pages; which programs, the selectors decide."""

    @wraps(view)
    def guarded(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.may_open_programs(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _program(request: AuthenticatedRequest, program_id: int) -> Program:
    try:
        return selectors.program_for(request.user, program_id)
    except Program.DoesNotExist:
        raise Http404 from None


def _back(program: Program) -> HttpResponse:
    return redirect("training:detail", program_id=program.pk)


# --- List, proposal ---------------------------------------------------------------------------


@login_required
@may_open
def program_list(request: AuthenticatedRequest) -> HttpResponse:
    programs = selectors.program_list(request.user)
    status = request.GET.get("status", "")
    if status in ProgramStatus.values:
        programs = programs.filter(status=status)
    year = query_year(request)
    if year is not None:
        programs = programs.filter(start_date__year=year)
    page = Paginator(programs.order_by("-start_date", "title", "id"), PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    totals = selectors.program_totals(selectors.programs_visible(request.user))
    return render(
        request,
        "training/list.html",
        {
            "page": page,
            "status": status,
            "year": year or "",
            "statuses": [(value, label, totals.get(value, 0)) for value, label in ProgramStatus.choices],
            "missed": selectors.supervisions_missed(today)[:20] if request.user.has_perm(REVIEW) else [],
            "due": selectors.supervisions_due(today)[:20] if request.user.has_perm(REVIEW) else [],
        },
    )


@login_required
@permission_required(PROPOSE, raise_exception=True)
def program_create(request: AuthenticatedRequest) -> HttpResponse:
    units = selectors.proposing_units(request.user)
    form = ProgramForm(request.POST or None, units=units, default_unit=request.user.unit)
    done, program = run_on_form(request, form, lambda data: services.program_create(actor=request.user, **data))
    if done:
        return _back(program)
    return render(request, "training/form.html", {"form": form, "title": _("Usulan program pelatihan")})


@login_required
@permission_required(PROPOSE, raise_exception=True)
def program_edit(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    form = ProgramForm(request.POST or None, instance=program, units=selectors.proposing_units(request.user))
    done, _result = run_on_form(
        request,
        form,
        lambda data: services.program_update(actor=request.user, program=program, **data),
    )
    if done:
        return _back(program)
    return render(request, "training/form.html", {"form": form, "title": program.title, "program": program})


@login_required
@may_open
def program_detail(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    reviews = {r.code: (r.met, r.note) for r in program.criteria.all()}
    criteria_form = CriteriaForm(initial_findings=reviews)
    suggestions = selectors.criterion_suggestions(program)
    participants = list(selectors.participants_of(program))
    sessions = list(program.sessions.all())
    return render(
        request, "training/detail.html",
        {
            "program": program,
            "budget": selectors.budget_check(program),
            "budget_lines": program.budget_lines.all(), "instructors": program.instructors.all(),
            "organisers": program.organisers.all(), "materials": program.materials.all(),
            "detail_forms": {name: form_class(prefix=name) for name, (_m, form_class) in DETAILS.items()},
            "material_form": MaterialForm(), "late_form": LateForm(), "note_form": NoteForm(),
            "criteria_rows": [
                (criterion, met, note, suggestions[criterion.code], reviews.get(criterion.code))
                for criterion, met, note in criteria_form.rows()
            ],
            "discussions": program.discussions.all(), "discussion_form": DiscussionForm(),
            "recommend_form": RecommendForm(), "participants": participants, "sessions": sessions,
            "participants_form": ParticipantsForm(), "round_form": RoundPickForm(), "session_form": SessionForm(),
            "decree": services.decree_of(program), "supervisions": program.supervisions.all(),
            "report_form": ReportForm(), "issue_form": IssueForm(), "today": timezone.localdate(),
            "certificates": selectors.certificates_of(program), "documents": documents_of(program),
            "changes": program.status_changes.select_related("changed_by"),
            "report": getattr(program, "report", None),
        },
    )  # fmt: skip


def _post(
    request: AuthenticatedRequest, program_id: int, action: Callable[[Program], Any], success: str
) -> HttpResponse:
    """A POST-only step on a program: a refusal becomes a message, a drafted letter opens for paraf."""
    program = _program(request, program_id)
    outcome: dict[str, Any] = {}

    def run() -> Any:
        outcome["result"] = action(program)
        return outcome["result"]

    if run_service(request, run, success) and isinstance(outcome.get("result"), Document):
        return redirect("documents:detail", document_id=outcome["result"].pk)
    return _back(program)


def _form_post(
    request: AuthenticatedRequest,
    program_id: int,
    form: Any,
    action: Callable[[Program, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    return _post(
        request,
        program_id,
        lambda program: action(program, form.cleaned_data) if form.is_valid() else _invalid(form),
        success,
    )


def _invalid(form: Any) -> None:
    raise form_refusal(form)


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def detail_add(request: AuthenticatedRequest, program_id: int, part: str) -> HttpResponse:
    if part not in DETAILS:
        raise Http404
    _model, form_class = DETAILS[part]
    form = form_class(request.POST, prefix=part)
    return _form_post(
        request,
        program_id,
        form,
        lambda program, _data: services.detail_add(actor=request.user, program=program, row=form.instance),
        _("Rincian ditambahkan."),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def detail_remove(request: AuthenticatedRequest, program_id: int, part: str, row_id: int) -> HttpResponse:
    models: dict[str, type[Model]] = {**{name: model for name, (model, _f) in DETAILS.items()}, "bahan": Material}
    if part not in models:
        raise Http404
    program = _program(request, program_id)
    row: Any = models[part]._default_manager.filter(program=program, pk=row_id).first()  # one of the detail models
    if row is None:
        raise Http404
    return _post(
        request,
        program_id,
        lambda p: services.detail_remove(actor=request.user, program=p, row=row),
        _("Rincian dihapus."),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def material_upload(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = MaterialForm(request.POST, request.FILES)
    return _form_post(
        request,
        program_id,
        form,
        lambda program, data: services.material_upload(
            actor=request.user, program=program, kind=data["kind"], upload=data["upload"]
        ),
        _("Bahan ajar diunggah."),
    )


@login_required
@may_open
def material_download(request: AuthenticatedRequest, program_id: int, material_id: int) -> FileResponse:
    program = _program(request, program_id)
    material = Material.objects.filter(program=program, pk=material_id).first()
    if material is None:
        raise Http404
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def program_submit(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    return _post(
        request,
        program_id,
        lambda p: services.program_submit(actor=request.user, program=p),
        _("Usulan dikirim ke BKPSDM untuk ditelaah."),
    )


# --- Review ----------------------------------------------------------------------------------


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def program_allow_late(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = LateForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.program_allow_late(actor=request.user, program=p, reason=data["reason"]),
        _("Usulan terlambat diterima; unit kerja dapat mengirimkannya."),
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def criteria_review(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = CriteriaForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, _data: services.criteria_review(actor=request.user, program=p, findings=form.findings()),
        _("Telaah kriteria disimpan."),
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def discussion_record(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = DiscussionForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.discussion_record(actor=request.user, program=p, **data),
        _("Pembahasan dicatat."),
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def discussion_fix(request: AuthenticatedRequest, program_id: int, discussion_id: int, action: str) -> HttpResponse:
    """Correct ("koreksi") or cancel ("batal") a discussion entered wrongly, with the reason."""
    if action not in ("koreksi", "batal"):
        raise Http404
    correcting = action == "koreksi"
    form = DiscussionCorrectionForm(request.POST) if correcting else CorrectionReasonForm(request.POST)

    def fix(program: Program, data: dict[str, Any]) -> Any:
        discussion = found(lambda: program.discussions.get(pk=discussion_id))
        if correcting:
            return services.discussion_correct(actor=request.user, discussion=discussion, **data)
        return services.discussion_cancel(actor=request.user, discussion=discussion, reason=data["reason"])

    return _form_post(
        request, program_id, form, fix, _("Pembahasan dikoreksi.") if correcting else _("Pembahasan dibatalkan.")
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def supervision_clear(request: AuthenticatedRequest, program_id: int, supervision_id: int) -> HttpResponse:
    form = CorrectionReasonForm(request.POST)

    def clear(program: Program, data: dict[str, Any]) -> Any:
        supervision = found(lambda: program.supervisions.get(pk=supervision_id))
        return services.supervision_clear(actor=request.user, supervision=supervision, reason=data["reason"])

    return _form_post(request, program_id, form, clear, _("Catatan supervisi dibatalkan."))


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def program_return(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.program_return(actor=request.user, program=p, note=data["note"]),
        _("Usulan dikembalikan kepada unit kerja."),
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def program_recommend(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = RecommendForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.program_recommend(actor=request.user, program=p, **data),
        _("Surat rekomendasi disusun untuk diparaf dan ditandatangani."),
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def decree_draft(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    return _post(
        request,
        program_id,
        lambda p: services.decree_draft(actor=request.user, program=p),
        _("Keputusan Program disusun untuk diparaf dan ditandatangani Kepala Badan."),
    )


# --- Execution -------------------------------------------------------------------------------


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def participants_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = ParticipantsForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, _data: services.participants_add(actor=request.user, program=p, nips=form.nip_lines()),
        _("Peserta ditambahkan."),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def participants_from_round(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = RoundPickForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.participants_from_round(
            actor=request.user, program=p, selection_round=data["selection_round"]
        ),
        _("Peserta hasil seleksi ditambahkan."),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def participant_remove(request: AuthenticatedRequest, program_id: int, participant_id: int) -> HttpResponse:
    program = _program(request, program_id)
    participant = Participant.objects.filter(program=program, pk=participant_id).first()
    if participant is None:
        raise Http404
    return _post(
        request,
        program_id,
        lambda _p: services.participant_remove(actor=request.user, participant=participant),
        _("Peserta dihapus."),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def session_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = SessionForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.session_add(actor=request.user, program=p, **data),
        _("Sesi ditambahkan."),
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def program_start(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    return _post(
        request,
        program_id,
        lambda p: services.program_start(actor=request.user, program=p),
        _("Program dimulai; supervisi triwulanan dijadwalkan."),
    )


@login_required
@permission_required(PROPOSE, raise_exception=True)
def attendance(request: AuthenticatedRequest, program_id: int, session_id: int) -> HttpResponse:
    program = _program(request, program_id)
    session = Session.objects.filter(program=program, pk=session_id).first()
    if session is None:
        raise Http404
    participants = list(program.participants.select_related("employee"))
    current = dict(session.attendance.values_list("participant_id", "presence"))
    form = AttendanceForm(request.POST or None, participants=participants, current=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.attendance_record(actor=request.user, session=session, presence=form.presence()),
            _("Kehadiran sesi %(n)d disimpan.") % {"n": session.number},
        )
    ):
        return _back(program)
    return render(request, "training/attendance.html", {"program": program, "session": session, "form": form})


@login_required
@permission_required(PROPOSE, raise_exception=True)
def results(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    participants = list(selectors.participants_of(program))
    form = ResultsForm(request.POST or None, participants=participants)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.results_record(actor=request.user, program=program, results=form.results()),
            _("Hasil peserta disimpan."),
        )
    ):
        return _back(program)
    return render(
        request, "training/results.html", {"program": program, "form": form, "sessions": program.sessions.count()}
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def program_finish(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    return _post(
        request,
        program_id,
        lambda p: services.program_finish(actor=request.user, program=p),
        _("Program ditutup; peserta yang lulus tercatat dalam riwayat diklatnya."),
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def supervision_record(request: AuthenticatedRequest, program_id: int, supervision_id: int) -> HttpResponse:
    program = _program(request, program_id)
    supervision = Supervision.objects.filter(program=program, pk=supervision_id).first()
    if supervision is None:
        raise Http404
    form = SupervisionForm(
        request.POST or None,
        initial={
            "carried_out_on": supervision.carried_out_on or timezone.localdate(),
            "findings": supervision.findings,
            "follow_up": supervision.follow_up,
        },
    )
    done, _result = run_on_form(
        request, form, lambda data: services.supervision_record(actor=request.user, supervision=supervision, **data)
    )
    if done:
        return _back(program)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "program": program,
            "title": _("Supervisi triwulan %(q)d tahun %(y)d") % {"q": supervision.quarter, "y": supervision.year},
        },
    )


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def report_submit(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = ReportForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.report_submit(actor=request.user, program=p, **data),
        _("Laporan kegiatan dikirim ke BKPSDM."),
    )


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def report_return(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.report_return(actor=request.user, program=p, note=data["note"]),
        _("Laporan dikembalikan kepada unit kerja."),
    )


# --- Certificates ----------------------------------------------------------------------------


@require_POST
@login_required
@permission_required(ISSUE, raise_exception=True)
def certificates_issue(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    form = IssueForm(request.POST)
    return _form_post(
        request,
        program_id,
        form,
        lambda p, data: services.certificates_issue(actor=request.user, program=p, kind=data["kind"]),
        _("Sertifikat dinomori dan diterbitkan."),
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@login_required
@may_open
def certificates_download(request: AuthenticatedRequest, program_id: int, kind: str) -> HttpResponse:
    """Start one PDF of every certificate of `kind` in the background and open its progress."""
    program = _program(request, program_id)
    if kind not in CertificateKind.values:
        raise Http404
    return job_started(
        request,
        lambda: certificates_export_queue(actor=request.user, program=program, kind=kind),
        lambda: _back(program),
        _("Penyusunan PDF dimulai; berkasnya dapat diunduh di halaman ini setelah selesai."),
    )


@login_required
@may_open
def certificate_download(request: AuthenticatedRequest, program_id: int, certificate_id: int) -> HttpResponse:
    program = _program(request, program_id)
    certificate = selectors.certificates_of(program).filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404
    return _pdf(certificates_pdf([certificate]), f"{certificate.kind}-{certificate.sequence}.pdf")


@login_required
@permission_required(ISSUE, raise_exception=True)
def certificate_revoke(request: AuthenticatedRequest, program_id: int, certificate_id: int) -> HttpResponse:
    program = _program(request, program_id)
    certificate = selectors.certificates_of(program).filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404
    form = RevokeForm(request.POST or None)
    done, _result = run_on_form(
        request,
        form,
        lambda data: services.certificate_revoke(actor=request.user, certificate=certificate, reason=data["reason"]),
    )
    if done:
        return _back(program)
    return render(
        request,
        "training/form.html",
        {"form": form, "program": program, "title": _("Cabut %(c)s") % {"c": certificate}},
    )


# --- Public verification ---------------------------------------------------------------------


def verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Anyone may check a certificate or a signed document by its code: the page shows only what
    verifying needs (kind, number, name, program, dates, issuer, validity) and nothing else."""
    code = code or request.GET.get("kode", "")
    certificate: Certificate | None = None
    if code:
        try:
            certificate = selectors.certificate_by_code(code)
        except Certificate.DoesNotExist:
            certificate = None
    if code and certificate is None:
        try:
            return signed_document_page(request, signed_by_code(code))
        except Document.DoesNotExist:
            pass
    return render(
        request,
        "training/verify.html",
        {"code": code, "certificate": certificate, "searched": bool(code), "agency": agency_line()},
        status=200 if certificate or not code else 404,
    )
