"""Log-in with the password-spraying guard, and the administrator's password form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from bangkom.core.forms import BootstrapFormMixin
from bangkom.core.net import client_address

from . import services


class SprayGuard:
    """Refuse a password already tried against many user names; record each failure."""

    request: Any
    cleaned_data: dict[str, Any]
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        # Django sets the user name's max_length on the field after building it, so no validator checks
        # it: a 10,000-character name would reach the lockout log and overflow its column.
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length or 150))

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if password and services.password_sprayed(password):
            raise ValidationError(
                _("Kata sandi ini telah dicoba pada terlalu banyak akun dan ditolak sementara. Coba lagi nanti."),
                code="sprayed",
            )
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            if username and password:
                address = client_address(self.request) if self.request is not None else None
                services.failed_password_record(username=username, password=password, address=address)
            raise


class GuardedAuthenticationForm(SprayGuard, AuthenticationForm):
    pass


class GuardedAdminAuthenticationForm(SprayGuard, AdminAuthenticationForm):
    pass


class OwnPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class ResetRequestForm(BootstrapFormMixin, PasswordResetForm):
    pass


class ResetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class TokenForm(BootstrapFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Kode 6 angka dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class ActivationForm(BootstrapFormMixin, forms.Form):
    """A civil servant's first log-in: NIP, the code from the operator, and the password they choose."""

    nip = forms.CharField(
        label=_("NIP"),
        max_length=21,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("Kode aktivasi"),
        max_length=20,
        help_text=_("Dari operator unit kerja Anda, misalnya ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    password = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_nip(self) -> str:
        nip = "".join(self.cleaned_data["nip"].split())
        if not nip.isdigit() or len(nip) != 18:
            message = _("NIP %(value)s tidak sah: NIP terdiri atas 18 angka (ada %(n)d).")
            raise ValidationError(message, params={"value": nip[:21], "n": len(nip)})
        return nip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # Django types it as optional; a form's clean() always gives it
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data


class AccountFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=150)
    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("Akun"), required=False)

    def __init__(
        self, *args: Any, units: list[tuple[int, str]], states: Sequence[tuple[str, Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("unit").choices = [("", _("Semua unit")), *units]  # type: ignore[attr-defined]
        self.choice_field("state").choices = [("", _("Semua")), *states]  # type: ignore[attr-defined]
