from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bangkom.core.admin import AuditedAdmin
from bangkom.core.errors import ServiceError
from bangkom.rules import available_rulesets

from .models import EnglishEquivalence
from .services import english_equivalence_check, english_equivalence_save


class EnglishEquivalenceForm(forms.ModelForm):
    ruleset_id = forms.ChoiceField(label=_("Aturan"))

    class Meta:
        model = EnglishEquivalence
        fields = ["ruleset_id", "test", "min_score", "valid_years", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ruleset_id"]).choices = [
            (ruleset, ruleset) for ruleset in available_rulesets()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            row = EnglishEquivalence(**{name: data.get(name) for name in self.Meta.fields})
            try:
                english_equivalence_check(row)
            except ServiceError as error:
                self.add_error("test", str(error))
        return data


@admin.register(EnglishEquivalence)
class EnglishEquivalenceAdmin(AuditedAdmin):
    """The agency's English equivalence table of each rule set ("atau yang setara")."""

    form = EnglishEquivalenceForm
    list_display = ["ruleset_id", "test", "min_score", "valid_years", "source"]
    list_filter = ["ruleset_id", "test"]

    def save_model(self, request: Any, obj: EnglishEquivalence, form: Any, change: bool) -> None:
        english_equivalence_save(actor=request.user, row=obj)
