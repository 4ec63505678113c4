from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.people.forms import DateInput
from bangkom.people.models import Unit

from .models import ApiAccess
from .services import RATE_LIMITS


class ClientForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama klien"), max_length=100, help_text=_("Mis. LMS BKPSDM, Dasbor Bappeda."))
    access = forms.MultipleChoiceField(label=_("Akses"), choices=ApiAccess.choices, widget=forms.CheckboxSelectMultiple)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua unit"),
        help_text=_("Klien hanya melihat dan mencatat pegawai unit ini dan unit di bawahnya."),
    )
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DateInput())
    rate_per_minute = forms.IntegerField(
        label=_("Batas permintaan per menit"), min_value=RATE_LIMITS[0], max_value=RATE_LIMITS[1], initial=120
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("unit").queryset = units
        # A checkbox beside its label (Django's list of choices), not a text box's full-width frame.
        self.fields["access"].widget.attrs["class"] = "form-check-input float-none ms-0 me-1"
        self.fields["valid_until"].initial = timezone.localdate() + dt.timedelta(days=365)
