from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from bangkom.core.admin import AuditedAdmin
from bangkom.core.errors import ServiceError

from .models import NumberSequence
from .services import number_format_check, number_sequence_check, number_sequence_save


class NumberSequenceForm(forms.ModelForm):
    class Meta:
        model = NumberSequence
        fields = ["kind", "year", "number_format", "last_number"]

    def clean_number_format(self) -> Any:
        value = self.cleaned_data["number_format"]
        if value:
            try:
                number_format_check(value)
            except ServiceError as error:
                raise forms.ValidationError(str(error)) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                posted = {name: data.get(name) for name in ("kind", "year", "number_format", "last_number")}
                number_sequence_check(NumberSequence(**posted))
            except ServiceError as error:
                self.add_error("last_number", str(error))
        return data


@admin.register(NumberSequence)
class NumberSequenceAdmin(AuditedAdmin):
    form = NumberSequenceForm
    list_display = ["kind", "year", "last_number", "number_format"]
    list_filter = ["year", "kind"]

    def save_model(self, request: Any, obj: NumberSequence, form: Any, change: bool) -> None:
        number_sequence_save(actor=request.user, sequence=obj)
