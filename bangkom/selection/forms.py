from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.core.forms import BootstrapFormMixin
from bangkom.people.forms import DateInput
from bangkom.people.models import Post
from bangkom.rules import available_rulesets

from .models import (
    ROUND_TRANSITIONS,
    Assessment,
    Level,
    MemberRole,
    RoundStatus,
    SelectionRound,
    SelectionTeam,
    TeamMember,
)
from .selectors import assessors
from .services import SCORE_FIELDS


class RoundOpenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama seleksi"), max_length=200)
    level = forms.ChoiceField(label=_("Tingkat"), choices=Level.choices)
    ruleset_id = forms.ChoiceField(label=_("Aturan"))
    as_of = forms.DateField(label=_("Tanggal acuan"), widget=DateInput())
    quota = forms.IntegerField(label=_("Kuota peserta"), min_value=1)
    target_positions = forms.CharField(
        label=_("Catatan jabatan yang akan diisi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Jabatan sasaran dipilih dari peta jabatan pada halaman seleksi setelah dibuka."),
    )
    opens_on = forms.DateField(label=_("Jadwal mulai"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Jadwal selesai"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("ruleset_id").choices = [(r, r) for r in available_rulesets()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Jadwal selesai tidak boleh sebelum jadwal mulai."))
        return data


class RoundMoveForm(BootstrapFormMixin, forms.Form):
    to = forms.ChoiceField(label=_("Ubah status menjadi"))
    reason = forms.CharField(label=_("Alasan"), required=False, max_length=500)

    def __init__(self, *args: Any, selection_round: SelectionRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ROUND_TRANSITIONS[selection_round.status]
        self.choice_field("to").choices = [(s.value, s.label) for s in RoundStatus if s in allowed]


class CandidateAddForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    reason = forms.CharField(label=_("Alasan"), max_length=500)


class CandidateExcludeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan dikeluarkan"), max_length=500)


class CandidateFactsForm(BootstrapFormMixin, forms.Form):
    proposed_by_unit = forms.BooleanField(label=_("Diusulkan oleh OPD/unit kerja"), required=False)
    baperjakat = forms.BooleanField(label=_("Direkomendasikan Baperjakat"), required=False)
    selection_passed = forms.BooleanField(
        label=_("Lulus seleksi calon peserta (bagi yang belum menduduki jabatan yang dituju)"), required=False
    )
    education_conversion = forms.BooleanField(
        label=_("Pendidikan dipenuhi dengan konversi diklat lain"), required=False
    )
    education_conversion_note = forms.CharField(label=_("Dasar konversi pendidikan"), required=False, max_length=500)


class AssessmentForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = SCORE_FIELDS


class AssessorAssignForm(BootstrapFormMixin, forms.Form):
    assessor = forms.ModelChoiceField(label=_("Penilai"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("assessor").queryset = assessors()


class DocumentVerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("terima", _("Terima")), ("tolak", _("Tolak"))])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class TeamForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama tim"), max_length=200)
    period_start = forms.DateField(label=_("Masa tugas mulai"), widget=DateInput())
    period_end = forms.DateField(label=_("Masa tugas selesai"), widget=DateInput())
    decree_reference = forms.CharField(label=_("SK penetapan tim"), max_length=200, required=False)


class MemberForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    position = forms.CharField(label=_("Jabatan dalam instansi"), max_length=200)
    role = forms.ChoiceField(label=_("Kedudukan dalam tim"), choices=MemberRole.choices)


class SessionForm(BootstrapFormMixin, forms.Form):
    selection_round = forms.ModelChoiceField(label=_("Seleksi"), queryset=SelectionRound.objects.none())
    held_on = forms.DateField(label=_("Tanggal sidang"), widget=DateInput())
    agenda = forms.CharField(label=_("Acara"), widget=forms.Textarea(attrs={"rows": 2}))
    attendees = forms.ModelMultipleChoiceField(
        label=_("Anggota yang hadir"), queryset=TeamMember.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    test_schedule = forms.CharField(label=_("Jadwal dan tempat tes"), max_length=300, required=False)

    def __init__(self, *args: Any, team: SelectionTeam, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("selection_round").queryset = SelectionRound.objects.exclude(
            status=RoundStatus.CANCELLED
        )
        self.model_choice_field("attendees").queryset = team.members.select_related("employee")
        self.fields["attendees"].widget.attrs["class"] = "form-check-input"


class MinutesForm(BootstrapFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Kesimpulan sidang (berita acara)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    test_schedule = forms.CharField(label=_("Jadwal dan tempat tes"), max_length=300, required=False)


class TargetPostsForm(forms.Form):
    posts = forms.ModelMultipleChoiceField(
        label=_("Jabatan sasaran"), queryset=Post.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: QuerySet[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["posts"])
        field.queryset = choices
        field.label_from_instance = _post_label  # type: ignore[method-assign, assignment]


def _post_label(post: Post) -> str:
    holder = post.holder.full_name if post.holder else _("lowong")
    return f"{post.name} ({post.eselon.code}) · {post.unit.name} · {holder}"
