from __future__ import annotations

import secrets
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.people.forms import DateInput
from bangkom.people.models import Unit

from .models import CHANNEL_NAMES, Service
from .policy import assessment_policy, complaint_policy

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _services() -> Any:
    return Service.objects.filter(active=True)


class RequestForm(BootstrapFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=Service.objects.none())
    title = forms.CharField(label=_("Perihal"), max_length=300)
    applicant = forms.CharField(label=_("Pemohon"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Unit pemohon"), queryset=Unit.objects.none(), required=False)
    received_on = forms.DateField(label=_("Diterima"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("service").queryset = _services()
        self.model_choice_field("unit").queryset = Unit.objects.order_by("path")
        self.fields["received_on"].initial = timezone.localdate()


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=1000)


class AssessmentForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Nama kegiatan"), max_length=300)
    positions = forms.CharField(label=_("Jabatan pimpinan tinggi yang diisi"), max_length=500)
    pansel_reference = forms.CharField(label=_("Pengumuman Pansel lulus administrasi"), max_length=200)
    province_agency = forms.CharField(label=_("BKD provinsi"), max_length=200, initial="BKD Provinsi Jawa Timur")
    received_on = forms.DateField(label=_("Perintah diterima"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class ParticipantsForm(BootstrapFormMixin, forms.Form):
    nips = forms.CharField(label=_("NIP peserta (satu per baris)"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean_nips(self) -> list[str]:
        return self.cleaned_data["nips"].splitlines()


class CoordinationForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Hasil koordinasi dengan BKD provinsi"), max_length=2000, widget=TEXTAREA)


class LetterForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Surat"),
        choices=[
            ("permohonan_fasilitasi_asesmen", _("Surat permohonan fasilitasi")),
            ("npknd", _("NPKND")),
            ("pemanggilan_asesmen", _("Surat pemanggilan peserta")),
            ("spt_asesmen", _("Surat perintah tugas")),
            ("pengarahan_asesmen", _("Surat pengarahan")),
        ],
    )


class SentForm(BootstrapFormMixin, forms.Form):
    sent_on = forms.DateField(label=_("Tanggal dikirim ke BKD provinsi"), widget=DateInput())


class ReplyForm(BootstrapFormMixin, forms.Form):
    reply_number = forms.CharField(label=_("Nomor surat balasan"), max_length=100)
    reply_date = forms.DateField(label=_("Tanggal surat balasan"), widget=DateInput())
    reply_note = forms.CharField(label=_("Isi balasan"), max_length=2000, required=False, widget=TEXTAREA)
    facilitation_starts_on = forms.DateField(label=_("Fasilitasi mulai"), widget=DateInput())
    facilitation_ends_on = forms.DateField(label=_("Fasilitasi selesai"), widget=DateInput())
    venue = forms.CharField(label=_("Tempat asesmen"), max_length=200, required=False)


class ScheduleForm(BootstrapFormMixin, forms.Form):
    assessed_on = forms.DateField(label=_("Tanggal asesmen"), widget=DateInput())
    days = forms.IntegerField(label=_("Lama (hari)"), min_value=1, max_value=30, initial=1)


class ResultForm(BootstrapFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Laporan individu diterima"), widget=DateInput())
    jpm = forms.DecimalField(label=_("Job person match (%)"), min_value=0, max_value=100, decimal_places=2)
    category = forms.ChoiceField(label=_("Kategori"), choices=())
    recommendation = forms.CharField(label=_("Rekomendasi"), max_length=2000, required=False, widget=TEXTAREA)
    upload = forms.FileField(label=_("Laporan individu (PDF)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("category").choices = [(c, c) for c in assessment_policy().result_categories]


class UploadForm(BootstrapFormMixin, forms.Form):
    upload = forms.FileField(label=_("Berkas"))


class VerifyForm(BootstrapFormMixin, forms.Form):
    valid = forms.TypedChoiceField(
        label=_("Hasil pemeriksaan"), choices=[("1", _("Sah")), ("0", _("Ditolak"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


# --- Complaints -----------------------------------------------------------------------------------

FORM_TOKEN_SALT = "bangkom.complaint-form"  # noqa: S105 - a signing salt, not a secret


def form_token() -> str:
    """When the public form was rendered and a one-use nonce, signed: a robot can neither claim a
    slower hand nor send one token many times (the nonce is kept with the complaint)."""
    return signing.dumps({"t": time.time(), "n": secrets.token_hex(16)}, salt=FORM_TOKEN_SALT)


def form_token_read(token: str) -> tuple[float, str]:
    """Seconds since the form was rendered and its nonce; (0, "") for a missing, forged or day-old token."""
    try:
        value = signing.loads(token, salt=FORM_TOKEN_SALT, max_age=86400)
        return time.time() - float(value["t"]), str(value["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return 0.0, ""


class ComplaintFields(BootstrapFormMixin, forms.Form):
    service = forms.ModelChoiceField(
        label=_("Layanan yang diadukan"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Lainnya / tidak tahu"),
    )
    name = forms.CharField(label=_("Nama"), max_length=150)
    contact = forms.CharField(
        label=_("Surel atau nomor telepon"),
        max_length=150,
        help_text=_("Hanya dipakai petugas untuk menghubungi Anda."),
    )
    subject = forms.CharField(label=_("Pokok pengaduan"), max_length=200)
    body = forms.CharField(label=_("Uraian"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("service").queryset = _services()


class PublicComplaintForm(ComplaintFields):
    # Robots fill every field; people never see this one.
    website = forms.CharField(required=False, label=_("Situs web"))
    token = forms.CharField(widget=forms.HiddenInput())


class StaffComplaintForm(ComplaintFields):
    channel = forms.ChoiceField(label=_("Saluran"), choices=())
    received_on = forms.DateField(label=_("Diterima"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("channel").choices = [(c, CHANNEL_NAMES.get(c, c)) for c in complaint_policy().channels]
        self.fields["received_on"].initial = timezone.localdate()


class TrackForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=20)


class AssignForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit penanggung jawab"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("unit").queryset = Unit.objects.order_by("path")


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Jawaban untuk pengadu"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
