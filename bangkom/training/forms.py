from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin, CorrectionReasonForm
from bangkom.people.forms import DateInput
from bangkom.people.models import TrainingKind
from bangkom.planning.models import Competency
from bangkom.selection.models import SelectionRound

from .models import (
    BudgetLine,
    CertificateKind,
    Instructor,
    MaterialKind,
    Organiser,
    Participant,
    Presence,
    Program,
    ProgramStatus,
    Result,
)
from .policy import policy
from .selectors import needs_of_units


class ProgramForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "unit", "title", "kind", "competencies", "plan_items", "target_participants", "participant_count", "jp",
            "start_date", "end_date", "venue", "facilities",
        ]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "facilities": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.SelectMultiple(attrs={"size": 6}),
            "plan_items": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, units: Any, default_unit: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("unit").queryset = units
        self.model_choice_field("kind").queryset = TrainingKind.objects.filter(is_active=True)
        self.model_choice_field("competencies").queryset = Competency.objects.filter(is_active=True).order_by(
            "group", "name"
        )
        if not self.instance.pk and default_unit is not None:
            self.fields["unit"].initial = default_unit.pk  # the operator's own unit
        self.model_choice_field("plan_items").queryset = needs_of_units(units)
        self.fields["plan_items"].required = False
        self.fields["plan_items"].help_text = _("Kebutuhan pelatihan dalam rencana unit untuk tahun program.")


class BudgetLineForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["component", "volume", "unit_label", "unit_cost"]


class InstructorForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Instructor
        fields = ["name", "qualification", "subject"]


class OrganiserForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Organiser
        fields = ["name", "role", "toc_certificate", "mot_certificate"]


class MaterialForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis bahan ajar"), choices=MaterialKind.choices)
    upload = forms.FileField(label=_("Berkas (PDF, DOCX atau PPTX)"))


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LateForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan menerima usulan terlambat"), max_length=500)


class CriteriaForm(BootstrapFormMixin, forms.Form):
    """One met / not met choice and a note per criterion (a)–(g), from the policy data."""

    def __init__(self, *args: Any, initial_findings: dict[str, tuple[bool, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initial_findings = initial_findings or {}
        for criterion in policy().criteria:
            met, note = initial_findings.get(criterion.code, (None, ""))
            self.fields[f"met_{criterion.code}"] = forms.TypedChoiceField(
                label=f"({criterion.code}) {criterion.text}",
                coerce=lambda v: v == "1",
                choices=[("1", _("Memenuhi")), ("0", _("Tidak memenuhi"))],
                initial=None if met is None else ("1" if met else "0"),
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{criterion.code}"] = forms.CharField(
                label=_("Catatan (%(code)s)") % {"code": criterion.code},
                max_length=1000,
                required=False,
                initial=note,
            )

    def findings(self) -> dict[str, tuple[bool, str]]:
        return {
            c.code: (self.cleaned_data[f"met_{c.code}"], self.cleaned_data[f"note_{c.code}"]) for c in policy().criteria
        }

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"met_{c.code}"], self[f"note_{c.code}"]) for c in policy().criteria]


class DiscussionForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Tanggal pembahasan"), widget=DateInput())
    attendees = forms.CharField(label=_("Yang hadir"), max_length=500)
    notes = forms.CharField(label=_("Hasil pembahasan"), widget=forms.Textarea(attrs={"rows": 3}))


class DiscussionCorrectionForm(DiscussionForm, CorrectionReasonForm):
    pass


OUTCOMES = (ProgramStatus.RECOMMENDED, ProgramStatus.CONDITIONAL, ProgramStatus.REJECTED)


class RecommendForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        choices=[(s.value, s.label) for s in OUTCOMES],
    )
    conditions = forms.CharField(label=_("Syarat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ParticipantsForm(BootstrapFormMixin, forms.Form):
    nips = forms.CharField(
        label=_("NIP peserta, satu per baris"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def nip_lines(self) -> list[str]:
        return self.cleaned_data["nips"].splitlines()


class RoundPickForm(BootstrapFormMixin, forms.Form):
    selection_round = forms.ModelChoiceField(label=_("Seleksi"), queryset=SelectionRound.objects.order_by("-as_of"))


class SessionForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    topic = forms.CharField(label=_("Materi"), max_length=250)


class AttendanceForm(forms.Form):
    """One presence choice per participant of the session."""

    def __init__(self, *args: Any, participants: list[Participant], current: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = participants
        for participant in participants:
            self.fields[f"p{participant.pk}"] = forms.ChoiceField(
                label=participant.employee.full_name,
                choices=Presence.choices,
                initial=current.get(participant.pk, Presence.PRESENT),
                widget=forms.RadioSelect,
            )

    def presence(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.participants}

    def rows(self) -> list[tuple[Participant, Any]]:
        return [(p, self[f"p{p.pk}"]) for p in self.participants]


class ResultsForm(forms.Form):
    def __init__(self, *args: Any, participants: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = participants
        for participant in participants:
            self.fields[f"r{participant.pk}"] = forms.ChoiceField(
                label=participant.employee.full_name,
                choices=[("", "—"), *Result.choices],
                required=False,
                initial=participant.result,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"s{participant.pk}"] = forms.DecimalField(
                label=_("Nilai %(name)s") % {"name": participant.employee.full_name},
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=participant.score,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.01"}),
            )

    def results(self) -> dict[int, tuple[str, Any]]:
        return {p.pk: (self.cleaned_data[f"r{p.pk}"], self.cleaned_data[f"s{p.pk}"]) for p in self.participants}

    def rows(self) -> list[tuple[Participant, Any, Any]]:
        return [(p, self[f"r{p.pk}"], self[f"s{p.pk}"]) for p in self.participants]


class SupervisionForm(BootstrapFormMixin, forms.Form):
    carried_out_on = forms.DateField(label=_("Tanggal supervisi"), widget=DateInput())
    findings = forms.CharField(label=_("Temuan"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=100,
        required=False,
        help_text=_("Wajib bila supervisi ini sudah dicatat dan Anda mengubahnya."),
    )


class ReportForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(label=_("Ringkasan pelaksanaan"), widget=forms.Textarea(attrs={"rows": 4}))
    actual_cost = forms.DecimalField(label=_("Realisasi biaya (Rp)"), min_value=0, decimal_places=0)


class IssueForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=CertificateKind.choices)


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=500)


class VerifyForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Kode verifikasi"), max_length=20)
