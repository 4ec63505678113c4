"""Issue 21 in a real browser, on a phone (390 x 844): the operator opens accounts for a unit and
prints the codes; a civil servant activates their account, reports a webinar with its certificate;
the operator accepts 3 JP; the civil servant's home shows the new total and the ledger counts it;
the civil servant asks to correct their education, the operator approves, the history shows it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bangkom.people.models import JpYear
from bangkom.selfservice.models import LearningReport, ReportStatus
from bangkom.studies.models import ApplicationStatus, StudyApplication
from bangkom.studies.policy import study_papers
from bangkom.studies.tests import flow as study_flow
from conftest import SAMPLE_PDF, make_employee
from tests.e2e.test_registry_flows import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def fits_the_phone(page) -> None:
    """No sideways scrolling of the page itself (a wide table scrolls inside its own box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def log_out(page) -> None:
    """Through the phone's collapsed menu: the click waits until the menu has opened (on a loaded
    machine its animation can outlast Playwright's own check, and a click would land beside it)."""
    page.click("button.navbar-toggler")
    page.wait_for_selector("#nav.show")
    page.click("button:has-text('Keluar')")
    page.wait_for_url(lambda url: "/akun/masuk/" in url, timeout=30000)


def test_accounts_a_reported_webinar_and_the_jp_it_adds(page, users, people, tree, tmp_path) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, "u_operator")
    page.goto("/akun/pegawai/")
    page.select_option("select[name=unit]", str(tree.school.pk))
    page.click("button:has-text('Tampilkan')")
    page.wait_for_selector(f"[data-testid=account-row-{people.teacher.nip}]")
    fits_the_phone(page)
    # The teacher already has the account u_pegawai; a colleague in the school has none.
    colleague = make_employee(tree.school, "199204142019032004", "Rina Wulandari")
    page.reload()
    page.click("[data-testid=open-unit] button")
    page.wait_for_selector(f"[data-testid=code-{colleague.nip}]")
    fits_the_phone(page)
    code = page.locator(f"[data-testid=code-{colleague.nip}] [data-testid=code]").inner_text().strip()
    assert page.locator(f"[data-testid=code-{people.teacher.nip}]").count() == 0  # already active: no code
    log_out(page)

    page.click("[data-testid=activate-link]")
    page.fill("#id_nip", colleague.nip)
    page.fill("#id_code", code.lower())
    page.fill("#id_password", "Belajar-Terus-2026")
    page.fill("#id_password_again", "Belajar-Terus-2026")
    fits_the_phone(page)
    page.click("button:has-text('Aktifkan')")
    page.wait_for_selector("[data-testid=jp-this-year]")
    assert "/saya/" in page.url
    assert page.locator("[data-testid=jp-total]").inner_text() == "0"
    fits_the_phone(page)

    page.click("[data-testid=report-new]")
    day = TODAY.isoformat()  # the same year as the home counts, whatever day the test runs
    page.select_option("#id_kind", label="Seminar")
    page.fill("#id_name", "Webinar Literasi Digital ASN")
    page.fill("#id_organiser", "Kementerian Kominfo")
    page.fill("#id_start_date", day)
    page.fill("#id_end_date", day)
    page.fill("#id_jp_claimed", "4")
    certificate = tmp_path / "sertifikat.pdf"
    certificate.write_bytes(SAMPLE_PDF)
    file_input = page.locator("#id_certificate")
    assert file_input.bounding_box()["width"] >= PHONE["width"] - 80  # full width, not an 18-pixel control
    file_input.set_input_files(str(certificate))
    fits_the_phone(page)
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_selector("text=Laporan dikirim")
    assert "Menunggu pemeriksaan" in page.locator("[data-testid=report-status]").inner_text()
    log_out(page)

    log_in(page, "u_operator")
    page.goto("/saya/pemeriksaan/")
    page.click("text=Webinar Literasi Digital ASN")
    page.check("input[name=decision][value=terima]")
    page.fill("#id_jp_recognised", "3")
    fits_the_phone(page)
    page.click("button:has-text('Simpan keputusan')")
    page.wait_for_selector("text=3 JP tercatat")
    log_out(page)

    log_in(page, colleague.nip, "Belajar-Terus-2026")
    page.wait_for_selector("[data-testid=jp-this-year]")
    assert page.locator("[data-testid=jp-total]").inner_text() == "3"
    assert "Kurang 17 JP" in page.locator("[data-testid=jp-missing]").inner_text()
    assert "Webinar Literasi Digital ASN" in page.locator("[data-testid=records]").inner_text()
    fits_the_phone(page)
    report = LearningReport.objects.get()
    assert report.status == ReportStatus.ACCEPTED and report.jp_recognised == 3
    assert JpYear.objects.get(employee=colleague, year=TODAY.year).jp == 3

    # The master's degree is missing from the record: the civil servant asks, the operator approves.
    page.click("[data-testid=correction-new]")
    page.click("[data-testid=correction-kinds] >> text=Pendidikan")
    page.select_option("#id_level", label="S2")
    page.fill("#id_major", "Manajemen Pendidikan")
    page.fill("#id_institution", "Universitas Negeri Semarang")
    page.fill("#id_graduation_year", "2024")
    page.fill("#id_reason", "Ijazah S2 tahun 2024 belum tercatat")
    page.locator("#id_document").set_input_files(str(certificate))
    fits_the_phone(page)
    page.click("button:has-text('Kirim permintaan')")
    page.wait_for_selector("text=Permintaan perbaikan dikirim")
    log_out(page)

    log_in(page, "u_operator")
    page.goto("/saya/pemeriksaan/")
    page.click(f"[data-testid=corrections] >> text={colleague.name}")
    assert "Universitas Negeri Semarang" in page.locator("[data-testid=proposal]").inner_text()
    page.check("input[name=decision][value=setujui]")
    fits_the_phone(page)
    page.click("button:has-text('Simpan keputusan')")
    page.wait_for_selector("text=Disetujui")
    log_out(page)

    log_in(page, colleague.nip, "Belajar-Terus-2026")
    page.wait_for_selector("[data-testid=jp-this-year]")
    page.goto(f"/pegawai/{colleague.nip}/")
    assert "Universitas Negeri Semarang" in page.content()
    fits_the_phone(page)
    # Every other page of their own fits the phone too, and the bell counts what they were told.
    assert int(page.locator("[data-testid=bell-count]").inner_text()) >= 2  # the 3 JP, the correction
    for path in ("/saya/kompetensi/", "/saya/program/", "/saya/perbaikan/baru/", "/notifikasi/"):
        page.goto(path)
        fits_the_phone(page)


def test_a_civil_servant_applies_for_tugas_belajar_and_the_unit_endorses_it(page, users, people, tmp_path) -> None:
    announcement = study_flow.announcement(users["admin"], today=TODAY)
    page.set_viewport_size(PHONE)
    log_in(page, "u_pegawai")
    page.wait_for_selector("[data-testid=jp-this-year]")
    page.goto("/saya/program/")
    page.click(f"[data-testid=study-{announcement.pk}] a")
    fits_the_phone(page)
    page.select_option("#id_level", "S2")
    page.fill("#id_institution", "Universitas Jenderal Soedirman")
    page.fill("#id_study_program", "Magister Manajemen")
    page.select_option("#id_accreditation", "Unggul")
    page.fill("#id_duration_months", "24")
    page.check("#id_no_discipline")
    page.click("button:has-text('Simpan pendaftaran')")
    page.wait_for_selector("[data-testid=study-paper-form]")
    paper = tmp_path / "berkas.pdf"
    paper.write_bytes(SAMPLE_PDF)
    assert page.locator("#id_upload").bounding_box()["width"] >= 300  # a file input a thumb can hit
    for kind in study_papers(announcement):
        page.select_option("#id_kind", kind.code)
        page.set_input_files("#id_upload", str(paper))
        page.click("button:has-text('Unggah berkas')")
        page.wait_for_selector(f"[data-paper={kind.code}] a")
    fits_the_phone(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=study-send]")
    page.wait_for_selector("text=Pendaftaran dikirim ke operator unit kerja Anda.")
    assert "Menunggu persetujuan unit kerja" in page.locator("[data-testid=study-status]").inner_text()
    fits_the_phone(page)
    log_out(page)

    log_in(page, "u_operator")
    page.wait_for_selector("text=Keluar", state="attached")
    page.goto("/saya/pemeriksaan/")
    page.click("[data-testid=studies] a")
    page.click("[data-testid=endorse]")
    page.wait_for_selector("text=Usulan diajukan ke BKPSDM.")
    application = StudyApplication.objects.get(employee=people.teacher)
    assert (application.status, application.self_applied) == (ApplicationStatus.SUBMITTED, True)


def test_a_functional_position_is_found_by_typing_on_a_phone(page, users) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, "u_pegawai")
    page.wait_for_selector("[data-testid=jp-this-year]")
    page.goto("/saya/perbaikan/baru/?jenis=jabatan")
    page.locator("#id_functional_position").press_sequentially("guru ahli m", delay=30)
    expected = [  # "guru ahli m": Madya and Muda, in name order
        "A5EB03E23F42F6A0E040640A040252AD — Guru Ahli Madya",
        "A5EB03E23F44F6A0E040640A040252AD — Guru Ahli Muda",
    ]
    options: list[str] = []
    for _attempt in range(100):  # the suggestions of what was typed last arrive within a few hundred ms
        options = page.eval_on_selector_all("#id_functional_position-options option", "els => els.map(e => e.value)")
        if options == expected:
            break
        page.wait_for_timeout(100)
    assert options == expected
    fits_the_phone(page)
