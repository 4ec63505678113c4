"""Forms of self-service: the learning report and the verifier's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.people.forms import DateInput
from bangkom.people.models import TrainingKind

from .models import LearningReport
from .selectors import reportable_kinds

CERTIFICATE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class LearningReportForm(BootstrapFormMixin, forms.ModelForm):
    certificate = forms.FileField(
        label=_("Sertifikat"),
        help_text=_("PDF, JPG atau PNG, paling besar %(size)s; foto dari ponsel boleh.")
        % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": CERTIFICATE_ACCEPT}),
    )

    class Meta:
        model = LearningReport
        fields = ("kind", "name", "organiser", "start_date", "end_date", "jp_claimed", "certificate_number")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "jp_claimed": _("Sesuai sertifikat; 1 JP = 45 menit."),
            "certificate_number": _("Kosongkan bila sertifikat tidak bernomor."),
        }

    def __init__(self, *args: Any, replacing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.queryset = TrainingKind.objects.filter(pk__in=reportable_kinds().values("kind_id")).order_by("name")  # type: ignore[attr-defined]
        kind.label_from_instance = lambda k: k.name  # type: ignore[attr-defined]
        self.fields["jp_claimed"].widget.attrs.update({"min": 1, "max": 999, "inputmode": "numeric"})
        if replacing:  # a returned report keeps its certificate unless a new one is chosen
            self.fields["certificate"].required = False
            self.fields["certificate"].help_text = _("Pilih berkas baru hanya bila sertifikat perlu diganti.")

    def _post_clean(self) -> None:
        # The service validates the whole report (it needs the employee and the certificate), so the
        # model's own clean is not run here on a half-built instance.
        pass


class DecisionForm(BootstrapFormMixin, forms.Form):
    ACCEPT, RETURN, REJECT = "terima", "kembalikan", "tolak"
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(ACCEPT, _("Terima dan akui JP")), (RETURN, _("Kembalikan untuk dilengkapi")), (REJECT, _("Tolak"))],
        widget=forms.RadioSelect,
    )
    jp_recognised = forms.IntegerField(label=_("JP diakui"), required=False, min_value=1, max_value=999)
    note = forms.CharField(
        label=_("Catatan untuk pegawai"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("decision") == self.ACCEPT and not data.get("jp_recognised"):
            self.add_error("jp_recognised", _("Isi JP yang diakui."))
        return data


class CorrectionExtrasForm(BootstrapFormMixin, forms.Form):
    """What a correction request adds to the registry's own history form: why, and the proof."""

    reason = forms.CharField(
        label=_("Alasan perbaikan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: ijazah S2 tahun 2024 belum tercatat."),
    )
    document = forms.FileField(
        label=_("Dokumen pendukung"),
        help_text=_("Ijazah, SK atau sertifikat: PDF, JPG atau PNG, paling besar %(size)s.")
        % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": CERTIFICATE_ACCEPT}),
    )


class CorrectionDecisionForm(BootstrapFormMixin, forms.Form):
    APPROVE, REFUSE = "setujui", "tolak"
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(APPROVE, _("Setujui: tambahkan ke riwayat pegawai")), (REFUSE, _("Tolak"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan untuk pegawai"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
