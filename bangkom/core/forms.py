from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

INT64_MAX = 2**63 - 1
IMPOSSIBLE_KEY = "-"  # not a number: the choice field refuses it as an invalid choice


def _integer_keyed(field: forms.Field) -> bool:
    if not isinstance(field, forms.ModelChoiceField):
        return False
    key = field.queryset.model._meta.get_field(field.to_field_name) if field.to_field_name else None
    key = key or field.queryset.model._meta.pk
    return key.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                                       "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                                       "PositiveSmallIntegerField", "PositiveBigIntegerField"}  # fmt: skip


def _too_big(value: Any) -> bool:
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and int(text[:25]) > INT64_MAX


class BootstrapFormMixin:
    """Gives every widget the Bootstrap class it needs (errors are shown by the templates; reading
    self.errors here would validate before a subclass has set its choices)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = (
                "form-select"
                if isinstance(widget, forms.Select)
                else "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else "form-control"
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        """A choice of a record by a number no database can hold (21 digits) is an invalid choice, not
        a query that overflows (SQLite raises OverflowError before Django can refuse it)."""
        data = getattr(self, "data", None)
        if getattr(self, "is_bound", False) and hasattr(data, "getlist"):
            for name, field in self.fields.items():  # type: ignore[attr-defined]
                key = self.add_prefix(name)  # type: ignore[attr-defined]
                values = data.getlist(key)
                if _integer_keyed(field) and any(_too_big(v) for v in values):
                    data = data.copy() if not getattr(data, "_mutable", True) else data
                    data.setlist(key, [IMPOSSIBLE_KEY if _too_big(v) else v for v in values])
            self.data = data  # type: ignore[attr-defined]
        super().full_clean()  # type: ignore[misc]


class CorrectionReasonForm(BootstrapFormMixin, forms.Form):
    """Why a record is corrected or cancelled: required, kept in its history."""

    reason = forms.CharField(label=gettext_lazy("Alasan"), max_length=100)
