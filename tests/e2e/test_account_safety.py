"""Account safety in a real browser, on a phone: a signer sets up two-factor log-in from the QR page
and passes the code at the next log-in; the language picker works without inline script under the
Content-Security-Policy."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.test_registry_flows import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@override_settings(BANGKOM_TWO_FACTOR_REQUIRED=True)
def test_a_signer_sets_up_two_factor_on_a_phone_and_passes_it_next_time(page, users) -> None:
    page.set_viewport_size(PHONE)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = page.goto("/akun/masuk/")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    log_in(page, "u_pimpinan")
    page.wait_for_selector("[data-testid=totp-qr]")
    assert "/akun/dua-langkah/pasang/" in page.url
    assert page.locator("[data-testid=totp-qr]").bounding_box()["width"] <= PHONE["width"]
    device = TOTPDevice.objects.get(user=users["pimpinan"], confirmed=False)
    page.fill("#id_token", code(device))
    page.click("button:has-text('Aktifkan')")
    page.wait_for_selector("text=Verifikasi dua langkah aktif")
    from tests.e2e.test_civil_servant_home import log_out

    log_out(page)  # the log-out's redirect, however slow the machine

    log_in(page, "u_pimpinan")
    page.wait_for_selector("text=Buka aplikasi autentikator")
    page.goto("/pegawai/")
    assert "/akun/dua-langkah/" in page.url  # nothing else opens before the code
    page.fill("#id_token", code(device, steps_ahead=1))
    page.click("button:has-text('Lanjutkan')")
    page.wait_for_selector("[data-testid=employee-table]")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_language_picker_switches_without_inline_script(page, users) -> None:
    log_in(page, "u_admin")
    page.wait_for_selector("[data-testid=stat-total]")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    assert "Employees" in page.inner_text("nav") or "Log out" in page.inner_text("nav")
