"""Retake the README's screenshots (docs/screenshots/) from a running Bangkom with the demo data, at
1440 x 900 and on a phone (390 x 844), in Debian's Chromium.

    BANGKOM_TWO_FACTOR_REQUIRED=0 make run      # in one terminal: the demo, without the code set-up
    .venv/bin/python scripts/screenshots.py     # in another (or give the server's address)

Two-factor log-in is turned off for the demo server so the administrator's first log-in does not
stop at the set-up of an authenticator app.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "bangkom2026"  # noqa: S105 - the demo log-ins' password, which make run prints
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()  # the previous person's session ends
    page.goto("/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Keluar")


def shoot(page: Page, name: str, *, full_page: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
    print(f"{name}.png")


def first_link(page: Page, selector: str) -> str:
    href = page.get_attribute(selector, "href")
    if not href:
        raise SystemExit(f"Tidak ada tautan {selector} di {page.url}: apakah data demo sudah dibuat?")
    return href


def main(base_url: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium tidak ditemukan: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless=new", "--no-sandbox"])
        desktop = browser.new_page(base_url=base_url, viewport=DESKTOP, locale="id-ID")
        log_in(desktop, "admin")
        shoot(desktop, "dashboard", full_page=True)
        desktop.goto("/pegawai/")
        shoot(desktop, "employees")
        desktop.goto(first_link(desktop, "main table tbody a[href^='/pegawai/']"))
        shoot(desktop, "employee-detail")
        desktop.goto("/seleksi/")
        desktop.goto(first_link(desktop, "main table tbody a[href^='/seleksi/']"))
        shoot(desktop, "selection-round")
        desktop.click("#nav [data-menu=pengembangan] button")
        shoot(desktop, "menu")
        log_in(desktop, "operator")
        shoot(desktop, "operator-home", full_page=True)
        log_in(desktop, "admin")
        desktop.goto("/tugas/")
        shoot(desktop, "tasks")

        phone = browser.new_page(base_url=base_url, viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True)
        log_in(phone, "pegawai")
        shoot(phone, "phone-home", full_page=True)
        log_in(phone, "operator")
        phone.click("button.navbar-toggler")
        phone.wait_for_selector("#nav.show")
        phone.click("#nav [data-menu=pegawai] button")
        shoot(phone, "phone-menu")
        phone.context.clear_cookies()
        phone.goto("/pengaduan/")
        shoot(phone, "phone-complaint")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
