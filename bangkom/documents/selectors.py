"""Reads of documents and templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.core.waiting import Waiting, dated

from .kinds import KINDS
from .models import (
    Document,
    DocumentStatus,
    DocumentStatusChange,
    DocumentTemplate,
    DocumentVersion,
    LegalBasis,
    LegalSection,
    PostHolder,
)

IN_SIGNING_CHAIN = (DocumentStatus.DRAFT, DocumentStatus.CHECKED)
CHECK = "documents.check_document"
SIGN = "documents.sign_document"

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
        row
        for row in rows[last_draft + 1 :]
        if row.to_status == DocumentStatus.CHECKED and row.from_status != DocumentStatus.SIGNED
    ]


def signed_by_code(code: str) -> Document:
    """A signed document by its public verification code (what the public page may show is chosen
    by the page: kind, number, date and signer, never the contents)."""
    return Document.objects.only(
        "kind", "number", "signed_at", "signatory", "pdf_sha256", "signature_backend", "verification_code", "status"
    ).get(verification_code=code.strip().upper(), status=DocumentStatus.SIGNED)


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def legal_items(
    kind: str, section: str, *, first: tuple[str, ...] = (), last: tuple[str, ...] = ()
) -> list[dict[str, str]]:
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
            kind,
            LegalSection.MENIMBANG,
            first=(because,),
            last=(f"bahwa berdasarkan pertimbangan sebagaimana dimaksud di atas, perlu menetapkan {enacting};",),
        ),
        "mengingat": legal_items(kind, LegalSection.MENGINGAT),
    }


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
    documents = Document.objects.filter(need_to_know(user)).select_related("drafted_by").defer("context")
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
    return document.versions.select_related("created_by").defer("context")


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
        .defer("context")
    )


def template_versions(kind: str) -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.filter(kind=kind).select_related("uploaded_by").defer("content")


def latest_templates() -> dict[str, DocumentTemplate]:
    latest: dict[str, DocumentTemplate] = {}
    for template in DocumentTemplate.objects.select_related("uploaded_by").defer("content").order_by("kind", "version"):
        latest[template.kind] = template
    return latest


# --- What waits on a person ("Tugas saya") ----------------------------------------------------------

TASK_LABELS = {"paraf": _("Paraf"), "tanda tangan": _("Tanda tangan")}


def letters_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Letters to initial or sign (the holder of the post the letter waits on today; while nobody
    holds that post, whoever may do the step) and the user's own drafts returned to them."""
    tasks = [task for task, perm in (("paraf", CHECK), ("tanda tangan", SIGN)) if user.has_perm(perm)]
    if not user.employee_id and not tasks:
        waiting = Document.objects.none()
    else:
        unheld = ~Q(waiting_post__in=PostHolder.objects.values("post__code")) & Q(waiting_task__in=tasks)
        mine = Q(pk__in=[])  # a user who is no employee holds no post (a post held by name is nobody's here)
        if user.employee_id is not None:
            held = PostHolder.objects.filter(employee_id=user.employee_id, start__lte=today).filter(
                Q(end__isnull=True) | Q(end__gte=today)
            )
            mine = Q(waiting_post__in=held.values("post__code"))
        waiting = Document.objects.filter(status__in=IN_SIGNING_CHAIN).exclude(drafted_by=user).filter(mine | unheld)
    # A returned draft waits on its drafter until it is redrafted or a new letter of its kind replaces it.
    replaced = Document.objects.filter(
        kind=OuterRef("kind"),
        subject_type=OuterRef("subject_type"),
        subject_id=OuterRef("subject_id"),
        pk__gt=OuterRef("pk"),
    )
    returned = Document.objects.filter(drafted_by=user, status=DocumentStatus.RETURNED).exclude(Exists(replaced))
    count = waiting.count() + returned.count()
    if not limit or not count:
        return count, []
    fields = ("pk", "title", "updated_at", "waiting_task")
    items = [
        Waiting(str(TASK_LABELS.get(d.waiting_task, d.waiting_task)), d.title, reverse("documents:detail", args=[d.pk]),
                dated(d.updated_at))
        for d in waiting.only(*fields).order_by("updated_at", "id")[:limit]
    ] + [
        Waiting(str(_("Perbaiki konsep yang dikembalikan")), d.title, reverse("documents:detail", args=[d.pk]),
                dated(d.updated_at))
        for d in returned.only(*fields).order_by("updated_at", "id")[:limit]
    ]  # fmt: skip
    return count, items


SIGNED_RECENTLY_DAYS = 7


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's letters desk: the letters signed in the last week that the user may read (general
    affairs sends them out), the newest first."""
    if not user.has_perm("documents.view_document"):
        return None
    since = today - dt.timedelta(days=SIGNED_RECENTLY_DAYS - 1)
    signed = documents_visible(user, status=DocumentStatus.SIGNED).filter(signed_at__date__gte=since)
    count = signed.count()
    if not count:
        return None
    return {
        "signed": list(signed.order_by("-signed_at", "-pk")[:5]),
        "signed_count": count,
        "days": SIGNED_RECENTLY_DAYS,
    }
