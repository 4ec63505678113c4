from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin

from .models import ROLE_CHOICES


class DispositionForm(BootstrapFormMixin, forms.Form):
    to_role = forms.ChoiceField(label=_("Kepada"), choices=ROLE_CHOICES)
    instruction = forms.CharField(label=_("Perintah"), max_length=300)
    note = forms.CharField(
        label=_("Catatan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_working_days = forms.IntegerField(
        label=_("Batas waktu (hari kerja)"),
        min_value=0,
        max_value=60,
        required=False,
        help_text=_("Kosongkan bila tanpa batas waktu; diteruskan: mengikuti batas semula."),
    )


class ResponseForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(label=_("Tindak lanjut"), max_length=1000, required=False)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=1000)
