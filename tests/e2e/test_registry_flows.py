"""The main registry flows in a real browser: log in, search, open the detail page, export, import."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from bangkom.people.models import Employee
from bangkom.people.tests.siasn import siasn_csv, siasn_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def menu(page, label: str) -> None:
    """Open a menu entry: inside its group's drop-down when the group has several entries."""
    page.wait_for_load_state("load")  # the drop-down opens only once Bootstrap's script at the end has run
    entry = page.locator(f"#nav .dropdown-item:text-is('{label}'), #nav a.nav-link:text-is('{label}')").first
    if not entry.is_visible():
        group = page.locator("#nav li.dropdown[data-menu]").filter(
            has=page.locator(f".dropdown-item:text-is('{label}')")
        )
        group.locator("button.dropdown-toggle").click()
    entry.click()


def log_in(page, username: str, password: str = "rahasia-uji-123") -> None:
    page.goto("/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation(wait_until="load"):  # the next page whole, with its scripts
        page.click("button[type=submit]")


def test_log_in_search_open_detail_and_export(page, users, people, tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    page.goto("/pegawai/")
    assert "/akun/masuk/" in page.url  # not logged in: sent to the login page
    log_in(page, "u_admin", "salah-sandi")
    assert page.locator(".alert-danger").is_visible()
    log_in(page, "u_admin")
    page.wait_for_selector("[data-testid=stat-total]")
    assert page.inner_text("[data-testid=stat-total]") == "3"
    assert page.locator("canvas#chart-golongan").is_visible()

    menu(page, "Data pegawai")
    page.fill("#id_q", "Siti")
    page.click("button:has-text('Cari')")
    page.wait_for_selector("[data-testid=result-count]:has-text('1 pegawai')")
    page.click(f"a:has-text('{people.teacher.nip}')")
    page.wait_for_selector("[data-testid=employee-name]")
    assert page.inner_text("[data-testid=employee-name]") == "Siti Rahayu"
    assert "III/b" in page.inner_text("[data-testid=current-golongan]")
    # The trail of changes comes in place when asked, the page staying where it is.
    detail_url = page.url
    page.click("[data-testid=audit-show]")
    page.wait_for_selector("[data-testid=audit-trail]")
    assert page.url == detail_url
    assert "riwayat pangkat dibuat" in page.inner_text("[data-testid=audit-trail]")

    page.go_back()
    page.click("[data-testid=export]")  # starts the export; its page offers the file when it is made
    page.wait_for_selector("[data-testid=job-status]:text-is('Selesai')")
    assert "1 baris siap diunduh." in page.inner_text("#job-progress")
    with page.expect_download() as download_info:
        page.click("[data-testid=job-link]")
    assert download_info.value.suggested_filename.startswith("pegawai-")
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [people.teacher.nip]


def test_operator_sees_only_their_units_and_pegawai_only_themselves(page, users, people) -> None:
    log_in(page, "u_operator")
    page.goto("/pegawai/")
    table = page.inner_text("[data-testid=employee-table]")
    assert "Siti Rahayu" in table and "Budi Santoso" in table and "Ani Lestari" not in table
    response = page.goto(f"/pegawai/{people.nurse.nip}/")
    assert response.status == 404

    page.click("button:has-text('Keluar')")
    log_in(page, "u_pegawai")
    menu(page, "Data saya")
    assert page.inner_text("[data-testid=employee-name]") == "Siti Rahayu"
    assert page.goto("/pegawai/").status == 403


def test_import_shows_every_bad_row_then_imports_a_good_file(page, users, tree, tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path
    bad = siasn_csv(
        [
            siasn_row(nip_baru="199001012015031001", tanggal_lahir="02-01-1990", jenis_kelamin="M"),
            siasn_row(nip_baru="199001012015031002", tanggal_lahir="01-01-1990", jenis_kelamin="M", gol_akhir_id="77"),
        ],
        tmp_path / "salah.csv",
    )
    log_in(page, "u_admin")
    menu(page, "Impor data")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Unggah dan periksa')")
    page.wait_for_selector("[data-testid=import-errors]")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "tanggal_lahir" in errors and "gol_akhir_id" in errors and "77" in errors
    assert not Employee.objects.filter(nip__startswith="19900101").exists()

    good = siasn_csv(
        [siasn_row(nip_baru="199001012015031001", tanggal_lahir="01-01-1990", jenis_kelamin="M", nama="EKO PRASETYO")],
        tmp_path / "benar.csv",
    )
    page.click("text=Impor berkas lain")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('Unggah dan periksa')")
    page.wait_for_selector("[data-testid=import-summary]")
    assert page.inner_text("[data-testid=job-status]") == "Selesai"
    assert Employee.objects.get(nip="199001012015031001").name == "EKO PRASETYO"
