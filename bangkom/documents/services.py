"""The document engine's small API for every app:

- `document_draft(actor=, kind=, subject=, title=, context=)` fills the kind's current template;
- `document_check` (paraf), `document_return` (back to the drafter with a note),
  `document_redraft` (the drafter's corrected content), `document_sign` (numbers and re-renders);
- `template_upload` adds a new version of a kind's template after checking its placeholders.

Nobody checks or signs a document they drafted; every step leaves a history row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.errors import ServiceError
from bangkom.core.workflow import status_move, status_start

from .kinds import COMMON_SAMPLE, KINDS, ROMAN_MONTHS, DocumentKind, indonesian_date
from .models import (
    DOCUMENT_TRANSITIONS,
    Document,
    DocumentStatus,
    DocumentTemplate,
    NumberSequence,
)
from .render import TemplateError, docx_to_pdf, render_docx, template_placeholders
from .watermark import watermarked

UNNUMBERED = "…"


def kind_for(code: str) -> DocumentKind:
    try:
        return KINDS[code]
    except KeyError:
        raise ServiceError(_("Jenis dokumen %(kind)s tidak dikenal.") % {"kind": code}) from None


def agency() -> dict[str, str]:
    return {
        "pemerintah": settings.BANGKOM_AGENCY_NAME, "nama": settings.BANGKOM_AGENCY_UNIT,
        "alamat": settings.BANGKOM_AGENCY_ADDRESS, "kota": settings.BANGKOM_AGENCY_CITY,
        "kepala_daerah": settings.BANGKOM_REGION_HEAD,
    }  # fmt: skip


def declared_context(kind: DocumentKind) -> dict[str, Any]:
    """The names (and their fields) a template of this kind may use: the engine's and the kind's."""
    return {**COMMON_SAMPLE, **kind.sample}


def current_template(kind: DocumentKind) -> DocumentTemplate:
    """The newest template of a kind; the built-in one becomes version 1 the first time it is needed."""
    template = DocumentTemplate.objects.filter(kind=kind.code).order_by("-version").first()
    if template is None:
        try:
            with transaction.atomic():
                template = DocumentTemplate.objects.create(
                    kind=kind.code, version=1, content=kind.default_template(), number_format=kind.number_format,
                    note=_("Templat bawaan Bangkom"),
                )  # fmt: skip
        except IntegrityError:  # another request made it at the same moment: use theirs
            template = DocumentTemplate.objects.filter(kind=kind.code).order_by("-version").first()
    return template


def format_number(number_format: str, *, sequence: int, day: dt.date) -> str:
    return number_format.format(nomor=sequence, tahun=day.year, bulan=ROMAN_MONTHS[day.month - 1])


def number_format_check(number_format: str) -> None:
    """Refuse a number format that cannot be filled or has no {nomor}, saying why."""
    try:
        sample = format_number(number_format, sequence=1, day=dt.date(2026, 1, 1))
    except (KeyError, IndexError, ValueError) as error:
        raise ServiceError(
            _("Format nomor %(format)r tidak sah: gunakan hanya {nomor}, {tahun} dan {bulan} (%(error)s).")
            % {"format": number_format, "error": error}
        ) from None
    if "{nomor}" not in number_format and "{nomor:" not in number_format:
        raise ServiceError(_("Format nomor %(format)r harus memuat {nomor}.") % {"format": number_format})
    if not sample.strip():
        raise ServiceError(_("Format nomor tidak boleh kosong."))


def _fill(
    template: DocumentTemplate, context: Mapping[str, Any], *, title: str, page_numbers: bool = True
) -> tuple[bytes, bytes]:
    """The DOCX and PDF of a template filled with `context`; a template that cannot be filled is a
    refusal naming the kind and version."""
    try:
        docx = render_docx(bytes(template.content), context, declared=declared_context(kind_for(template.kind)))
        return docx, docx_to_pdf(docx, title=title, page_numbers=page_numbers)
    except TemplateError as error:
        raise ServiceError(
            _("Templat %(kind)s versi %(version)d tidak dapat diisi: %(error)s")
            % {"kind": template.kind, "version": template.version, "error": error}
        ) from None


def _render(document: Document, *, number: str, signed_by: User | None) -> None:
    """Fill the document's template; until it is signed its PDF carries the KONSEP mark."""
    context = {
        **COMMON_SAMPLE, **document.context, "instansi": agency(), "nomor": number or UNNUMBERED,
        # The Jakarta date: a letter signed at 00:30 WIB on 1 January is dated that day, not 31 December.
        "tanggal": indonesian_date(timezone.localdate(document.signed_at or timezone.now())),
        "status_tanda_tangan": _("ttd.") if signed_by else _("(belum ditandatangani)"),
    }  # fmt: skip
    document.docx, pdf = _fill(document.template, context, title=document.title)
    document.pdf = pdf if signed_by else watermarked(pdf)


def _move(document: Document, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        document, to=to, transitions=DOCUMENT_TRANSITIONS, history=document.status_changes, actor=actor, note=note,
        labels=DocumentStatus,
    )  # fmt: skip


EMPTY_VALUES = (None, "", "-")


def required_check(kind: DocumentKind, context: Mapping[str, Any]) -> None:
    """Refuse a draft that lacks what its kind needs, naming every missing item."""
    missing = [str(label) for name, label in kind.required.items() if context.get(name) in EMPTY_VALUES]
    if missing:
        raise ServiceError(
            _("%(kind)s belum dapat disusun; lengkapi dahulu: %(missing)s.")
            % {"kind": kind.name, "missing": ", ".join(missing)}
        )


@transaction.atomic
def document_draft(
    *, actor: User, kind: str, subject: models.Model, title: str, context: Mapping[str, Any]
) -> Document:
    document_kind = kind_for(kind)
    required_check(document_kind, context)
    document = Document(
        kind=document_kind.code, title=title, subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk, context=dict(context), template=current_template(document_kind), drafted_by=actor,
    )  # fmt: skip
    _render(document, number="", signed_by=None)
    document.save()
    status_start(document, history=document.status_changes, actor=actor)
    return _moved(document, actor)


def _moved(document: Document, actor: User) -> Document:
    hook = kind_for(document.kind).moved
    if hook is not None:
        hook(document, actor)
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _not_own(document: Document, actor: User) -> None:
    if document.drafted_by_id == actor.pk:
        raise ServiceError(_("Dokumen yang Anda susun sendiri harus diparaf dan ditandatangani orang lain."))


@transaction.atomic
def document_check(*, actor: User, document: Document, note: str = "") -> Document:
    document = _locked(document)
    _not_own(document, actor)
    if document.status == DocumentStatus.CHECKED and document.checked_by_id == actor.pk:
        raise ServiceError(_("Anda sudah memaraf dokumen ini; paraf berikutnya oleh pejabat di atas Anda."))
    _move(document, actor=actor, to=DocumentStatus.CHECKED, note=note)
    document.checked_by = actor  # the last to initial it
    document.save(update_fields=["status", "checked_by", "updated_at"])
    return _moved(document, actor)


@transaction.atomic
def document_return(*, actor: User, document: Document, note: str) -> Document:
    if not note.strip():
        raise ServiceError(_("Tuliskan catatan perbaikan untuk penyusun."))
    document = _locked(document)
    _not_own(document, actor)
    _move(document, actor=actor, to=DocumentStatus.RETURNED, note=note)
    document.checked_by = None
    document.save(update_fields=["status", "checked_by", "updated_at"])
    return _moved(document, actor)


def document_generate(*, actor: User, kind: str, subject: models.Model) -> Document:
    """Draft a kind whose owning app registered how to fill it from its subject."""
    build = kind_for(kind).build
    if build is None:
        raise ServiceError(_("Jenis dokumen %(kind)s tidak dapat disusun otomatis.") % {"kind": kind})
    title, context = build(subject)
    return document_draft(actor=actor, kind=kind, subject=subject, title=title, context=context)


@transaction.atomic
def document_redraft(*, actor: User, document: Document, note: str = "") -> Document:
    """The corrected draft after a return: the content is filled again from the subject as it is now
    (where the kind knows how) and rendered from the kind's current template."""
    document = _locked(document)
    document_kind = kind_for(document.kind)
    _move(document, actor=actor, to=DocumentStatus.DRAFT, note=note or _("Diperbaiki"))
    if document_kind.build is not None:
        document.title, document.context = document_kind.build(document.subject)
    required_check(document_kind, document.context)
    document.drafted_by = actor
    document.template = current_template(document_kind)
    _render(document, number="", signed_by=None)
    document.save()
    return _moved(document, actor)


def _documents_numbered(kind: str, year: int) -> int:
    found = Document.objects.filter(kind=kind, number_year=year).aggregate(m=models.Max("sequence"))["m"]
    return found or 0


# How far each sequence was used: the documents here, and whatever other app takes numbers from the
# same sequences (certificates) registers its own lookup.
NUMBERS_USED: list[Callable[[str, int], int]] = [_documents_numbered]


def highest_number_used(kind: str, year: int) -> int:
    return max((used(kind, year) for used in NUMBERS_USED), default=0)


def number_sequence_check(sequence: NumberSequence) -> None:
    """Refuse a format that cannot be filled and a last number below one already given: the next
    signature would take a number that exists (before, every later signing failed with an error)."""
    if sequence.number_format:
        number_format_check(sequence.number_format)
    used = highest_number_used(sequence.kind, sequence.year)
    if sequence.last_number < used:
        raise ServiceError(
            _("Nomor terakhir %(last)d untuk %(kind)s tahun %(year)d lebih kecil dari nomor yang sudah dipakai "
              "(%(used)d); nomor berikutnya akan sama dengan nomor yang ada. Isi sekurang-kurangnya %(used)d.")
            % {"last": sequence.last_number, "kind": sequence.kind, "year": sequence.year, "used": used}
        )  # fmt: skip


@transaction.atomic
def number_sequence_save(*, actor: User, sequence: NumberSequence) -> NumberSequence:
    """The agency sets a year's format or where its sequence stands (to continue a paper register)."""
    require_permission(actor, "documents.change_numbersequence" if sequence.pk else "documents.add_numbersequence")
    if sequence.pk:
        NumberSequence.objects.select_for_update().get(pk=sequence.pk)  # no signing slips in between
    number_sequence_check(sequence)
    sequence.full_clean()
    sequence.save()
    return sequence


def number_take(kind: str, day: dt.date, default_format: str) -> tuple[int, str]:
    """The next number of a kind in `day`'s year and its text, in the year's own format if the agency
    set one. The sequence row is locked until the caller's transaction ends, so two concurrent
    signings or issuings never get the same number."""
    NumberSequence.objects.get_or_create(kind=kind, year=day.year)
    sequence = NumberSequence.objects.select_for_update().get(kind=kind, year=day.year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    number_format = sequence.number_format or default_format
    return sequence.last_number, format_number(number_format, sequence=sequence.last_number, day=day)


def kind_render(kind: str, context: Mapping[str, Any], *, template: DocumentTemplate | None = None) -> tuple[
    DocumentTemplate, bytes, bytes
]:  # fmt: skip
    """Fill a kind's template (its current one unless given) without keeping a Document: for products
    kept by their own app, such as certificates. Returns the template used, the DOCX and the PDF."""
    document_kind = kind_for(kind)
    template = template or current_template(document_kind)
    docx, pdf = _fill(
        template, {**COMMON_SAMPLE, "instansi": agency(), **context}, title=str(document_kind.name),
        page_numbers=document_kind.page_numbers,
    )  # fmt: skip
    return template, docx, pdf


@transaction.atomic
def document_sign(*, actor: User, document: Document) -> Document:
    """Sign: the next number of the kind in the signing year, and the final DOCX and PDF."""
    document = _locked(document)
    _not_own(document, actor)
    _move(document, actor=actor, to=DocumentStatus.SIGNED)
    document.signed_at = timezone.now()
    day = timezone.localdate(document.signed_at)
    document.sequence, document.number = number_take(document.kind, day, document.template.number_format)
    document.number_year = day.year
    document.signed_by = actor
    _render(document, number=document.number, signed_by=actor)
    document.save()
    return _moved(document, actor)


@transaction.atomic
def template_upload(*, actor: User, kind: str, content: bytes, number_format: str, note: str = "") -> DocumentTemplate:
    """A new version of a kind's template, accepted only if every placeholder it uses is one the kind
    fills and it renders with the kind's sample content."""
    document_kind = kind_for(kind)
    number_format_check(number_format)
    known = set(COMMON_SAMPLE) | set(document_kind.sample)
    try:
        unknown = sorted(template_placeholders(content) - known)
        if unknown:
            raise ServiceError(
                _("Placeholder tidak dikenal untuk %(kind)s: %(names)s. Yang tersedia: %(known)s.")
                % {"kind": document_kind.name, "names": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        sample = declared_context(document_kind)
        docx_to_pdf(render_docx(content, sample, declared=sample))
    except TemplateError as error:
        raise ServiceError(_("Templat ditolak: %(error)s") % {"error": error}) from None
    latest = DocumentTemplate.objects.filter(kind=kind).order_by("-version").first()
    return DocumentTemplate.objects.create(
        kind=kind, version=(latest.version + 1) if latest else 1, content=content, number_format=number_format,
        note=note, uploaded_by=actor,
    )  # fmt: skip
