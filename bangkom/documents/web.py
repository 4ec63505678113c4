"""What other apps' views use of the document engine: drafting a document about their record (at
once or in the background) and the public page of a signed document. Views of their own stay in
views.py, so no app imports another app's views."""

from __future__ import annotations

import hashlib

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.core.web import AuthenticatedRequest, job_started, run_service

from . import services
from .forms import PdfCheckForm
from .jobs import document_draft_queue
from .kinds import KINDS
from .models import Document
from .signing import signature_checks


def draft_and_open(request: AuthenticatedRequest, *, kind: str, subject: Model, fallback: str) -> HttpResponse:
    """Draft a registered kind about `subject` and open it; a refusal is shown on `fallback`."""
    drafted: list[Document] = []
    run_service(
        request,
        lambda: drafted.append(services.document_generate(actor=request.user, kind=kind, subject=subject)),
        _("Konsep dokumen disusun."),
    )
    return redirect("documents:detail", document_id=drafted[0].pk) if drafted else redirect(fallback)


def draft_in_background(request: AuthenticatedRequest, *, kind: str, subject: Model, fallback: str) -> HttpResponse:
    """Queue drafting a long document and open the job's progress, which links to the draft."""
    return job_started(
        request,
        lambda: document_draft_queue(actor=request.user, kind=kind, subject=subject),
        lambda: redirect(fallback),
        _("Konsep dokumen sedang disusun di latar."),
    )


# --- Public verification of a signed document ---------------------------------------------------


def signed_document_page(request: HttpRequest, document: Document) -> HttpResponse:
    """The public page of a signed document (reached by its code from `/verifikasi/<kode>/`): kind,
    number, date, signer and post; and a PDF anyone uploads is compared with the one signed (same
    bytes?) and its embedded signatures validated against the agency's trust roots."""
    form = PdfCheckForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        content: bytes = form.cleaned_data["file"]
        check = {
            "same_file": hashlib.sha256(content).hexdigest() == document.pdf_sha256,
            "signatures": signature_checks(content),
        }
    return render(
        request,
        "documents/verify.html",
        {
            "document": document,
            "kind": KINDS.get(document.kind),
            "form": form,
            "check": check,
            "signed_on": timezone.localdate(document.signed_at) if document.signed_at else None,
            "agency": services.agency_line(),
        },
    )
