"""The API's pages in a real browser: the administrator makes an integration client and copies its token,
which then reads the API; the documentation page shows every operation with Bangkom's own Swagger UI,
under the site's CSP (no inline script, nothing from another host)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.e2e.test_registry_flows import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_administrator_makes_a_client_and_its_token_reads_the_api(page, live_server, users, tree) -> None:
    log_in(page, "u_admin")
    page.goto("/api/klien/")
    page.get_by_label("Nama klien").fill("LMS BKPSDM")
    page.get_by_label("Baca data pegawai dan riwayatnya").check()
    page.get_by_label("Mencatat riwayat diklat (mis. dari LMS)").check()
    page.get_by_label("Unit", exact=True).select_option(label="\u2003Dinas Pendidikan")
    page.get_by_label("Berlaku sampai").fill(f"{timezone.localdate() + dt.timedelta(days=90):%Y-%m-%d}")
    page.get_by_role("button", name="Buat klien dan tokennya").click()
    token = page.get_by_test_id("token").inner_text().strip()
    assert token.startswith("bkm_")
    answer = Client().get("/api/v1/pegawai/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
    assert {row["nip"] for row in answer.json()["results"]} == {"198503152010012003", "197201011998031005"}


def test_the_documentation_page_shows_every_operation_without_a_csp_violation(page, live_server, reference) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs/")
    page.get_by_text("/api/v1/diklat/").first.wait_for()
    assert page.locator(".opblock").count() == 10
    assert not problems, problems
    assert all(url.startswith((live_server.url, "data:")) for url in requested), requested
