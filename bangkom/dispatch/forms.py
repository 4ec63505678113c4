from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.people.forms import DateInput

from .models import DISPATCH_TRANSITIONS, Dispatch, DispatchStatus, Result


class DispatchOpenForm(BootstrapFormMixin, forms.Form):
    institution = forms.CharField(label=_("Lembaga penyelenggara terakreditasi"), max_length=200)
    institution_address = forms.CharField(label=_("Alamat lembaga"), max_length=300, required=False)
    accreditation = forms.CharField(label=_("Akreditasi lembaga"), max_length=200)
    training_name = forms.CharField(label=_("Nama pelatihan"), max_length=250)
    requested_on = forms.DateField(label=_("Tanggal permohonan"), widget=DateInput())
    start_date = forms.DateField(label=_("Tanggal mulai pelatihan"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Tanggal selesai pelatihan"), required=False, widget=DateInput())
    jp_hours = forms.IntegerField(label=_("Jumlah JP"), required=False, min_value=1, max_value=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class DispatchUpdateForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Dispatch
        fields = [
            "agreement_number",
            "agreement_date",
            "start_date",
            "end_date",
            "jp_hours",
            "evaluation",
            "problems",
        ]
        widgets = {
            "agreement_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class DispatchMoveForm(BootstrapFormMixin, forms.Form):
    to = forms.ChoiceField(label=_("Langkah berikutnya"))
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, *args: Any, dispatch: Dispatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = DISPATCH_TRANSITIONS[dispatch.status]
        self.choice_field("to").choices = [(s.value, s.label) for s in DispatchStatus if s in allowed]


class ResultForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("Hasil"), choices=Result.choices)
    certificate_number = forms.CharField(label=_("Nomor sertifikat/STTP"), max_length=100, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class MonitoringForm(BootstrapFormMixin, forms.Form):
    noted_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    note = forms.CharField(label=_("Catatan monitoring"), widget=forms.Textarea(attrs={"rows": 2}))
