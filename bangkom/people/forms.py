from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.core.forms import BootstrapFormMixin, SearchChoiceField

from .models import (
    DocumentKind,
    EducationHistory,
    Employee,
    EnglishTest,
    FunctionalPosition,
    PositionHistory,
    RankHistory,
    SkpRecord,
    TrainingRecord,
)
from .selectors import SORTS, FilterChoices, units_visible
from .services import EMPLOYEE_EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_widgets(*names: str) -> dict[str, forms.Widget]:
    return {name: DateInput() for name in names}


class EmployeeFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Cari NIP atau nama"), required=False, max_length=150)
    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int, empty_value=None)
    golongan = forms.TypedChoiceField(label=_("Golongan"), required=False, coerce=int, empty_value=None)
    position_kind = forms.ChoiceField(label=_("Jenis jabatan"), required=False)
    eselon = forms.ChoiceField(label=_("Eselon"), required=False)
    education = forms.ChoiceField(label=_("Pendidikan"), required=False)
    sort = forms.ChoiceField(label=_("Urutkan"), required=False, choices=[(k, k) for k in SORTS])

    def __init__(self, *args: Any, choices: FilterChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Semua"))]
        self.choice_field("unit").choices = every + [(u.pk, "\u2003" * u.depth + u.name) for u in choices.units]
        self.choice_field("golongan").choices = every + [(g.pk, g.code) for g in choices.golongan]
        self.choice_field("position_kind").choices = every + [(k.pk, k.name) for k in choices.position_kinds]
        self.choice_field("eselon").choices = every + [(e.pk, e.code) for e in choices.eselon]
        self.choice_field("education").choices = every + [(e.pk, e.code) for e in choices.education]


class EmployeeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Employee
        fields = ("nip", *EMPLOYEE_EDITABLE_FIELDS)
        widgets = _date_widgets("birth_date", "tmt_cpns", "tmt_pns")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("unit").queryset = units_visible(user)
        if self.instance.pk:
            self.fields["nip"].disabled = True


class HistoryForm(BootstrapFormMixin, forms.ModelForm):
    """A form for one history row; knows the acting user so choices can be scoped."""

    def __init__(self, *args: Any, user: User | None, **kwargs: Any) -> None:  # None: the installation
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_unique(self) -> None:
        # The employee is set on the instance, not a form field, so ModelForm would skip
        # constraints that include it (one SKP per year); check them all here.
        super().validate_unique()
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self.add_error(None, error)


class RankHistoryForm(HistoryForm):
    class Meta:
        model = RankHistory
        fields = ("golongan", "tmt", "sk_number", "sk_date")
        widgets = _date_widgets("tmt", "sk_date")


class PositionHistoryForm(HistoryForm):
    class Meta:
        model = PositionHistory
        fields = ("name", "kind", "eselon", "functional_position", "unit", "tmt", "sk_number", "sk_date")
        widgets = _date_widgets("tmt", "sk_date")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.model_choice_field("unit").queryset = units_visible(user)
        # Thousands of SIASN functional positions: searched as one types, not sent whole with the page.
        listed = self.fields["functional_position"]
        self.fields["functional_position"] = SearchChoiceField(
            FunctionalPosition.objects.all(),
            search_url=reverse_lazy("people:functional-positions"),
            required=False,
            label=listed.label,
            help_text=_("Ketik nama jabatan fungsional, lalu pilih dari saran."),
        )
        self.fields["functional_position"].widget.attrs["class"] = "form-control"


class EducationHistoryForm(HistoryForm):
    class Meta:
        model = EducationHistory
        fields = ("level", "major", "institution", "graduation_year")


class SkpRecordForm(HistoryForm):
    class Meta:
        model = SkpRecord
        fields = ("year", "rating")


class EnglishTestForm(HistoryForm):
    class Meta:
        model = EnglishTest
        fields = ("kind", "score", "test_date", "certificate_number")
        widgets = _date_widgets("test_date")


class TrainingRecordForm(HistoryForm):
    class Meta:
        model = TrainingRecord
        fields = (
            "name",
            "kind",
            "structural_level",
            "organiser",
            "start_date",
            "end_date",
            "jp_hours",
            "certificate_number",
        )
        widgets = _date_widgets("start_date", "end_date")


class DocumentForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPG atau PNG, paling besar %(size)s.")
        % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
    )
    valid_until = forms.DateField(label=_("Berlaku sampai"), required=False, widget=DateInput())


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_('Format kolom sesuai "Export Data ASN" SIASN; tanggal dd-mm-yyyy.'),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("Berkas berukuran %(size)s, melebihi batas %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        return upload


HISTORY_FORMS: dict[str, tuple[type[HistoryForm], Any]] = {
    "pangkat": (RankHistoryForm, _("Tambah riwayat pangkat")),
    "jabatan": (PositionHistoryForm, _("Tambah riwayat jabatan")),
    "pendidikan": (EducationHistoryForm, _("Tambah riwayat pendidikan")),
    "skp": (SkpRecordForm, _("Tambah predikat SKP")),
    "bahasa-inggris": (EnglishTestForm, _("Tambah hasil tes bahasa Inggris")),
    "diklat": (TrainingRecordForm, _("Tambah riwayat diklat")),
}
