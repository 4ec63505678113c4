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

from bangkom.core import temporal
from bangkom.core.models import TimeStampedModel
from bangkom.core.state_machine import StatusActions, StatusChange
from bangkom.core.stored import stored_content


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
    """The last number given in a numbering series in a year, taken under a row lock. A series is the
    register of an issuing body (every document it issues, whatever the kind) or a certificate kind.
    The agency may set a year's format and where its sequence stands (e.g. to continue a paper book)."""

    series = models.CharField(
        _("seri penomoran"),
        max_length=40,
        help_text=_("Register badan penerbit (instansi, kepala_daerah) atau jenis sertifikat."),
    )
    year = models.PositiveIntegerField(_("tahun"))
    last_number = models.PositiveIntegerField(
        _("nomor terakhir"), default=0, help_text=_("Nomor berikutnya adalah nomor terakhir + 1.")
    )
    number_format = models.CharField(
        _("format nomor tahun ini"),
        max_length=100,
        blank=True,
        help_text=_("Kosongkan untuk memakai format masing-masing jenis. Gunakan {nomor}, {tahun} dan {bulan}."),
    )

    class Meta:
        ordering = ["-year", "series"]
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="uniq_sequence_series_year")]
        verbose_name = _("penomoran")
        verbose_name_plural = _("penomoran")

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"


class SigningPost(models.Model):
    """A post that signs or initials letters (Kepala BKPSDM, Sekretaris Daerah, Bupati, Kepala Bidang
    Pengembangan Kompetensi, Ketua TSPDI …): posts sign, not roles or persons, so a letter names who
    held the post on the day it was signed."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    # Tata Naskah Dinas: the holder of this post may sign letters of that post on its behalf ("a.n.");
    # a post that signs on behalf of one which itself signs on behalf of another signs "u.b.".
    on_behalf_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegates",
        verbose_name=_("menandatangani atas nama"),
        help_text=_("Isi bila pemangku jabatan ini boleh menandatangani surat jabatan tersebut atas namanya (a.n.)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("jabatan penanda tangan")
        verbose_name_plural = _("jabatan penanda tangan")

    def __str__(self) -> str:
        return self.name


class Acting(models.TextChoices):
    DEFINITIVE = "", _("Definitif")
    PLT = "Plt.", _("Pelaksana Tugas (Plt.)")
    PLH = "Plh.", _("Pelaksana Harian (Plh.)")


class PostHolder(TimeStampedModel):
    """Who held a signing post from when to when, definitive or acting (Plt./Plh.)."""

    post = models.ForeignKey(SigningPost, on_delete=models.PROTECT, related_name="holders", verbose_name=_("jabatan"))
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="signing_posts",
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
    )
    # A head of region is not a civil servant: held by name, without NIP or pangkat.
    name = models.CharField(
        _("nama (bukan pegawai)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Untuk pejabat di luar data pegawai, misalnya Bupati atau Wali Kota; kosongkan bila memilih pegawai."
        ),
    )
    acting = models.CharField(_("kedudukan"), max_length=4, choices=Acting.choices, blank=True, default="")
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"), null=True, blank=True, help_text=_("Kosongkan bila masih menjabat."))
    basis = models.CharField(_("dasar penunjukan"), max_length=200, blank=True)

    class Meta:
        ordering = ["post", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="post_holder_end_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(employee__isnull=False) & Q(name="")) | (Q(employee__isnull=True) & ~Q(name="")),
                name="post_holder_employee_or_name",
            ),
            *temporal.constraints_for("documents.PostHolder"),
        ]
        verbose_name = _("pemangku jabatan")
        verbose_name_plural = _("pemangku jabatan")

    @property
    def holder_name(self) -> str:
        return self.employee.full_name if self.employee is not None else self.name

    def __str__(self) -> str:
        acting = f"{self.acting} " if self.acting else ""
        return f"{acting}{self.post}: {self.employee if self.employee_id else self.name}"


class Letterhead(TimeStampedModel):
    """The agency's letterhead (kop): who it is, where and how to reach it, and the region's lambang,
    edited in Data referensi. One row; until it exists the installation's settings stand in."""

    government = models.CharField(_("pemerintah daerah"), max_length=200)
    agency_name = models.CharField(_("nama instansi"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    website = models.CharField(_("laman"), max_length=120, blank=True)
    email = models.EmailField(_("pos-el"), max_length=120, blank=True)
    city = models.CharField(
        _("tempat"), max_length=100, help_text=_("Tempat surat dibuat dan keputusan ditetapkan, misalnya Sukamaju.")
    )
    region_head = models.CharField(
        _("jabatan kepala daerah"), max_length=100, help_text=_("Misalnya Bupati Sukamaju atau Wali Kota Bima.")
    )
    # Stored as PNG whatever was uploaded (services.lambang_png), so every template gets one format.
    lambang = models.BinaryField(_("lambang daerah"), blank=True, default=b"", editable=False)

    class Meta:
        verbose_name = _("kop surat instansi")
        verbose_name_plural = _("kop surat instansi")

    def __str__(self) -> str:
        return f"{self.agency_name}, {self.government}"


class LegalSection(models.TextChoices):
    DASAR = "dasar", _("Dasar")
    MENIMBANG = "menimbang", _("Menimbang")
    MENGINGAT = "mengingat", _("Mengingat")


class LegalBasis(TimeStampedModel):
    """One item of the legal basis a kind of letter or decree prints (Dasar, Menimbang, Mengingat),
    kept by the agency: a Kabupaten cites its own regulations, not another region's."""

    kind = models.CharField(_("jenis dokumen"), max_length=40)
    section = models.CharField(_("bagian"), max_length=12, choices=LegalSection.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    text = models.TextField(_("bunyi"), max_length=1000)
    example = models.BooleanField(
        _("contoh bawaan"),
        default=False,
        help_text=_("Bawaan Bangkom: periksa dan sesuaikan dengan peraturan daerah Anda."),
    )

    class Meta:
        ordering = ["kind", "section", "order", "id"]
        verbose_name = _("dasar hukum")
        verbose_name_plural = _("dasar hukum")

    def __str__(self) -> str:
        return f"{self.kind} {self.get_section_display()} {self.order}: {self.text[:60]}"


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
# The one way back from signed: its signer withdraws a signature given by mistake (the step wanted a
# paraf), where the kind allows it; the letter is initialled again and its number void.
SIGNATURE_WITHDRAWAL: dict[str, set[str]] = {DocumentStatus.SIGNED: {DocumentStatus.CHECKED}}


class Document(StatusActions, TimeStampedModel):
    # Its signature (electronic or "ttd.") is shown and checked, here and on the public page, once signed.
    ACTIONS = {"verify": {DocumentStatus.SIGNED}}
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
    # The issuing body's register the number was taken from; empty for documents signed before the
    # registers (numbered per kind then, their numbers kept as they were printed).
    register = models.CharField(_("register nomor"), max_length=40, blank=True)
    number_year = models.PositiveIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    # The letter as drafted or signed, in the storage backend (core.stored); `docx` and `pdf` below
    # read and set their bytes.
    docx_file = models.FileField(max_length=255, blank=True)
    pdf_file = models.FileField(max_length=255, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("ditandatangani pada"), null=True, blank=True)
    # Who signed, as printed: name, post, rank and NIP on the signing date (kept as they were then).
    signatory = models.JSONField(_("penandatangan"), default=dict, blank=True)
    # The public verification key printed as a QR code on the signed letter: random, not enumerable.
    verification_code = models.CharField(_("kode verifikasi"), max_length=20, unique=True, null=True, blank=True)
    pdf_sha256 = models.CharField(_("sidik SHA-256 PDF"), max_length=64, blank=True)
    # The signing backend that embedded a PAdES signature ("" when the PDF carries none: "ttd.").
    signature_backend = models.CharField(_("tanda tangan elektronik"), max_length=20, blank=True)
    # A decree the head of region signed on paper: the staff recorded the day and the scan of the sheet.
    signed_on_paper = models.BooleanField(_("ditandatangani di atas kertas"), default=False)
    paper_scan_file = models.FileField(_("pindaian naskah bertanda tangan"), max_length=255, blank=True, editable=False)
    paper_scan_type = models.CharField(max_length=40, blank=True)
    # The drafter's uploaded DOCX the letter is now made from, instead of the kind's template.
    uploaded_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The signing post whose holder (or, while nobody holds it, who may do it) the letter waits on and
    # for what; kept at every move so "Tugas saya" finds a person's letters in one query.
    waiting_post = models.CharField(max_length=40, blank=True)
    waiting_task = models.CharField(
        max_length=12, blank=True, choices=[("paraf", "paraf"), ("tanda tangan", "tanda tangan")]
    )

    docx = stored_content("docx_file", "documents/docx", "docx")
    pdf = stored_content("pdf_file", "documents/pdf", "pdf")
    paper_scan = stored_content("paper_scan_file", "documents/scans", "")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="document_subject_idx"),
            models.Index(fields=["waiting_post"], condition=~Q(waiting_post=""), name="document_waiting_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number_year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="uniq_document_number",
            ),
            # No two documents of a register share a sequence in a year, nor a printed number.
            models.UniqueConstraint(
                fields=["register", "number_year", "sequence"],
                condition=Q(sequence__isnull=False) & ~Q(register=""),
                name="uniq_document_register_sequence",
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number="") & ~Q(register=""),
                name="uniq_document_register_number",
            ),
        ]
        permissions = [
            ("draft_document", _("Menyusun konsep dokumen")),
            ("check_document", _("Memaraf dokumen")),
            ("sign_document", _("Menandatangani dokumen")),
            ("record_signed_paper", _("Mencatat keputusan kepala daerah yang ditandatangani di atas kertas")),
        ]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    # A step that drafts a letter opens it next, for the paraf (core.web.step).
    open_after_step = True

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.title} ({self.number or self.get_status_display()})"


class DocumentVersion(models.Model):
    """Every draft a document went through, kept when a newer one replaces it: the first draft, each
    redraft, each correction of its fields and each corrected DOCX the drafter uploaded."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    context = models.JSONField(_("isi"), default=dict)
    docx_file = models.FileField(max_length=255, blank=True)
    pdf_file = models.FileField(max_length=255, blank=True)
    docx = stored_content("docx_file", "documents/docx", "docx")
    pdf = stored_content("pdf_file", "documents/pdf", "pdf")
    # An uploaded DOCX is the letter itself: signing fills only its number, date and signature block.
    uploaded = models.BooleanField(_("DOCX unggahan penyusun"), default=False)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="uniq_document_version")]
        verbose_name = _("versi dokumen")
        verbose_name_plural = _("versi dokumen")

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class NamedPerson(models.Model):
    """A civil servant a signed letter is addressed to (their NIP is in its content and its kind goes
    to the people it names), so they can find and download it themselves."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="named_people")
    nip = models.CharField(max_length=18, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "nip"], name="uniq_named_person")]
        verbose_name = _("penerima surat")
        verbose_name_plural = _("penerima surat")

    def __str__(self) -> str:
        return f"{self.nip}: {self.document_id}"


class DocumentStatusChange(StatusChange):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=DocumentStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=DocumentStatus.choices)
