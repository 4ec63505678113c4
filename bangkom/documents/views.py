"""Thin views: the register of documents, one document with its paraf/sign steps, downloads, and the
templates the agency edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.errors import ServiceError
from bangkom.core.web import AuthenticatedRequest, run_service, with_form

from . import selectors, services
from .forms import (
    CorrectionUploadForm,
    DocumentFilterForm,
    LetterPartsForm,
    NoteForm,
    SignedPaperForm,
    SignForm,
    TemplateUploadForm,
)
from .kinds import KINDS, REGION_HEAD, kind_choices
from .models import DOCUMENT_TRANSITIONS, Document, DocumentStatus, DocumentTemplate, DocumentVersion
from .services import verification_url
from .signing import configured_backend

PAGE_SIZE = 50
VIEW = "documents.view_document"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _document(request: AuthenticatedRequest, document_id: int) -> Document:
    try:
        return selectors.document_for(request.user, document_id)
    except Document.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required(VIEW, raise_exception=True)
def document_list(request: AuthenticatedRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None, kinds=kind_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    documents = selectors.documents_visible(request.user, **filters)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page.object_list:
        document.kind_name = KINDS[document.kind].name if document.kind in KINDS else document.kind
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "documents/list.html", {"page": page, "form": form, "query": query.urlencode()})


def _subject_url(document: Any) -> str:
    """Where the document's subject lives, when its app gives it a page (back to the flow)."""
    url = getattr(document.subject, "get_absolute_url", None)
    return url() if url else ""


@login_required
@permission_required(VIEW, raise_exception=True)
def document_detail(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    document = _document(request, document_id)
    allowed = DOCUMENT_TRANSITIONS[document.status]
    user = request.user
    own = document.drafted_by_id == user.pk
    parts = {
        "sifat": document.context.get("sifat", "Biasa"),
        "lampiran": document.context.get("lampiran", "-"),
        "tembusan": "\n".join(document.context.get("tembusan", [])),
    }
    return render(
        request, "documents/detail.html",
        {
            "document": document, "kind": KINDS.get(document.kind), "note_form": SignForm(),
            "backend": configured_backend(), "verification_url": verification_url(document.verification_code)
            if document.verification_code else "",
            "subject_url": _subject_url(document), "initials": selectors.initials(document),
            "changes": document.status_changes.select_related("changed_by"),
            "can_check": DocumentStatus.CHECKED in allowed and user.has_perm("documents.check_document") and not own
            and document.checked_by_id != user.pk,
            "can_sign": DocumentStatus.SIGNED in allowed and user.has_perm("documents.sign_document") and not own
            and services.sign_refusal(document, user) is None,
            "sign_refusal": services.sign_refusal(document, user) if DocumentStatus.SIGNED in allowed else None,
            "can_withdraw": document.status == DocumentStatus.SIGNED and document.signed_by_id == user.pk
            and getattr(KINDS.get(document.kind), "withdraw_refusal", None) is not None,
            "can_return": DocumentStatus.RETURNED in allowed and not own and (
                user.has_perm("documents.check_document") or user.has_perm("documents.sign_document")
            ),
            "can_redraft": DocumentStatus.DRAFT in allowed and user.has_perm("documents.draft_document"),
            "can_record_paper": document.status == DocumentStatus.CHECKED
            and user.has_perm("documents.record_signed_paper")
            and getattr(KINDS.get(document.kind), "issuer", "") == REGION_HEAD,
            "paper_form": SignedPaperForm(),
            "can_correct": document.status in (DocumentStatus.DRAFT, DocumentStatus.RETURNED)
            and user.has_perm("documents.draft_document"),
            "parts_form": LetterPartsForm(initial=parts), "upload_form": CorrectionUploadForm(),
            "versions": selectors.versions_of(document),
            "upload_hint": _(
                "Untuk memperbaiki isi surat di Word: unduh DOCX untuk diperbaiki, ubah isinya, lalu unggah kembali. "
                "Biarkan {{ nomor }}, {{ tanggal }} dan isian penandatangan di tempatnya: semuanya terisi saat "
                "ditandatangani."
            ),
        },
    )  # fmt: skip


@login_required
@permission_required(VIEW, raise_exception=True)
def document_download(request: AuthenticatedRequest, document_id: int, file_format: str) -> HttpResponse:
    if file_format not in CONTENT_TYPES:
        raise Http404
    try:
        document = selectors.document_file(request.user, document_id)
    except Document.DoesNotExist:
        raise Http404 from None
    content = bytes(document.docx if file_format == "docx" else document.pdf)
    name = slugify(f"{document.kind} {document.number or document.pk}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def _step(request: AuthenticatedRequest, document_id: int, action: str) -> HttpResponse:
    document = _document(request, document_id)
    actor = request.user
    steps = {
        "check": (lambda data: services.document_check(actor=actor, document=document, note=data["note"]),
                  _("Dokumen diparaf.")),
        "return": (lambda data: services.document_return(actor=actor, document=document, note=data["note"]),
                   _("Dokumen dikembalikan kepada penyusun.")),
        "sign": (lambda data: services.document_sign(actor=actor, document=document, passphrase=data["passphrase"],
                                                     nik=data["nik"]),
                 _("Dokumen ditandatangani.")),
        "redraft": (lambda data: services.document_redraft(actor=actor, document=document, note=data["note"]),
                    _("Konsep disusun ulang.")),
        "withdraw": (lambda data: services.document_signature_withdraw(actor=actor, document=document,
                                                                       reason=data["note"]),
                     _("Tanda tangan ditarik; surat kembali berparaf dan nomornya batal.")),
    }  # fmt: skip
    action_run, success = steps[action]
    form = SignForm(request.POST) if action == "sign" else NoteForm(request.POST)
    run_service(request, with_form(form, action_run), success)
    return redirect("documents:detail", document_id=document_id)


@require_POST
@login_required
@permission_required("documents.check_document", raise_exception=True)
def document_check(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _step(request, document_id, "check")


@require_POST
@login_required
def document_return(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    if not (request.user.has_perm("documents.check_document") or request.user.has_perm("documents.sign_document")):
        raise PermissionDenied
    return _step(request, document_id, "return")


@require_POST
@login_required
@permission_required("documents.sign_document", raise_exception=True)
def document_sign(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _step(request, document_id, "sign")


@require_POST
@login_required
@permission_required("documents.sign_document", raise_exception=True)
def document_signature_withdraw(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _step(request, document_id, "withdraw")


@require_POST
@login_required
@permission_required("documents.draft_document", raise_exception=True)
def document_redraft(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _step(request, document_id, "redraft")


def _posted_on_document(
    request: AuthenticatedRequest,
    document_id: int,
    form: Any,
    action: Callable[[Document, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """Run a posted form's action on a document the user may see; back to the document either way."""
    document = _document(request, document_id)
    run_service(request, with_form(form, lambda data: action(document, data)), success)
    return redirect("documents:detail", document_id=document_id)


@require_POST
@login_required
@permission_required("documents.draft_document", raise_exception=True)
def document_correct(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _posted_on_document(
        request,
        document_id,
        LetterPartsForm(request.POST),
        lambda document, data: services.document_correct(
            actor=request.user,
            document=document,
            sifat=data["sifat"],
            lampiran=data["lampiran"],
            tembusan=data["tembusan"],
            note=data["note"],
        ),
        _("Rincian surat diperbaiki; konsep disusun ulang."),
    )


@require_POST
@login_required
@permission_required("documents.draft_document", raise_exception=True)
def document_correction_upload(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _posted_on_document(
        request,
        document_id,
        CorrectionUploadForm(request.POST, request.FILES),
        lambda document, data: services.document_correction_upload(
            actor=request.user,
            document=document,
            content=data["file"],
            name=str(getattr(request.FILES.get("file"), "name", "") or ""),  # the form keeps the bytes
            note=data["note"],
        ),
        _("DOCX perbaikan diunggah; konsep disusun dari berkas itu."),
    )


@require_POST
@login_required
@permission_required("documents.record_signed_paper", raise_exception=True)
def document_record_signed_paper(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _posted_on_document(
        request,
        document_id,
        SignedPaperForm(request.POST, request.FILES),
        lambda document, data: services.document_record_signed_paper(
            actor=request.user,
            document=document,
            scan=data["scan"].read(),
            scan_name=data["scan"].name,
            signed_on=data["signed_on"],
        ),
        _("Tanda tangan di atas kertas dicatat; nomor diberikan."),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def document_paper_scan(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    try:
        document = selectors.document_file(request.user, document_id)
    except Document.DoesNotExist:
        raise Http404 from None
    if not document.signed_on_paper:
        raise Http404
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[document.paper_scan_type]
    response = HttpResponse(bytes(document.paper_scan), content_type=document.paper_scan_type)
    name = slugify(f"{document.kind} {document.number} pindaian")
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _attachment(content: bytes, name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{file_format}"'
    return response


@login_required
@permission_required("documents.draft_document", raise_exception=True)
def document_editable(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    """The draft as a DOCX to correct in Word, its number, date and signature left as placeholders."""
    try:
        document = selectors.document_file(request.user, document_id)
    except Document.DoesNotExist:
        raise Http404 from None
    try:
        content = services.document_editable_docx(document)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("documents:detail", document_id=document_id)
    return _attachment(content, f"{document.kind} {document.pk} untuk diperbaiki", "docx")


@login_required
@permission_required(VIEW, raise_exception=True)
def version_download(request: AuthenticatedRequest, document_id: int, number: int, file_format: str) -> HttpResponse:
    if file_format not in CONTENT_TYPES:
        raise Http404
    try:
        version = selectors.version_file(request.user, document_id, number)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    content = bytes(version.docx if file_format == "docx" else version.pdf)
    return _attachment(content, f"{version.document.kind} {document_id} versi {number}", file_format)


@login_required
@permission_required("documents.manage_templates", raise_exception=True)
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    latest = selectors.latest_templates()
    rows = [(kind, latest.get(code)) for code, kind in KINDS.items()]
    return render(request, "documents/templates.html", {"rows": rows})


@login_required
@permission_required("documents.manage_templates", raise_exception=True)
def template_upload(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    document_kind = KINDS[kind]
    current = selectors.latest_templates().get(kind)
    initial = {"number_format": current.number_format if current else document_kind.number_format}
    form = TemplateUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.template_upload(
                actor=request.user,
                kind=kind,
                content=form.cleaned_data["file"],
                number_format=form.cleaned_data["number_format"],
                note=form.cleaned_data["note"],
            ),
            lambda template: _("Templat versi %(version)d disimpan.") % {"version": template.version},
        )
    ):
        return redirect("documents:templates")
    return render(
        request,
        "documents/template_upload.html",
        {
            "form": form,
            "kind": document_kind,
            "versions": selectors.template_versions(kind),
            "placeholders": sorted({*document_kind.sample} - {"instansi"}),
        },
    )


@login_required
@permission_required("documents.manage_templates", raise_exception=True)
def template_download(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """The kind's current template (the built-in one if none was uploaded yet), to edit in Word."""
    if kind not in KINDS:
        raise Http404
    template: DocumentTemplate = services.current_template(KINDS[kind])
    response = HttpResponse(bytes(template.content), content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="templat-{kind}-v{template.version}.docx"'
    return response


def lambang(request: HttpRequest) -> HttpResponse:
    """The agency's lambang for the page header (public: the log-in and public pages show it too)."""
    head = services.letterhead()
    if not head.lambang:
        raise Http404
    response = HttpResponse(bytes(head.lambang), content_type="image/png")
    response["Cache-Control"] = "public, max-age=300"
    return response
