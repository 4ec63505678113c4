"""Issue #5's planning cycle in a real browser on a demo workforce: BKPSDM opens the cycle, the
Disdik operator plans from the gap analysis and submits, BKPSDM returns one item, the operator fixes
it, BKPSDM verifies and consolidates, the document is initialled and signed, the PPK approves, the
operator records a realisation and reports, and BKPSDM produces the evaluation report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from bangkom.accounts.demo import demo_users_ensure
from bangkom.documents.demo import signing_posts_demo
from bangkom.people.demo import generate_workforce
from bangkom.people.models import Employee, PositionKind
from bangkom.planning.demo import planning_demo
from tests.e2e.test_registry_flows import menu
from tests.e2e.test_round_end_to_end import demo_log_in, download, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()
YEAR = TODAY.year + 1


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def add_item(page, *, title: str, jp: int, cost: int, quarter: str, competency: int) -> None:
    page.select_option("#id_competency", index=competency)
    page.select_option("#id_path", "pelatihan")
    page.select_option("#id_kind", label="Diklat Teknis")
    page.fill("#id_title", title)
    page.fill("#id_jp", str(jp))
    page.fill("#id_estimated_cost", str(cost))
    page.select_option("#id_quarter", quarter)
    page.fill("#id_provider", "BPSDM Provinsi")
    page.click("[data-testid=item-form] button[type=submit]")
    page.wait_for_selector("text=ditambahkan.")


def verify(page, title: str, decision: str, note: str = "") -> None:
    row = page.locator(f"[data-testid=plan-items] tr[data-item='{title}']")
    row.locator("select[name=decision]").select_option(decision)
    row.locator("input[name=note]").fill(note)
    row.locator("button:has-text('Simpan')").click()
    page.wait_for_selector(f"text=Verifikasi {title} dicatat.")


def test_planning_cycle_on_demo_workforce(page, reference, clock) -> None:
    generate_workforce(size=400, today=TODAY)
    planning_demo(today=TODAY)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    official = (
        Employee.objects.filter(unit__code="DISDIK", position_kind=PositionKind.ADMINISTRATOR).order_by("nip").first()
    )

    # BKPSDM opens next year's cycle; every OPD is asked for its needs.
    demo_log_in(page, "admin")
    menu(page, "Perencanaan")
    page.click("text=Buka siklus perencanaan")
    page.fill("#id_year", str(YEAR))
    page.fill("#id_needs_due", (TODAY + dt.timedelta(days=30)).isoformat())
    page.fill("#id_verification_due", (TODAY + dt.timedelta(days=60)).isoformat())
    page.fill("#id_report_due", dt.date(YEAR, 12, 15).isoformat())
    page.fill("#id_request_note", "Kirim analisa kesenjangan dan rencana pengembangan kompetensi.")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=cycle-status]")
    cycle_url = page.url
    assert page.locator("[data-testid=unit-plans] tbody tr").count() >= 10
    log_out(page)

    # The Disdik operator sees the request, looks at an official's gaps and plans two developments.
    demo_log_in(page, "operator")
    page.click("[data-testid=plan-request] >> text=Susun rencana")
    plan_url = page.url
    page.fill("[data-testid=pick-employee] input[name=nip]", official.nip)
    page.click("[data-testid=pick-employee] button")
    page.wait_for_selector("[data-testid=gap-table]")
    assert page.locator("[data-testid=gap-table] tbody tr").count() == 9  # the administrator's standard
    add_item(page, title="Pelatihan Kepemimpinan Administrator", jp=40, cost=3_000_000, quarter="1", competency=1)
    add_item(page, title="Bimtek Manajemen Perubahan", jp=16, cost=4_000_000, quarter="2", competency=2)
    page.goto(plan_url)
    assert page.locator("[data-testid=above-standard]").count() == 1  # 16 JP x Rp150.000 = Rp2.400.000
    page.click("[data-testid=submit-plan]")
    page.wait_for_selector("text=Rencana dikirim ke BKPSDM.")
    log_out(page)

    # BKPSDM accepts one item and returns the other with a note.
    demo_log_in(page, "admin")
    page.goto(plan_url)
    verify(page, "Pelatihan Kepemimpinan Administrator", "diterima")
    verify(page, "Bimtek Manajemen Perubahan", "dikembalikan", "Sesuaikan biaya dengan standar")
    page.click("[data-testid=finish-verification]")
    page.wait_for_selector("text=Verifikasi rencana unit kerja selesai.")
    assert page.inner_text("[data-testid=plan-status]") == "Dikembalikan untuk perbaikan"
    log_out(page)

    # The operator fixes the returned item and sends the plan again.
    demo_log_in(page, "operator")
    page.goto(plan_url)
    page.locator("tr[data-item='Bimtek Manajemen Perubahan'] a:text-is('Ubah')").click()
    page.fill("#id_estimated_cost", "2400000")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Rencana pengembangan diperbaiki.")
    assert page.locator("[data-testid=above-standard]").count() == 0
    page.click("[data-testid=submit-plan]")
    page.wait_for_selector("text=Rencana dikirim ke BKPSDM.")
    log_out(page)

    # BKPSDM accepts it, finishes the verification and consolidates into the plan document.
    demo_log_in(page, "admin")
    page.goto(plan_url)
    verify(page, "Bimtek Manajemen Perubahan", "diterima")
    page.click("[data-testid=finish-verification]")
    page.wait_for_selector("text=Verifikasi rencana unit kerja selesai.")
    assert page.inner_text("[data-testid=plan-status]") == "Diverifikasi BKPSDM"
    page.goto(cycle_url)
    page.click("[data-testid=consolidate]")
    # The other OPDs have sent nothing and their deadline is a month away: the plan waits, naming them.
    refusal = page.inner_text(".alert-danger")
    assert "belum mengirim kebutuhan" in refusal and "Dinas Kesehatan" in refusal, refusal
    log_out(page)
    clock(TODAY + dt.timedelta(days=31))  # their deadline has passed: the plan goes ahead without them
    demo_log_in(page, "admin")
    page.goto(cycle_url)
    page.click("[data-testid=consolidate]")
    page.wait_for_selector("[data-testid=document-number]")
    plan_document_url = page.url
    log_out(page)

    # The head of division initials the document, the head of BKPSDM signs it and approves the plan as PPK.
    demo_log_in(page, "kabid")
    page.goto(plan_document_url)
    page.click("button:has-text('Paraf')")
    page.wait_for_selector("text=Dokumen diparaf.")
    log_out(page)
    demo_log_in(page, "pimpinan")
    page.goto(plan_document_url)
    page.click("button:has-text('Tandatangani')")
    page.wait_for_selector("text=Dokumen ditandatangani.")
    pdf = PdfReader(io.BytesIO(download(page, "[data-testid=download-pdf]")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "2 kegiatan untuk 1 PNS" in text, text
    assert "Rp5.400.000" in text and official.nip in text
    page.goto(cycle_url)
    page.click("[data-testid=approve]")
    page.wait_for_selector("text=Rencana pengembangan kompetensi disetujui.")
    assert page.inner_text("[data-testid=cycle-status]") == "Disetujui PPK, pelaksanaan"
    log_out(page)

    # Near the end of the plan year, the operator records that the first item was carried out, and reports.
    clock(dt.date(YEAR, 12, 10))
    demo_log_in(page, "operator")
    page.goto(plan_url)
    page.locator("tr[data-item='Pelatihan Kepemimpinan Administrator'] >> text=Catat realisasi").click()
    page.fill("#id_start_date", dt.date(YEAR, 3, 2).isoformat())
    page.fill("#id_end_date", dt.date(YEAR, 3, 6).isoformat())
    page.fill("#id_jp", "40")
    page.fill("#id_actual_cost", "2750000")
    page.fill("#id_certificate_number", f"STTP/123/{YEAR}")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=realised]")
    page.click("[data-testid=report-plan]")
    page.wait_for_selector("text=Laporan realisasi dikirim ke BKPSDM.")
    log_out(page)
    assert official.training_records.filter(end_date__year=YEAR, jp_hours=40).exists()

    # BKPSDM compares plan with realisation and produces the evaluation report.
    demo_log_in(page, "admin")
    page.goto(cycle_url)
    page.click("[data-testid=evaluate]")
    page.wait_for_selector("[data-testid=document-number]")
    pdf = PdfReader(io.BytesIO(download(page, "[data-testid=download-pdf]")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "telah dilaksanakan 1 kegiatan (50,0%)" in text and "40 dari 56 JP (71,4%)" in text
    page.goto(cycle_url)
    page.click("[data-testid=evaluation-link]")
    assert "1 dari 2 kegiatan terealisasi (50,0%)" in page.inner_text("[data-testid=evaluation-total]")
    workbook = load_workbook(io.BytesIO(download(page, "[data-testid=evaluation-xlsx]")))
    units = workbook["Per unit kerja"]
    assert [c.value for c in units[4]][:7] == [official.unit.name, 2, 1, 50.0, 56, 40, 71.4]
    assert len(units._charts) == 1  # openpyxl reads the chart back

    # The JP ledger of the plan year counts the realised training.
    page.goto(f"/perencanaan/jp/?year={YEAR}")
    assert page.inner_text("[data-testid=jp-total]").startswith("1 dari")
