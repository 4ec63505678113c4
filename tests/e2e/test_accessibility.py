"""Issue 22: axe-core finds no serious or critical violation on each role's main pages (its home,
"Tugas saya", every page its menu opens and the first form and record each of those leads to) and
on the public pages.

axe-core 4.12.1 is the copy the pinned axe-playwright-python wheel carries; the test reads it from
disk and runs it in the page, so nothing is fetched."""

from __future__ import annotations

import io
from importlib.resources import files
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from bangkom.people.demo import generate_workforce
from bangkom.planning.demo import planning_demo
from tests.e2e.test_navigation import PHONE
from tests.e2e.test_round_end_to_end import demo_log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")
# How many pages each role's crawl reaches on the demo (fewer would mean the crawl lost its way).
PAGES_AT_LEAST = {"admin": 35, "operator": 22, "penilai": 8, "tspdi": 12, "pimpinan": 28, "pegawai": 10,
                  "kabid": 16, "umum": 13}  # fmt: skip
# Django's own admin (a fallback for administrators, styled by Django) and the static files.
NOT_OURS = ("/admin/", "/static/")
PUBLIC = ("/akun/masuk/", "/layanan/", "/pengaduan/", "/verifikasi/")


def violations(page) -> list[tuple[str, str]]:
    """The page's serious and critical violations: (what and where, the page) per offending element."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    path = urlsplit(page.url).path
    return [
        (f"{rule['id']} ({rule['impact']}) {node['target']}: {' '.join(node['failureSummary'].split())[:240]}", path)
        for rule in result["violations"]
        if rule["impact"] in BLOCKING
        for node in rule["nodes"]
    ]


def report(found: list[tuple[str, str]]) -> str:
    """One line per violation with the pages it is on (the menu's would otherwise repeat on every page)."""
    pages: dict[str, list[str]] = {}
    for what, path in found:
        pages.setdefault(what, []).append(path)
    return "\n".join(
        f"{what} on {', '.join(paths[:4])}{' …' if len(paths) > 4 else ''}" for what, paths in pages.items()
    )


def same_site(page, selector: str) -> list[str]:
    """Paths of the links the selector finds on this page, in order, without downloads or pages not ours."""
    found: list[str] = []
    for link in page.eval_on_selector_all(selector, "links => links.map(link => link.getAttribute('href'))"):
        href = (link or "").split("#")[0]
        if not href or not href.startswith("/") or href.startswith(NOT_OURS) or "format=" in href or href in found:
            continue
        found.append(href)
    return found


def pages_of(page) -> list[str]:
    """Home, Tugas saya, every page the menu and the home link to, then twice over the first form
    (primary button) and the first record (a table's link) that each page found so far leads to."""
    page.goto("/")
    seen = list(dict.fromkeys(["/", "/tugas/", *same_site(page, "#nav a[href]"), *same_site(page, "main a[href]")]))
    level = seen[1:]
    for _depth in range(2):
        found: list[str] = []
        for path in level:
            page.goto(path)
            for href in [
                *same_site(page, "main a.btn-primary[href]")[:1],
                *same_site(page, "main table tbody a[href]")[:1],
            ]:
                if href not in seen:
                    seen.append(href)
                    found.append(href)
        level = found
    return seen


@pytest.fixture
def demo(reference) -> None:  # type: ignore[no-untyped-def]
    """What `make run` makes, on a smaller workforce: plans, a screened selection round, a program,
    tugas belajar, requests, a complaint, an assessment and the demo users."""
    generate_workforce(size=200)
    planning_demo()
    call_command("setup_demo_users", stdout=io.StringIO())


@pytest.mark.parametrize("role", PAGES_AT_LEAST)
def test_no_serious_violation_on_a_roles_main_pages(page, demo, role) -> None:
    if role == "pegawai":
        page.set_viewport_size(PHONE)  # where civil servants open it
    demo_log_in(page, role)
    visited = pages_of(page)
    assert len(visited) >= PAGES_AT_LEAST[role], visited
    found: list[tuple[str, str]] = []
    for path in visited:
        response = page.goto(path)
        assert response is not None and response.status < 400, (path, response and response.status)
        found += violations(page)
    assert not found, report(found)


def test_no_serious_violation_on_the_public_pages(page, reference) -> None:
    found: list[tuple[str, str]] = []
    for path in PUBLIC:
        page.goto(path)
        found += violations(page)
    assert not found, report(found)
