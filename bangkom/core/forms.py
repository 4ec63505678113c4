from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

INT64_MAX = 2**63 - 1
IMPOSSIBLE_KEY = "-"  # not a number: the choice field refuses it as an invalid choice


def _integer_keyed(field: forms.Field) -> bool:
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return False
    model = field.queryset.model
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else None
    key = key or model._meta.pk
    return key.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                                       "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                                       "PositiveSmallIntegerField", "PositiveBigIntegerField"}  # fmt: skip


def _too_big(value: Any) -> bool:
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and int(text[:25]) > INT64_MAX


def _attributes(attrs: dict[str, Any]) -> str:
    """Attributes in their order, as django/forms/widgets/attrs.html writes them."""
    return mark_safe(  # noqa: S308  # each attribute is escaped by format_html
        "".join(
            ""
            if value is False
            else format_html(" {}", name)
            if value is True
            else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
        )
    )


class QuickSelectMixin:
    """Renders a select's options in Python, straight from its choices: Django's templates include one
    template per option and build a dict of attributes for each, which made a filter of a few hundred
    units the largest cost of a list page. The HTML is the same as Django's (tested)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        select = cast(forms.Select, self)
        final_attrs = select.build_attrs(select.attrs, attrs)
        if select.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = set(select.format_value(value))
        one_chosen = False
        parts: list[str] = [format_html('<select name="{}"{}>', name, _attributes(final_attrs))]
        for group_value, group_label in select.choices:
            grouped = isinstance(group_label, list | tuple)
            if grouped:
                parts.append(format_html('<optgroup label="{}">', "" if group_value is None else group_value))
            for option_value, option_label in group_label if grouped else [(group_value, group_label)]:
                text = "" if option_value is None else str(option_value)
                # As Django: a single select marks only the first option with a chosen value.
                selected = text in chosen and (select.allow_multiple_selected or not one_chosen)
                one_chosen |= selected
                parts.append(
                    f'<option value="{conditional_escape(text)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(option_label)}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  # every value and label above is escaped


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass


QUICK = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}


SEARCH_SEPARATOR = " — "


def search_option(code: str, name: str) -> str:
    """What a search choice shows and posts: the code first (the field reads it back), then the name."""
    return f"{code}{SEARCH_SEPARATOR}{name}"


class SearchChoiceInput(forms.TextInput):
    """A text input whose suggestions come from `search_url` as the user types (a datalist filled by
    htmx): a choice among thousands of reference rows without sending them all with the page. Typing
    the code alone works without JavaScript."""

    def __init__(self, search_url: StrOrPromise, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options = f"{widget_attrs.get('id', name)}-options"
        widget_attrs.update(
            {
                "list": options,
                "autocomplete": "off",
                "hx-get": str(self.search_url),
                "hx-target": f"#{options}",
                "hx-trigger": "input changed delay:300ms",
                "hx-swap": "innerHTML",
            }
        )
        context["widget"]["options_id"] = options
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        context = self.get_context(name, value, attrs)
        field = super().render(name, value, attrs, renderer)
        return mark_safe(field + format_html('<datalist id="{}"></datalist>', context["widget"]["options_id"]))  # noqa: S308


class SearchChoiceField(forms.ModelChoiceField):
    """A choice of one reference row by its code, typed or picked from the search's suggestions."""

    def __init__(self, queryset: Any, *, search_url: StrOrPromise, **kwargs: Any) -> None:
        super().__init__(queryset, widget=SearchChoiceInput(search_url), **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if self.queryset is None:  # always given by __init__; None only in Django's signature
            return value
        if isinstance(value, self.queryset.model):
            return search_option(str(value.pk), str(value))
        if value in (None, ""):
            return ""
        known = self.queryset.filter(pk=str(value).split(SEARCH_SEPARATOR, 1)[0].strip()).first()
        return search_option(str(known.pk), str(known)) if known else value

    def to_python(self, value: Any) -> Any:
        code = str(value).split(SEARCH_SEPARATOR, 1)[0].strip() if value not in (None, "") else value
        return super().to_python(code)


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:  # the mixin is only ever mixed into a Django form
    _Form = forms.BaseForm
else:
    _Form = object


class BootstrapFormMixin(_Form):
    """Gives every widget the Bootstrap class it needs (errors are shown by the templates; reading
    self.errors here would validate before a subclass has set its choices)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) in QUICK:
                widget.__class__ = QUICK[type(widget)]  # the same widget, rendered without a template per option
            css = (
                "form-select"
                if isinstance(widget, forms.Select)
                else "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else "form-control"
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            # Pages often place a field without its <label> (a row of filters, a table cell): the field
            # still has a name for screen readers. Each choice of a radio group keeps its own label.
            if (
                field.label
                and not widget.is_hidden
                and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            ):
                widget.attrs.setdefault("aria-label", str(field.label))

    def full_clean(self) -> None:
        """A choice of a record by a number no database can hold (21 digits) is an invalid choice, not
        a query that overflows (SQLite raises OverflowError before Django can refuse it)."""
        data: Any = getattr(self, "data", None)
        if getattr(self, "is_bound", False) and hasattr(data, "getlist"):
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                values = data.getlist(key)
                if _integer_keyed(field) and any(_too_big(v) for v in values):
                    data = data.copy() if not getattr(data, "_mutable", True) else data
                    data.setlist(key, [IMPOSSIBLE_KEY if _too_big(v) else v for v in values])
            self.data = data
        super().full_clean()

    def choice_field(self, name: str) -> forms.ChoiceField:
        """A choice field of this form, to set its choices (a form's `fields` are typed as plain fields)."""
        return cast(forms.ChoiceField, self.fields[name])

    def model_choice_field(self, name: str) -> forms.ModelChoiceField:
        """A model choice field of this form, to narrow its queryset."""
        return cast(forms.ModelChoiceField, self.fields[name])


class CorrectionReasonForm(BootstrapFormMixin, forms.Form):
    """Why a record is corrected or cancelled: required, kept in its history."""

    reason = forms.CharField(label=gettext_lazy("Alasan"), max_length=100)
