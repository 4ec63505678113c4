"""Reads of documents and templates."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from bangkom.accounts.models import User

from .kinds import KINDS
from .models import (
    Document,
    DocumentStatus,
    DocumentStatusChange,
    DocumentTemplate,
    DocumentVersion,
    LegalBasis,
    LegalSection,
)

IN_SIGNING_CHAIN = (DocumentStatus.DRAFT, DocumentStatus.CHECKED)

LIST_FIELDS = (
    "kind", "title", "status", "number", "created_at", "signed_at", "drafted_by__username",
    "drafted_by__first_name", "drafted_by__last_name",
)  # fmt: skip


def initials(document: Document) -> list[DocumentStatusChange]:
    """The initials (paraf) on the current draft, in order; those before a return no longer count, and
    a withdrawn signature (signed back to initialled) is no paraf."""
    rows = list(document.status_changes.select_related("changed_by").order_by("id"))
    last_draft = max((i for i, row in enumerate(rows) if row.to_status == DocumentStatus.DRAFT), default=-1)
    return [
        row for row in rows[last_draft + 1 :]
        if row.to_status == DocumentStatus.CHECKED and row.from_status != DocumentStatus.SIGNED
    ]  # fmt: skip


def signed_by_code(code: str) -> Document:
    """A signed document by its public verification code (what the public page may show is chosen
    by the page: kind, number, date and signer, never the contents)."""
    return Document.objects.only(
        "kind", "number", "signed_at", "signatory", "pdf_sha256", "signature_backend", "verification_code", "status"
    ).get(verification_code=code.strip().upper(), status=DocumentStatus.SIGNED)


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def legal_items(kind: str, section: str, *, first: tuple[str, ...] = (), last: tuple[str, ...] = ()) -> list[
    dict[str, str]
]:  # fmt: skip
    """The agency's legal basis of a kind for one section, with the flow's own items before and after,
    marked as decrees print them: Menimbang a., b., …; Mengingat and Dasar 1., 2., …"""
    texts = [*first, *LegalBasis.objects.filter(kind=kind, section=section).values_list("text", flat=True), *last]
    if section == LegalSection.MENIMBANG:
        marks = [f"{LETTERS[i % 26]}." for i in range(len(texts))]
    else:
        marks = [f"{i}." for i in range(1, len(texts) + 1)]
    return [{"tanda": mark, "teks": text} for mark, text in zip(marks, texts, strict=True)]


def decree_considerations(kind: str, *, because: str, enacting: str) -> dict[str, list[dict[str, str]]]:
    """A decree's Menimbang and Mengingat: the flow's own reason first, the agency's reference items,
    then "perlu menetapkan …" (the decree being enacted); Mengingat as the agency keeps it."""
    return {
        "menimbang": legal_items(
            kind, LegalSection.MENIMBANG, first=(because,),
            last=(f"bahwa berdasarkan pertimbangan sebagaimana dimaksud di atas, perlu menetapkan {enacting};",),
        ),
        "mengingat": legal_items(kind, LegalSection.MENGINGAT),
    }  # fmt: skip


def need_to_know(user: User) -> Q:
    """Which generated documents a user may read: those they took part in (drafted, initialled,
    returned, signed); those of a flow they follow (the kind's `readers`); and, for officials who
    initial or sign, those still in the signing chain, which may be waiting for them."""
    if user.is_superuser:
        return Q()
    readable = [code for code, kind in KINDS.items() if any(user.has_perm(p) for p in kind.readers)]
    acted = DocumentStatusChange.objects.filter(document=OuterRef("pk"), changed_by=user)
    allowed = Q(kind__in=readable) | Q(drafted_by=user) | Q(signed_by=user) | Q(Exists(acted))
    if user.has_perm("documents.check_document") or user.has_perm("documents.sign_document"):
        allowed |= Q(status__in=IN_SIGNING_CHAIN)
    return allowed


def documents_visible(user: User, *, kind: str = "", status: str = "") -> QuerySet[Document]:
    if not user.has_perm("documents.view_document"):
        return Document.objects.none()
    documents = Document.objects.filter(need_to_know(user)).select_related("drafted_by").defer("docx", "pdf", "context")
    if kind:
        documents = documents.filter(kind=kind)
    if status:
        documents = documents.filter(status=status)
    return documents


def document_for(user: User, document_id: int) -> Document:
    """Raises Document.DoesNotExist when missing or not visible."""
    return documents_visible(user).get(pk=document_id)


def document_file(user: User, document_id: int) -> Document:
    """The document with its rendered files (for downloading)."""
    return documents_visible(user).defer(None).get(pk=document_id)


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    """A document's versions, newest first, without their files."""
    return document.versions.select_related("created_by").defer("docx", "pdf", "context")


def version_file(user: User, document_id: int, number: int) -> DocumentVersion:
    """One version with its files, of a document the user may read."""
    return DocumentVersion.objects.select_related("document").get(
        document__in=documents_visible(user).values("pk"), document_id=document_id, number=number
    )


def documents_of(subject: models.Model) -> QuerySet[Document]:
    """The documents generated about one subject (a round, a session, a dispatch), newest first."""
    return (
        Document.objects.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
        .select_related("drafted_by", "checked_by", "signed_by")
        .defer("docx", "pdf", "context")
    )


def template_versions(kind: str) -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.filter(kind=kind).select_related("uploaded_by").defer("content")


def latest_templates() -> dict[str, DocumentTemplate]:
    latest: dict[str, DocumentTemplate] = {}
    for template in DocumentTemplate.objects.select_related("uploaded_by").defer("content").order_by("kind", "version"):
        latest[template.kind] = template
    return latest
