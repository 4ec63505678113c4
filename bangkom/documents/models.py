"""Official documents: editable templates, numbering per kind and year, and every generated letter
or decree with its drafted → checked (paraf) → signed record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkom.core.models import TimeStampedModel
from bangkom.core.workflow import StatusChange


class DocumentTemplate(TimeStampedModel):
    """One version of the template of a document kind; the newest version is used for new drafts."""

    kind = models.CharField(_("jenis dokumen"), max_length=40)
    version = models.PositiveIntegerField(_("versi"))
    content = models.BinaryField(_("berkas DOCX"))
    number_format = models.CharField(
        _("format nomor"),
        max_length=100,
        help_text=_("Gunakan {nomor}, {tahun} dan {bulan} (angka Romawi), misalnya 800/{nomor}/BKPSDM/{tahun}."),
    )
    note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="uniq_template_kind_version")]
        permissions = [("manage_templates", _("Mengelola templat dokumen"))]
        verbose_name = _("templat dokumen")
        verbose_name_plural = _("templat dokumen")

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class NumberSequence(models.Model):
    """The last number given to a document or certificate kind in a year, taken under a row lock.
    The agency may set a year's format and where its sequence stands (e.g. to continue a paper book)."""

    kind = models.CharField(_("jenis"), max_length=40)
    year = models.PositiveIntegerField(_("tahun"))
    last_number = models.PositiveIntegerField(
        _("nomor terakhir"), default=0, help_text=_("Nomor berikutnya adalah nomor terakhir + 1.")
    )
    number_format = models.CharField(
        _("format nomor tahun ini"), max_length=100, blank=True,
        help_text=_("Kosongkan untuk memakai format bawaan jenisnya. Gunakan {nomor}, {tahun} dan {bulan}."),
    )  # fmt: skip

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="uniq_sequence_kind_year")]
        verbose_name = _("penomoran")
        verbose_name_plural = _("penomoran")

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class DocumentStatus(models.TextChoices):
    DRAFT = "konsep", _("Konsep")
    CHECKED = "diparaf", _("Diparaf")
    RETURNED = "dikembalikan", _("Dikembalikan untuk perbaikan")
    SIGNED = "ditandatangani", _("Ditandatangani")


DOCUMENT_TRANSITIONS: dict[str, set[str]] = {
    DocumentStatus.DRAFT: {DocumentStatus.CHECKED, DocumentStatus.RETURNED},
    # Initialled again up the chain: an official who only initials a letter another one signs
    # (Bangkalan's step 16: the head initials the summons, the SPT and the briefing).
    DocumentStatus.CHECKED: {DocumentStatus.CHECKED, DocumentStatus.SIGNED, DocumentStatus.RETURNED},
    DocumentStatus.RETURNED: {DocumentStatus.DRAFT},
    DocumentStatus.SIGNED: set(),
}


class Document(TimeStampedModel):
    kind = models.CharField(_("jenis dokumen"), max_length=40)
    title = models.CharField(_("perihal"), max_length=300)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    # What was filled in, as plain text, so that signing re-renders exactly the checked content.
    context = models.JSONField(_("isi"), default=dict)
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="documents")
    status = models.CharField(_("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    number_year = models.PositiveIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    docx = models.BinaryField()
    pdf = models.BinaryField()
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("ditandatangani pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number_year", "sequence"], condition=Q(sequence__isnull=False),
                name="uniq_document_number",
            )
        ]  # fmt: skip
        permissions = [
            ("draft_document", _("Menyusun konsep dokumen")),
            ("check_document", _("Memaraf dokumen")),
            ("sign_document", _("Menandatangani dokumen")),
        ]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    # A step that drafts a letter opens it next, for the paraf (core.web.step).
    open_after_step = True

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.title} ({self.number or self.get_status_display()})"


class DocumentStatusChange(StatusChange):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=DocumentStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=DocumentStatus.choices)
