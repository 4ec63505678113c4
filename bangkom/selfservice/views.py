"""Thin views of self-service: the civil servant's home and reports, the verifier's queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.errors import ServiceError
from bangkom.core.web import AuthenticatedRequest, refusal_on_form, run_on_form, run_service, with_form
from bangkom.studies import services as study_services
from bangkom.studies.forms import ApplicationForm, PaperForm
from bangkom.studies.models import EDITABLE_APPLICATION, Paper, StudyApplication
from bangkom.studies.models import PROPOSE as PROPOSE_STUDIES
from bangkom.studies.policy import PaperKind, study_papers
from bangkom.studies.selectors import applications_waiting_for_unit
from bangkom.training.letters import certificates_pdf

from . import selectors, services
from .forms import CorrectionDecisionForm, CorrectionExtrasForm, DecisionForm, LearningReportForm
from .models import CorrectionKind, CorrectionStatus, LearningReport, ReportStatus

QUEUE_PAGE_SIZE = 50


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.employee_id is None:
        return render(request, "selfservice/no_employee.html")
    return render(
        request,
        "selfservice/home.html",
        {
            "home": selectors.home(request.user, timezone.localdate()),
            "may_verify": selectors.may_verify(request.user),
        },
    )


@login_required
def competency(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.employee_id is None:
        raise Http404
    return render(request, "selfservice/competency.html", {"mine": selectors.my_competency(request.user)})


def _report_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.REPORT_FIELDS}


@login_required
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.employee_id is None:
        raise Http404
    form = LearningReportForm(request.POST or None, request.FILES or None)
    done, report = run_on_form(
        request,
        form,
        lambda data: services.report_submit(actor=request.user, upload=data["certificate"], **_report_fields(data)),
    )
    if done:
        messages.success(request, _("Laporan dikirim ke operator unit kerja Anda untuk diperiksa."))
        return redirect("selfservice:report", report_id=report.pk)
    return render(request, "selfservice/report_form.html", {"form": form, "title": _("Laporkan kegiatan belajar")})


@login_required
def report_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id)
    own = report.employee_id == request.user.employee_id
    verifying = not own and report.status == ReportStatus.SUBMITTED
    form = DecisionForm(request.POST or None, initial={"jp_recognised": report.jp_claimed}) if verifying else None
    if form is not None and request.method == "POST":
        done, _decided = run_on_form(request, form, lambda data: _decide(request, report, data))
        if done:
            return redirect("selfservice:queue")
    age = selectors.queue_rows([report], timezone.localdate())[0] if report.status == ReportStatus.SUBMITTED else None
    return render(request, "selfservice/report.html", {
        "report": report, "own": own, "form": form, "age": age,
        "changes": report.status_changes.select_related("changed_by"),
        "used": services.recognised_in_year(report.employee, report.kind_id, report.end_date.year),
        "rule": report.kind.recognition if hasattr(report.kind, "recognition") else None,
    })  # fmt: skip


def _decide(request: AuthenticatedRequest, report: LearningReport, data: dict[str, Any]) -> LearningReport:
    actor, note = request.user, str(data.get("note") or "")
    if data["decision"] == DecisionForm.ACCEPT:
        decided = services.report_accept(actor=actor, report=report, jp_recognised=data["jp_recognised"], note=note)
        messages.success(
            request,
            _("Diterima: %(jp)d JP tercatat di riwayat diklat %(name)s.")
            % {"jp": decided.jp_recognised, "name": report.employee.full_name},
        )
    elif data["decision"] == DecisionForm.RETURN:
        decided = services.report_return(actor=actor, report=report, note=note)
        messages.success(request, _("Laporan dikembalikan kepada %(name)s.") % {"name": report.employee.full_name})
    else:
        decided = services.report_reject(actor=actor, report=report, note=note)
        messages.success(request, _("Laporan ditolak."))
    return decided


@login_required
def report_edit(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id)
    if report.employee_id != request.user.employee_id or report.status != ReportStatus.RETURNED:
        raise Http404
    form = LearningReportForm(request.POST or None, request.FILES or None, instance=report, replacing=True)
    done, _report = run_on_form(
        request,
        form,
        lambda data: services.report_resubmit(
            actor=request.user, report=report, upload=data.get("certificate"), **_report_fields(data)
        ),
    )
    if done:
        messages.success(request, _("Laporan diajukan kembali."))
        return redirect("selfservice:report", report_id=report.pk)
    return render(
        request,
        "selfservice/report_form.html",
        {
            "form": form,
            "title": _("Lengkapi laporan"),
            "report": report,
        },
    )


@require_POST
@login_required
def report_withdraw(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id)
    run_service(request, lambda: services.report_withdraw(actor=request.user, report=report), _("Laporan ditarik."))
    return redirect("selfservice:home")


@login_required
def report_file(request: AuthenticatedRequest, report_id: int) -> HttpResponseBase:
    report = selectors.report_for(request.user, report_id)
    name = f"sertifikat-{report.employee.nip}-{report.pk}.{report.extension}"
    return FileResponse(report.file.open("rb"), as_attachment=False, filename=name, content_type=report.content_type)


@login_required
def letter_download(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    """A signed letter addressed to the civil servant, as signed (PDF)."""
    letter = selectors.my_letter(request.user, document_id)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(f"{letter.kind} {letter.number}")}.pdf"'
    return response


@login_required
def certificate_download(request: AuthenticatedRequest, certificate_id: int) -> HttpResponse:
    certificate = selectors.certificate_of(request.user, certificate_id)
    response = HttpResponse(certificates_pdf([certificate]), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.kind}-{certificate.sequence}.pdf"'
    return response


@login_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """What waits for the operator's check: learning reports and requests to correct records."""
    verifies, decides = selectors.may_verify(request.user), selectors.may_decide_corrections(request.user)
    endorses = selectors.may_endorse(request.user)
    proposes_studies = request.user.has_perm(PROPOSE_STUDIES)
    if not (verifies or decides or endorses or proposes_studies):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(selectors.waiting_reports(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    corrections = list(selectors.waiting_corrections(request.user)[:QUEUE_PAGE_SIZE])
    return render(request, "selfservice/queue.html", {
        "page": page, "rows": selectors.queue_rows(list(page.object_list), today),
        "units": selectors.queue_by_unit(request.user), "limit_days": settings.LEARNING_REPORT_WORKING_DAYS,
        "verifies": verifies, "decides": decides, "corrections": corrections, "endorses": endorses,
        "interests": list(selectors.waiting_interests(request.user)[:QUEUE_PAGE_SIZE]),
        "proposes_studies": proposes_studies,
        "studies": list(applications_waiting_for_unit(request.user)[:QUEUE_PAGE_SIZE]) if proposes_studies else [],
    })  # fmt: skip


# --- Corrections of one's own record -----------------------------------------------------------------


@login_required
def correction_new(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.employee_id is None:
        raise Http404
    kind = request.GET.get("jenis", "")
    if kind not in CorrectionKind.values:
        return render(request, "selfservice/correction_kinds.html", {"kinds": CorrectionKind.choices})
    employee = request.user.employee
    if employee is None:
        raise Http404
    posted = request.method == "POST"
    form = services.history_form(kind, request.POST if posted else None, employee, request.user)
    extras = CorrectionExtrasForm(request.POST or None, request.FILES or None)
    if posted and form.is_valid() and extras.is_valid():
        try:
            correction = services.correction_request(
                actor=request.user,
                kind=kind,
                data=request.POST,
                reason=extras.cleaned_data["reason"],
                upload=extras.cleaned_data["document"],
            )
        except ServiceError as error:
            refusal_on_form(form, error)
        except ValidationError as error:
            _correction_refusal(form, extras, error)
        else:
            messages.success(request, _("Permintaan perbaikan dikirim ke operator unit kerja Anda."))
            return redirect("selfservice:correction", request_id=correction.pk)
    return render(
        request,
        "selfservice/correction_form.html",
        {
            "form": form,
            "extras": extras,
            "kind": CorrectionKind(kind),
        },
    )


def _correction_refusal(form: Any, extras: CorrectionExtrasForm, error: ValidationError) -> None:
    """The service's refusal beside the field it names: the history row's own, or the reason and the
    document the request adds."""
    on_extras = {"reason": "reason", "file": "document"}
    for name, errors in getattr(error, "error_dict", {"file": error.error_list}).items():  # a bad file: no field
        if name in on_extras:
            extras.add_error(on_extras[name], errors)
        else:
            form.add_error(name if name in form.fields else None, errors)


@login_required
def correction_detail(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    correction = selectors.correction_for(request.user, request_id)
    own = correction.employee_id == request.user.employee_id
    deciding = not own and correction.status == CorrectionStatus.SUBMITTED
    form = CorrectionDecisionForm(request.POST or None) if deciding else None
    if form is not None and request.method == "POST":
        done, _decided = run_on_form(request, form, lambda data: _correction_decide(request, correction, data))
        if done:
            return redirect("selfservice:queue")
    return render(
        request,
        "selfservice/correction.html",
        {
            "correction": correction,
            "own": own,
            "form": form,
            "rows": selectors.proposal_rows(correction, request.user),
            "changes": correction.status_changes.select_related("changed_by"),
        },
    )


def _correction_decide(request: AuthenticatedRequest, correction: Any, data: dict[str, Any]) -> Any:
    note = str(data.get("note") or "")
    if data["decision"] == CorrectionDecisionForm.APPROVE:
        decided = services.correction_approve(actor=request.user, request=correction, note=note)
        messages.success(request, _("Disetujui: riwayat %(name)s ditambah.") % {"name": correction.employee.full_name})
    else:
        decided = services.correction_refuse(actor=request.user, request=correction, note=note)
        messages.success(request, _("Permintaan perbaikan ditolak."))
    return decided


@require_POST
@login_required
def correction_withdraw(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    correction = selectors.correction_for(request.user, request_id)
    run_service(
        request,
        lambda: services.correction_withdraw(actor=request.user, request=correction),
        _("Permintaan perbaikan ditarik."),
    )
    return redirect("selfservice:home")


@login_required
def correction_file(request: AuthenticatedRequest, request_id: int) -> HttpResponseBase:
    correction = selectors.correction_for(request.user, request_id)
    name = f"bukti-{correction.employee.nip}-{correction.pk}.{correction.extension}"
    return FileResponse(
        correction.file.open("rb"), as_attachment=False, filename=name, content_type=correction.content_type
    )


# --- Taking part in the agency's programs ----------------------------------------------------------------


@login_required
def programs(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.employee_id is None:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "selfservice/programs.html",
        {
            "programs": selectors.open_programs(request.user, today),
            "studies": selectors.open_studies(request.user, today),
            "interests": selectors.my_interests(request.user),
        },
    )


@require_POST
@login_required
def interest_register(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    if request.user.employee_id is None:
        raise Http404
    program = next(
        (o.program for o in selectors.open_programs(request.user, timezone.localdate()) if o.program.pk == program_id),
        None,
    )
    if program is None:
        raise Http404
    motivation = request.POST.get("motivation", "")[:500]
    run_service(
        request,
        lambda: services.interest_register(actor=request.user, program=program, motivation=motivation),
        _("Permintaan dikirim ke operator unit kerja Anda."),
    )
    return redirect("selfservice:programs")


@require_POST
@login_required
def interest_withdraw(request: AuthenticatedRequest, interest_id: int) -> HttpResponse:
    interest = selectors.my_interests(request.user).filter(pk=interest_id).first()
    if interest is None:
        raise Http404
    run_service(
        request, lambda: services.interest_withdraw(actor=request.user, interest=interest), _("Permintaan ditarik.")
    )
    return redirect("selfservice:programs")


@require_POST
@login_required
def interest_decide(request: AuthenticatedRequest, interest_id: int) -> HttpResponse:
    interest = selectors.interest_for_decision(request.user, interest_id)
    note = request.POST.get("note", "")[:500]
    if request.POST.get("decision") == "setujui":
        run_service(
            request,
            lambda: services.interest_endorse(actor=request.user, interest=interest, note=note),
            _("Disetujui: %(name)s menjadi peserta.") % {"name": interest.employee.full_name},
        )
    else:
        run_service(
            request,
            lambda: services.interest_decline(actor=request.user, interest=interest, note=note),
            _("Permintaan tidak disetujui."),
        )
    return redirect("selfservice:queue")


# --- Tugas belajar applied for by the civil servant ----------------------------------------------------


def _own_employee_or_404(request: AuthenticatedRequest) -> None:
    if request.user.employee_id is None:
        raise Http404


@login_required
def study_apply(request: AuthenticatedRequest, announcement_id: int) -> HttpResponse:
    _own_employee_or_404(request)
    study = next(
        (o for o in selectors.open_studies(request.user, timezone.localdate()) if o.announcement.pk == announcement_id),
        None,
    )
    if study is None:
        raise Http404
    if study.application is not None:
        return redirect("selfservice:study-application", application_id=study.application.pk)
    form = ApplicationForm(request.POST or None, employees=None, levels=study.levels)
    done, application = run_on_form(
        request,
        form,
        lambda data: study_services.application_self_create(
            actor=request.user, announcement=study.announcement, **data
        ),
    )
    if done:
        messages.success(request, _("Pendaftaran disimpan. Unggah berkas persyaratan, lalu kirim ke unit kerja Anda."))
        return redirect("selfservice:study-application", application_id=application.pk)
    return render(request, "selfservice/study_form.html", {"form": form, "announcement": study.announcement})


def _study_papers(application: StudyApplication) -> list[tuple[PaperKind, Paper | None]]:
    papers = study_services.papers_of(application)
    return [(kind, papers.get(kind.code)) for kind in study_papers(application.announcement)]


@login_required
def study_application(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = selectors.my_study_application(request.user, application_id)
    editable = application.self_applied and application.status in EDITABLE_APPLICATION
    kinds = study_papers(application.announcement)
    return render(
        request,
        "selfservice/study_application.html",
        {
            "application": application,
            "editable": editable,
            "papers": _study_papers(application),
            "paper_form": PaperForm(kinds=kinds) if editable else None,
            "changes": application.status_changes.select_related("changed_by"),
        },
    )


@login_required
def study_application_edit(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = selectors.my_study_application(request.user, application_id)
    if not application.self_applied or application.status not in EDITABLE_APPLICATION:
        raise Http404
    levels = [q.level for q in application.announcement.quotas.all()]
    form = ApplicationForm(request.POST or None, instance=application, employees=None, levels=levels)
    done, _result = run_on_form(
        request,
        form,
        lambda data: study_services.application_update(actor=request.user, application=application, **data),
    )
    if done:
        messages.success(request, _("Pendaftaran diperbarui."))
        return redirect("selfservice:study-application", application_id=application.pk)
    return render(
        request,
        "selfservice/study_form.html",
        {
            "form": form,
            "announcement": application.announcement,
            "application": application,
        },
    )


@require_POST
@login_required
def study_application_send(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = selectors.my_study_application(request.user, application_id)
    run_service(
        request,
        lambda: study_services.application_send(actor=request.user, application=application),
        _("Pendaftaran dikirim ke operator unit kerja Anda."),
    )
    return redirect("selfservice:study-application", application_id=application.pk)


@require_POST
@login_required
def study_paper_upload(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = selectors.my_study_application(request.user, application_id)
    form = PaperForm(request.POST, request.FILES, kinds=study_papers(application.announcement))
    run_service(request, with_form(form, lambda data: study_services.paper_upload(
        actor=request.user, subject=application, kind=data["kind"], upload=data["upload"],
    )), _("Berkas diunggah."))  # fmt: skip
    return redirect("selfservice:study-application", application_id=application.pk)


@login_required
def study_paper(request: AuthenticatedRequest, paper_id: int) -> FileResponse:
    paper = selectors.my_study_paper(request.user, paper_id)
    return FileResponse(paper.file.open("rb"), as_attachment=True, filename=paper.original_name)
