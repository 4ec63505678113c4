"""Issue #4's whole round in a real browser on a demo workforce, each role doing its part: BKPSDM
opens and screens, an OPD operator proposes, the assessor scores, the TSPDI sits and decides, its
secretariat initials and the leadership signs the advice, then the participants are dispatched and
their graduation lands in the training history."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from bangkom.accounts.demo import DEMO_PASSWORD, demo_users_ensure
from bangkom.accounts.models import User
from bangkom.documents.demo import signing_posts_demo
from bangkom.documents.models import Document
from bangkom.people.demo import generate_workforce
from bangkom.people.models import Employee, TrainingRecord
from bangkom.selection.models import RoundCandidate
from tests.e2e.test_registry_flows import log_in, menu
from tests.e2e.test_selection_round import SCORES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AS_OF = dt.date(2026, 11, 23)
SET_IN_THIS_TEST = {"USUL_OPD", "BAPERJAKAT", "NILAI"}  # round facts and scores entered below


def sign_as_the_posts(page, url: str) -> None:
    """The demo head of division initials the letter at `url`, the demo head of BKPSDM signs it; the
    page is left logged out."""
    log_out(page)
    for username, button, done in (
        ("kabid", "Paraf", "Dokumen diparaf."),
        ("pimpinan", "Tandatangani", "Dokumen ditandatangani."),
    ):
        demo_log_in(page, username)
        page.goto(url)
        page.click(f"button:has-text('{button}')")
        page.wait_for_selector(f"text={done}")
        log_out(page)


def demo_log_in(page, username: str) -> None:
    log_in(page, username, DEMO_PASSWORD)
    page.wait_for_selector("text=Keluar")


def log_out(page) -> None:
    page.click("button:has-text('Keluar')")


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return open(info.value.path(), "rb").read()


def exported(page, selector: str) -> bytes:
    """Start an export (it runs in the background), wait on its page until the file is made, fetch
    it as its owner, and come back to where the export was started."""
    started_from = page.url
    page.click(selector)
    page.wait_for_selector("[data-testid=job-status]:text-is('Selesai')")
    content = download(page, "[data-testid=job-link]")
    page.goto(started_from)
    return content


def move_round(page, status: str) -> None:
    page.select_option("select[name=to]", status)
    page.click("button:has-text('Ubah')")
    page.wait_for_selector("text=Status seleksi diubah.")


def test_round_end_to_end_on_demo_workforce(page, reference, clock) -> None:
    generate_workforce(size=400, today=AS_OF)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    operator_pick = Employee.objects.filter(unit__code="DISDIK").order_by("nip").first()

    # BKPSDM opens the round and runs the inventory on the demo registry.
    demo_log_in(page, "admin")
    menu(page, "Seleksi Diklatpim")
    page.click("text=Buka seleksi")
    page.fill("#id_name", "Seleksi PKN Tingkat II 2027")
    page.select_option("#id_level", "II")
    page.select_option("#id_ruleset_id", "bima-2018")
    page.fill("#id_as_of", AS_OF.isoformat())
    page.fill("#id_quota", "2")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=round-name]")
    round_url = page.url
    page.click("button:has-text('Jalankan penjaringan')")
    page.wait_for_selector("text=calon ditambahkan.")  # on the job's page
    page.click("[data-testid=job-link]")
    move_round(page, "penjaringan")
    log_out(page)

    # The OPD operator proposes someone from their own unit.
    demo_log_in(page, "operator")
    page.goto(round_url)
    page.click("text=Usulkan calon")
    page.fill("#id_nip", operator_pick.nip)
    page.fill("#id_reason", "Usul Dinas Pendidikan")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Calon ditambahkan.")
    log_out(page)

    # BKPSDM screens once, then picks a feeder-post candidate (officials already in post get the
    # administrative screening only) whom the registry lets through, records the OPD proposal and the
    # Baperjakat recommendation, and assigns an assessor.
    demo_log_in(page, "admin")
    page.goto(round_url)
    page.click("button:has-text('Saring calon')")
    page.wait_for_selector("text=calon disaring.")
    page.click("[data-testid=job-link]")
    ready = [
        c
        for c in RoundCandidate.objects.filter(included=True, source="jabatan_di_bawah").select_related("employee")
        if all(f["status"] != "tidak_memenuhi" or f["kode"] in SET_IN_THIS_TEST for f in c.findings)
    ]
    assert ready, "the demo workforce has an eligible official"
    chosen = ready[0]
    page.click(f"tr[data-nip='{chosen.employee.nip}'] >> text=Data")
    page.check("#id_proposed_by_unit")
    page.check("#id_baperjakat")
    page.click("button:has-text('Simpan')")
    page.click(f"tr[data-nip='{chosen.employee.nip}'] >> text=Data")
    page.select_option("#id_assessor", label="penilai")
    page.click("button:has-text('Tugaskan')")
    page.wait_for_selector("text=Penilai ditugaskan.")
    log_out(page)

    # The assessor scores; English is scored but the registry's certificate decides the requirement.
    demo_log_in(page, "penilai")
    menu(page, "Penilaian saya")
    page.click("text=Isi nilai")
    for field, value in SCORES.items():
        page.fill(f"#id_{field}", value)
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Nilai disimpan.")
    log_out(page)

    demo_log_in(page, "admin")
    page.goto(round_url)
    page.click("button:has-text('Saring calon')")
    page.wait_for_selector("text=calon disaring.")
    page.click("[data-testid=job-link]")
    chosen.refresh_from_db()
    assert chosen.category in ("A", "B"), chosen.findings
    assert str(chosen.final_score) == "75.25"  # 0.3*85 + 0.3*72.5 + 0.2*75 + 0.2*65
    tabulation = load_workbook(io.BytesIO(exported(page, "[data-testid=tabulation-xlsx]")), read_only=True)
    rows = list(tabulation["Tabulasi"].values)
    assert any(chosen.employee.nip in row and 75.25 in row for row in rows)

    # The TSPDI: a team with its chair, a session on the round, its decision and its papers.
    chair = Employee.objects.exclude(pk=chosen.employee_id).order_by("nip").first()
    menu(page, "TSPDI")
    page.fill("#id_name", "TSPDI Kabupaten 2026")
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-12-31")
    page.click("button:has-text('Simpan tim')")
    page.wait_for_selector("[data-testid=team-name]")
    page.fill("#id_nip", chair.nip)
    page.fill("#id_position", "Sekretaris Daerah")
    page.select_option("#id_role", "ketua")
    page.click("button:has-text('Tambah anggota')")
    page.wait_for_selector("text=Anggota ditambahkan.")
    page.select_option("#id_selection_round", label="Seleksi PKN Tingkat II 2027 (PKN Tingkat II (Diklatpim II))")
    held_on = timezone.localdate() - dt.timedelta(days=2)
    page.fill("#id_held_on", held_on.isoformat())
    page.fill("#id_agenda", "Penetapan hasil seleksi")
    page.check("input[name=attendees]")
    page.click("button:has-text('Simpan sidang')")
    page.wait_for_selector("[data-testid=decision-table]")
    page.select_option(f"tr[data-nip='{chosen.employee.nip}'] select", "ditetapkan_peserta")
    page.click("button:has-text('Simpan keputusan')")
    page.wait_for_selector("text=1 keputusan disimpan.")
    page.fill("#id_minutes", "Satu calon memenuhi syarat dan diusulkan menjadi peserta.")
    page.click("button:has-text('Simpan kesimpulan')")
    page.wait_for_selector("text=Kesimpulan sidang disimpan.")
    due = (held_on + dt.timedelta(days=7)).strftime("%d-%m-%Y")
    assert f"batas {due}" in page.inner_text("body")
    session_url = page.url
    page.click("button[data-kind=keputusan_seleksi]")
    page.click("[data-testid=job-link]")  # drafted in the background, then opened from its job
    page.wait_for_selector("[data-testid=document-status]")
    page.goto(session_url)
    page.click("button[data-kind=saran_tspdi]")
    page.click("[data-testid=job-link]")
    page.wait_for_selector("[data-testid=document-status]")
    advice_url = page.url
    log_out(page)

    # The TSPDI secretariat returns the advice once, the drafter redrafts, then it is initialled.
    demo_log_in(page, "tspdi")
    page.goto(advice_url)
    page.fill("#id_note", "Lengkapi kesimpulan")
    page.click("button:has-text('Kembalikan untuk perbaikan')")
    page.wait_for_selector("text=Dokumen dikembalikan kepada penyusun.")
    log_out(page)
    demo_log_in(page, "admin")
    page.goto(advice_url)
    page.click("button:has-text('Susun ulang konsep')")
    page.wait_for_selector("text=Konsep disusun ulang.")
    log_out(page)
    demo_log_in(page, "kabid")  # the head of division's post initials the TSPDI's letters
    page.goto(advice_url)
    page.click("button:has-text('Paraf')")
    page.wait_for_selector("text=Dokumen diparaf.")
    log_out(page)

    # The TSPDI chair (in the demo, the head of BKPSDM) signs: the advice gets its number, prints the
    # chair's name, pangkat and NIP, and the session is no longer flagged.
    demo_log_in(page, "pimpinan")
    page.goto(advice_url)
    page.click("button:has-text('Tandatangani')")
    page.wait_for_selector("text=Dokumen ditandatangani.")
    number = page.inner_text("[data-testid=document-number]")
    assert number == f"800/1/TSPDI/{timezone.localdate().year}"
    pdf = PdfReader(io.BytesIO(download(page, "[data-testid=download-pdf]")))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert number in text and chosen.employee.full_name in text and "ttd." in text
    chair = User.objects.get(username="pimpinan").employee
    assert chair.full_name in text and f"NIP. {chair.nip}" in text
    log_out(page)

    # BKPSDM closes the round and dispatches the participant on the 22-working-day clock.
    demo_log_in(page, "admin")
    page.goto(round_url)
    move_round(page, "seleksi_administrasi")
    move_round(page, "ditutup")
    page.click("text=Buka pengiriman")
    page.fill("#id_institution", "PPSDM Kemendagri Regional Bukittinggi")
    page.fill("#id_accreditation", "A (LAN)")
    page.fill("#id_training_name", "PKN Tingkat II Angkatan I 2027")
    page.fill("#id_requested_on", AS_OF.isoformat())
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=dispatch-name]")
    assert "sisa" in page.inner_text("body") or "melewati" in page.inner_text("body")
    page.fill("#id_agreement_number", "PKS/12/2026")
    page.fill("#id_agreement_date", timezone.localdate().isoformat())  # signed today
    page.fill("#id_start_date", "2027-02-01")
    page.fill("#id_end_date", "2027-05-28")
    page.fill("#id_jp_hours", "385")
    page.click("form:has(#id_agreement_number) button:has-text('Simpan')")
    page.wait_for_selector("text=Data pengiriman disimpan.")
    dispatch_url = page.url
    # The agreement waits for the signed proposal letter.
    page.select_option("select[name=to]", "kerja_sama")
    page.click("button:has-text('Catat langkah')")
    assert "surat usulan peserta yang sudah ditandatangani" in page.inner_text(".alert-danger")
    page.click("button:has-text('Susun surat usulan')")
    page.wait_for_selector("[data-testid=document-status]")
    sign_as_the_posts(page, page.url)
    demo_log_in(page, "admin")
    page.goto(dispatch_url)
    page.select_option("select[name=to]", "kerja_sama")
    page.click("button:has-text('Catat langkah')")
    page.wait_for_selector("text=Langkah pengiriman dicatat.")
    # The participant is sent only with a signed Surat Perintah Tugas.
    page.click("button:has-text('Susun Surat Perintah Tugas')")
    page.wait_for_selector("text=1 Surat Perintah Tugas disusun.")
    page.select_option("select[name=to]", "pelaksanaan")
    page.click("button:has-text('Catat langkah')")
    assert "yang sudah ditandatangani" in page.inner_text(".alert-danger")
    sign_as_the_posts(page, f"/dokumen/{Document.objects.get(kind='surat_perintah_tugas').pk}/")
    demo_log_in(page, "admin")
    page.goto(dispatch_url)
    page.select_option("select[name=to]", "pelaksanaan")
    page.click("button:has-text('Catat langkah')")
    page.wait_for_selector("text=Langkah pengiriman dicatat.")
    # Sent with the SPT: the service is delivered on time; results and evaluation are steps 8-9.
    assert page.inner_text("[data-testid=dispatch-step]").startswith("Langkah 8 dari 9")
    assert page.inner_text("[data-testid=clock-state]") == "selesai tepat waktu"
    # The training ends on 28 May: its results come after it, never before.
    log_out(page)
    clock(dt.date(2027, 5, 28))
    demo_log_in(page, "admin")
    page.goto(dispatch_url)
    participant = page.locator(f"tr[data-nip='{chosen.employee.nip}']")
    participant.locator("select[name=result]").select_option("lulus")
    participant.locator("input[name=certificate_number]").fill("STTP-PKN-II/2027/015")
    participant.locator("button:has-text('Simpan')").click()
    page.wait_for_selector("text=disimpan.")
    page.select_option("select[name=to]", "hasil_diterima")
    page.click("button:has-text('Catat langkah')")
    page.wait_for_selector("text=Langkah pengiriman dicatat.")
    assert page.inner_text("[data-testid=dispatch-status]") == "Hasil kelulusan diterima"
    record = TrainingRecord.objects.get(employee=chosen.employee, structural_level_id=4)
    assert (record.certificate_number, record.jp_hours) == ("STTP-PKN-II/2027/015", 385)

    report = load_workbook(io.BytesIO(download(page, "[data-testid=report-xlsx]")), read_only=True)
    assert report.sheetnames == ["Peserta dan hasil", "Hasil seleksi", "Masalah dan evaluasi"]
    participants = list(report["Peserta dan hasil"].values)
    assert any(chosen.employee.nip in row and "Lulus" in row for row in participants)
    assert Document.objects.filter(kind="surat_perintah_tugas").count() == 1
