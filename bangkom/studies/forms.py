from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin, CorrectionReasonForm
from bangkom.people.forms import DateInput
from bangkom.people.models import Employee
from bangkom.rules.study import available_study_rules

from .models import OverseasRequest, StudyAnnouncement, StudyApplication, StudyQuota
from .policy import PaperKind
from .services import ANNOUNCEMENT_FIELDS, APPLICATION_FIELDS, OVERSEAS_FIELDS


class AnnouncementForm(BootstrapFormMixin, forms.ModelForm):
    rules_id = forms.ChoiceField(label=_("Kriteria seleksi"), choices=())

    class Meta:
        model = StudyAnnouncement
        fields = list(ANNOUNCEMENT_FIELDS)
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "study_starts_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("rules_id").choices = [(r, r) for r in available_study_rules()]
        if self.instance.pk:
            del self.fields["rules_id"]  # kept with the announcement once drafted


class QuotaForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = StudyQuota
        fields = ["level", "quota", "fields_of_study"]


class NipField(forms.CharField):
    """An employee chosen by NIP among those the user may propose."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, label=_("NIP pegawai"), max_length=18, min_length=18, **kwargs)
        self.employees: QuerySet[Employee] = Employee.objects.none()

    def clean(self, value: Any) -> Employee:
        nip = super().clean(value).strip()
        employee = self.employees.filter(nip=nip).select_related("unit").first()
        if employee is None:
            raise forms.ValidationError(_("NIP %(nip)s tidak ditemukan di antara pegawai unit Anda.") % {"nip": nip})
        return employee


class ApplicationForm(BootstrapFormMixin, forms.ModelForm):
    employee = NipField()

    class Meta:
        model = StudyApplication
        fields = ["employee", *APPLICATION_FIELDS]

    def __init__(self, *args: Any, employees: QuerySet[Employee] | None, levels: list[str], **kwargs: Any) -> None:
        """`employees` are whom an operator may propose; None when the civil servant applies themselves."""
        super().__init__(*args, **kwargs)
        self.choice_field("level").choices = [(level, level) for level in levels]
        if self.instance.pk or employees is None:
            del self.fields["employee"]
        else:
            self.fields["employee"].employees = employees  # type: ignore[attr-defined]


class UnitDecisionForm(BootstrapFormMixin, forms.Form):
    """The unit's answer to a civil servant's own application when it does not endorse it."""

    decision = forms.ChoiceField(
        label=_("Keputusan unit kerja"),
        widget=forms.RadioSelect,
        choices=[("kembalikan", _("Kembalikan ke pegawai untuk dilengkapi")), ("tolak", _("Tidak diusulkan"))],
    )
    note = forms.CharField(label=_("Alasan untuk pegawai"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class PaperForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis berkas"), choices=())
    upload = forms.FileField(label=_("Berkas (PDF, JPG atau PNG)"))

    def __init__(self, *args: Any, kinds: tuple[PaperKind, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("kind").choices = [(k.code, k.name) for k in kinds]


class VerifyForm(BootstrapFormMixin, forms.Form):
    valid = forms.TypedChoiceField(
        label=_("Hasil"), choices=[("1", _("Sah")), ("0", _("Ditolak"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoreForm(BootstrapFormMixin, forms.Form):
    academic = forms.DecimalField(
        label=_("Tes potensi akademik"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    interview = forms.DecimalField(label=_("Wawancara"), min_value=0, max_value=100, decimal_places=2, required=False)


class ProgressForm(BootstrapFormMixin, forms.Form):
    semester = forms.IntegerField(label=_("Semester"), min_value=1, max_value=14)
    gpa = forms.DecimalField(label=_("IPK"), min_value=0, max_value=4, decimal_places=2)
    credits = forms.IntegerField(label=_("SKS lulus"), min_value=0, max_value=200)
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class ProgressCorrectionForm(CorrectionReasonForm):
    progress = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    gpa = ProgressForm.base_fields["gpa"]
    credits = ProgressForm.base_fields["credits"]
    note = ProgressForm.base_fields["note"]


class ProgressCancelForm(CorrectionReasonForm):
    progress = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ExtendForm(BootstrapFormMixin, forms.Form):
    months = forms.IntegerField(label=_("Tambahan (bulan)"), min_value=1, max_value=36)
    reason = forms.CharField(label=_("Alasan"), max_length=500)


class CompleteForm(BootstrapFormMixin, forms.Form):
    graduated_on = forms.DateField(label=_("Tanggal lulus"), widget=DateInput())


class StopForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan dihentikan"), max_length=500)


class OverseasForm(BootstrapFormMixin, forms.ModelForm):
    employee = NipField()

    class Meta:
        model = OverseasRequest
        fields = ["employee", *OVERSEAS_FIELDS]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, employees: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["employee"]
        else:
            self.fields["employee"].employees = employees  # type: ignore[attr-defined]


class DecideForm(BootstrapFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Keputusan"), choices=[("1", _("Setujui")), ("0", _("Tolak"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)


class ReportForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(label=_("Ringkasan hasil kegiatan"), widget=forms.Textarea(attrs={"rows": 4}))
