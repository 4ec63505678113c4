"""Issue 22: the grouped menu fits the screen for every role, at 1280 x 720 and on a phone (390 x 844):
nothing outside the viewport, no sideways scroll, the language switch and "Keluar" always in view,
and every entry of every group reachable."""

from __future__ import annotations

import pytest

from tests.e2e.test_registry_flows import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ROLES = ("admin", "operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody")
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def inside(page, selector: str, width: int) -> None:
    """Every element matching the selector is shown and lies within the page's width."""
    for box in [element.bounding_box() for element in page.locator(selector).all()]:
        assert box is not None, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (selector, box)


def always_in_view(page, width: int, height: int, exit: str = "button:has-text('Keluar')") -> None:
    for selector in ("select[name=language]", exit):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_fits_for_every_role_on_a_desktop_and_a_phone(page, users, role) -> None:
    page.set_viewport_size(DESKTOP)
    log_in(page, f"u_{role}")
    page.wait_for_selector("text=Keluar")
    always_in_view(page, **DESKTOP)
    inside(page, "#nav .nav-link, #nav [data-testid]", DESKTOP["width"])
    groups = page.locator("#nav li.dropdown[data-menu]")
    for index in range(groups.count()):
        group = groups.nth(index)
        group.locator("button.dropdown-toggle").click()
        inside(page, "#nav li.dropdown[data-menu] .dropdown-menu.show .dropdown-item", DESKTOP["width"])
        assert group.locator(".dropdown-item").count() >= 2
        page.keyboard.press("Escape")

    page.set_viewport_size(PHONE)
    page.reload()
    always_in_view(page, **PHONE)
    page.click("button.navbar-toggler")
    page.wait_for_selector("#nav.show")
    inside(page, "#nav .nav-link, #nav [data-testid]", PHONE["width"])
    for index in range(groups.count()):
        groups.nth(index).locator("button.dropdown-toggle").click()
        inside(page, "#nav .dropdown-menu.show .dropdown-item", PHONE["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", ["/layanan/", "/pengaduan/", "/verifikasi/"])
def test_the_public_pages_fit_and_offer_the_language_and_the_log_in(page, path) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(path)
        always_in_view(page, **size, exit="a:has-text('Masuk')")
        if size is PHONE:
            page.click("button.navbar-toggler")
            page.wait_for_selector("#nav.show")
        inside(page, "#nav .nav-link", size["width"])
