from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin

from .models import DocumentStatus
from .services import SIFAT_CHOICES

TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


class DocumentFilterForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *DocumentStatus.choices]
    )

    def __init__(self, *args: object, kinds: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("kind").choices = [("", _("Semua jenis")), *kinds]


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(NoteForm):
    """The note, and what the signing backend asks of the signer at the moment of signing (never kept)."""

    passphrase = forms.CharField(
        label=_("Passphrase sertifikat elektronik"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    nik = forms.RegexField(
        label=_("NIK penandatangan"),
        regex=r"^\d{16}$",
        required=False,
        max_length=16,
        error_messages={"invalid": _("NIK harus 16 angka.")},
    )


class LetterPartsForm(BootstrapFormMixin, forms.Form):
    """Sifat, Lampiran and Tembusan of a letter, set by its drafter (Tata Naskah Dinas)."""

    sifat = forms.ChoiceField(label=_("Sifat"), choices=[(choice, choice) for choice in SIFAT_CHOICES])
    lampiran = forms.CharField(
        label=_("Lampiran"), max_length=100, required=False, help_text=_("Misalnya 1 (satu) berkas; kosong: -.")
    )
    tembusan = forms.CharField(
        label=_("Tembusan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu penerima per baris."),
    )
    note = forms.CharField(label=_("Catatan perbaikan"), max_length=300, required=False)

    def clean_tembusan(self) -> list[str]:
        return [line for line in self.cleaned_data["tembusan"].splitlines() if line.strip()]


def _docx_upload(upload: Any) -> bytes:
    if upload.size > TEMPLATE_MAX_BYTES:
        raise forms.ValidationError(_("Berkas %(name)s lebih dari 5 MB.") % {"name": upload.name})
    content = upload.read()
    if not content.startswith(b"PK"):
        raise forms.ValidationError(
            _("Berkas %(name)s bukan DOCX (dokumen Word 2007 atau lebih baru).") % {"name": upload.name}
        )
    return content


class CorrectionUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("DOCX perbaikan"))
    note = forms.CharField(label=_("Catatan perbaikan"), max_length=300, required=False)

    def clean_file(self) -> bytes:
        return _docx_upload(self.cleaned_data["file"])


class SignedPaperForm(BootstrapFormMixin, forms.Form):
    """A decree of the head of region signed on paper: the day on the sheet and its scan."""

    signed_on = forms.DateField(label=_("Tanggal ditandatangani"), widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(label=_("Pindaian naskah bertanda tangan (PDF, JPEG atau PNG)"))


class TemplateUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Berkas templat (DOCX)"))
    number_format = forms.CharField(label=_("Format nomor"), max_length=100)
    note = forms.CharField(label=_("Catatan perubahan"), max_length=300, required=False)

    def clean_file(self) -> bytes:
        return _docx_upload(self.cleaned_data["file"])


PDF_CHECK_MAX_BYTES = 20 * 1024 * 1024


class PdfCheckForm(forms.Form):
    """A PDF anyone brings to the public verification page, to compare with what the agency signed."""

    file = forms.FileField(label=_("PDF yang akan diperiksa"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > PDF_CHECK_MAX_BYTES:
            raise forms.ValidationError(_("Berkas %(name)s lebih dari 20 MB.") % {"name": upload.name})
        content = upload.read()
        if not content.startswith(b"%PDF"):
            raise forms.ValidationError(_("Berkas %(name)s bukan PDF.") % {"name": upload.name})
        return content
