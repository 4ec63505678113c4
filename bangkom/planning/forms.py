from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.people.forms import DateInput
from bangkom.people.models import TrainingKind, TrainingRecord

from .models import Competency, DevelopmentPath, ItemStatus, LevelSource, PlanItem, PlanningCycle
from .selectors import unrealised_records


class CycleOpenForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PlanningCycle
        fields = ["year", "needs_due", "verification_due", "report_due", "request_note"]
        widgets = {
            "needs_due": DateInput(),
            "verification_due": DateInput(),
            "report_due": DateInput(),
            "request_note": forms.Textarea(attrs={"rows": 3}),
        }


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)


class EmployeePickForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), min_length=18, max_length=18)


class ItemForm(BootstrapFormMixin, forms.ModelForm):
    """One planned development; the competency list is the employee's standard plus technical ones."""

    class Meta:
        model = PlanItem
        fields = ["competency", "path", "kind", "title", "jp", "estimated_cost", "quarter", "provider"]

    def __init__(self, *args: Any, competencies: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Competency.objects.filter(is_active=True)
        if competencies is not None:
            queryset = queryset.filter(code__in=competencies) | queryset.filter(group="teknis")
        self.model_choice_field("competency").queryset = queryset.order_by("group", "name")
        self.model_choice_field("kind").queryset = TrainingKind.objects.filter(is_active=True)
        self.fields["kind"].required = False
        self.fields["estimated_cost"].widget.attrs["step"] = "1000"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("path") == DevelopmentPath.TRAINING and not data.get("kind"):
            self.add_error("kind", _("Pilih jenis pelatihan."))
        return data


class LevelForm(BootstrapFormMixin, forms.Form):
    competency = forms.ModelChoiceField(label=_("Kompetensi"), queryset=Competency.objects.filter(is_active=True))
    level = forms.IntegerField(label=_("Level saat ini"), min_value=1, max_value=5)
    source = forms.ChoiceField(label=_("Sumber"), choices=LevelSource.choices, initial=LevelSource.SUPERVISOR)
    assessed_on = forms.DateField(label=_("Tanggal penilaian"), widget=DateInput())


class VerifyForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(s.value, s.label) for s in ItemStatus if s != ItemStatus.PENDING],
    )
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)


class RealisationForm(BootstrapFormMixin, forms.Form):
    training_record = forms.ModelChoiceField(
        label=_("Riwayat diklat yang sudah tercatat"),
        queryset=TrainingRecord.objects.none(),
        required=False,
        help_text=_("Pilih bila pelatihannya sudah ada di riwayat pegawai; bila tidak, isi data di bawah."),
    )
    start_date = forms.DateField(label=_("Tanggal mulai"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Tanggal selesai"), required=False, widget=DateInput())
    jp = forms.IntegerField(label=_("JP"), min_value=1, max_value=2000, required=False)
    organiser = forms.CharField(label=_("Penyelenggara"), max_length=200, required=False)
    certificate_number = forms.CharField(label=_("Nomor sertifikat/STTP"), max_length=100, required=False)
    actual_cost = forms.DecimalField(label=_("Biaya realisasi (Rp)"), min_value=0, max_digits=14, decimal_places=0)

    def __init__(self, *args: Any, item: PlanItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("training_record").queryset = unrealised_records(item)
        self.initial.setdefault("jp", item.jp)
        self.initial.setdefault("organiser", item.provider)
        self.initial.setdefault("actual_cost", item.estimated_cost)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class LedgerFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    opd = forms.IntegerField(required=False, widget=forms.HiddenInput)
    band = forms.TypedChoiceField(
        label=_("Rentang JP"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Semua yang belum mencapai norma")), (0, _("0 JP")), (1, _("Kurang dari separuh norma")),
                 (2, _("Separuh norma atau lebih"))],
    )  # fmt: skip
