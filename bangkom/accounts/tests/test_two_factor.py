"""Two-factor log-in: required for the administrator and for those who sign, optional for the rest;
a session of someone with a device passes the code before anything else; a lost phone is reset by an
administrator."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bangkom.accounts import services
from bangkom.core.errors import ServiceError

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"
LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _log_in(username: str) -> Client:
    client = Client()
    assert client.post(LOGIN, {"username": username, "password": PASSWORD}).status_code == 302
    return client


@override_settings(BANGKOM_TWO_FACTOR_REQUIRED=True)
@pytest.mark.parametrize(
    ("role", "required"),
    [("admin", True), ("pimpinan", True), ("operator", False), ("penilai", False), ("tspdi", False),
     ("pegawai", False), ("kabid", False), ("umum", False)],
)  # fmt: skip
def test_who_must_set_it_up(users, role: str, required: bool) -> None:
    client = _log_in(users[role].username)
    response = client.get(reverse("people:list"))
    if required:
        assert response.status_code == 302 and response["Location"].startswith(SETUP)
        assert client.post(reverse("documents:list")).status_code == 302  # no post gets through either
    else:
        assert response.status_code in (200, 403)


@override_settings(BANGKOM_TWO_FACTOR_REQUIRED=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_the_signer_sets_it_up_then_every_new_session_asks_for_the_code(users) -> None:
    client = _log_in("u_pimpinan")
    page = client.get(SETUP).content.decode()
    assert 'data-testid="totp-qr"' in page and "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=users["pimpinan"], confirmed=False)
    wrong = client.post(SETUP, {"token": "000000" if code(device) != "000000" else "111111"})
    assert "tidak cocok" in wrong.content.decode()
    response = client.post(SETUP, {"token": code(device), "next": "/pegawai/"})
    assert response.status_code == 302 and response["Location"] == "/pegawai/"
    assert client.get(reverse("people:list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    other = _log_in("u_pimpinan")
    assert other.get(reverse("people:list"))["Location"].startswith(VERIFY)
    assert "tidak cocok" in other.post(VERIFY, {"token": code(device)}).content.decode()  # the same code twice
    assert other.post(VERIFY, {"token": code(device, steps_ahead=1)}).status_code == 302
    assert other.get(reverse("people:list")).status_code == 200


def test_an_optional_user_who_turned_it_on_must_pass_it(users) -> None:
    device = TOTPDevice.objects.create(user=users["operator"], name="hp", confirmed=True)
    client = _log_in("u_operator")
    assert client.get(reverse("people:list"))["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    assert client.get(reverse("people:list")).status_code == 200


def test_guessing_is_throttled(users) -> None:
    """After a wrong code even the right one is refused for a while (django-otp's throttle)."""
    device = TOTPDevice.objects.create(user=users["operator"], name="hp", confirmed=True)
    client = _log_in("u_operator")
    wrong = "000000" if code(device) != "000000" else "111111"
    client.post(VERIFY, {"token": wrong})
    assert "tidak cocok" in client.post(VERIFY, {"token": code(device)}).content.decode()
    assert client.get(reverse("people:list")).status_code == 302


def test_a_lost_phone_is_reset_by_an_administrator_only(users) -> None:
    TOTPDevice.objects.create(user=users["pimpinan"], name="hp", confirmed=True)
    for role in ("operator", "kabid", "pimpinan", "pegawai"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.two_factor_reset(actor=users[role], user=users["pimpinan"])
    admin = Client()
    admin.force_login(users["admin"])
    response = admin.post(reverse("accounts:user-two-factor-reset", args=[users["pimpinan"].pk]), follow=True)
    assert "Verifikasi dua langkah u_pimpinan diatur ulang." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=users["pimpinan"]).exists()


@override_settings(BANGKOM_TWO_FACTOR_REQUIRED=True)
def test_a_fragment_asked_for_before_the_code_is_empty_not_the_code_page(users) -> None:
    """The menu's count is fetched by htmx on every page, the set-up page too: a redirect would paste
    that page into the menu."""
    client = Client()
    client.force_login(users["pimpinan"])
    url = reverse("core:waiting-count")
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 204
    assert client.get(url).status_code == 302
