from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.core.web import YEARS


class YearForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun selesai diklat"), min_value=YEARS[0], max_value=YEARS[1])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year


class NipForm(BootstrapFormMixin, forms.Form):
    nip = forms.RegexField(
        label=_("NIP"),
        regex=r"^\d{18}$",
        max_length=18,
        error_messages={"invalid": _("NIP harus 18 angka.")},
        help_text=_("Data utama, pangkat, jabatan dan pendidikan terakhir diambil dari SIASN."),
    )
