"""Log-in with the password-spraying guard, and the administrator's password form."""

from __future__ import annotations

from typing import Any

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
        username = self.fields["username"]
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
        label=_("Kode 6 angka dari aplikasi autentikator"), max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )  # fmt: skip
