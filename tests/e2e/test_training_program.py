"""Issue #6's one-door training program in a real browser on a demo workforce: the Disdik operator
proposes a program (refused as late until BKPSDM accepts it with a reason), BKPSDM reviews criteria
(a)–(g), records the discussion and recommends; the letter and the program decree are initialled and
signed; the operator adds participants, takes attendance, records results and closes the program;
BKPSDM records the quarter's supervision; the operator reports; the head of BKPSDM issues the STTPs;
and an anonymous visitor verifies one on the public page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from bangkom.accounts.demo import demo_users_ensure
from bangkom.documents.demo import signing_posts_demo
from bangkom.people.demo import generate_workforce
from bangkom.people.models import Employee, TrainingRecord
from bangkom.planning.demo import planning_demo
from bangkom.planning.selectors import jp_totals
from bangkom.training.models import Certificate
from conftest import SAMPLE_PDF
from tests.e2e.test_registry_flows import menu
from tests.e2e.test_round_end_to_end import demo_log_in, download, exported, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()
PDF = SAMPLE_PDF


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def add_detail(page, part: str, values: list[str]) -> None:
    form = page.locator(f"[data-testid=add-{part}]")
    for index, value in enumerate(values):
        form.locator("input:not([type=hidden])").nth(index).fill(value)
    form.locator("button").click()
    page.wait_for_selector("text=Rincian ditambahkan.")


def sign(page, url: str) -> None:
    """The head of division initials, the head of BKPSDM signs (their posts in the demo)."""
    log_out(page)
    demo_log_in(page, "kabid")
    page.goto(url)
    page.click("button:has-text('Paraf')")
    page.wait_for_selector("text=Dokumen diparaf.")
    log_out(page)
    demo_log_in(page, "pimpinan")
    page.goto(url)
    page.click("button:has-text('Tandatangani')")
    page.wait_for_selector("text=Dokumen ditandatangani.")
    assert PdfReader(io.BytesIO(download(page, "[data-testid=download-pdf]"))).pages
    log_out(page)


def test_training_program_on_demo_workforce(page, browser, live_server, reference) -> None:
    generate_workforce(size=400, today=TODAY)
    planning_demo(today=TODAY)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    chosen = list(Employee.objects.filter(unit__code="DISDIK").order_by("nip")[:2])

    # The operator proposes a program that starts the day before yesterday: too late under Pasal 58.
    demo_log_in(page, "operator")
    menu(page, "Program pelatihan")
    page.click("[data-testid=propose]")
    page.fill("#id_title", "Bimtek Tata Naskah Dinas Elektronik")
    page.select_option("#id_kind", label="Bimbingan Teknis")
    page.select_option("#id_competencies", index=0)
    page.fill("#id_target_participants", "Pengelola persuratan")
    page.fill("#id_participant_count", "2")
    page.fill("#id_jp", "16")
    page.fill("#id_start_date", (TODAY - dt.timedelta(days=2)).isoformat())
    page.fill("#id_end_date", TODAY.isoformat())
    page.fill("#id_venue", "Aula Dinas Pendidikan")
    page.fill("#id_facilities", "Aula 40 kursi, proyektor, jaringan internet")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=program-status]")
    program_url = page.url
    add_detail(page, "anggaran", ["Honor narasumber", "8", "JP", "300000"])
    add_detail(page, "pengajar", ["Dr. Rina Wulandari", "Widyaiswara Ahli Madya", "Tata naskah dinas"])
    add_detail(page, "penyelenggara", ["Joko Susilo", "Ketua penyelenggara", "TOC-2021-17", "MOT-2022-03"])
    for kind in ("kurikulum", "modul", "bahan_tayang"):
        page.select_option("select[name=kind]", kind)
        page.set_input_files(
            "input[name=upload]", {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.click("[data-testid=upload-material]")
        page.wait_for_selector("text=Bahan ajar diunggah.")
    assert "Sesuai standar biaya" in page.inner_text("[data-testid=budget-check]")
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=paling lambat")
    log_out(page)

    # BKPSDM accepts the late proposal with its reason; the operator sends it.
    demo_log_in(page, "admin")
    page.goto(program_url)
    page.fill("input[name=reason]", "Arahan kepala daerah tentang persuratan elektronik")
    page.click("[data-testid=allow-late]")
    page.wait_for_selector("text=Usulan terlambat diterima")
    log_out(page)
    demo_log_in(page, "operator")
    page.goto(program_url)
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=Usulan dikirim ke BKPSDM")
    log_out(page)

    # BKPSDM reviews (a)–(g), records the discussion and recommends; the letter goes for signature.
    demo_log_in(page, "admin")
    page.goto(program_url)
    for code in "abcdefg":
        page.check(f"[data-criterion={code}] input[value='1']")
    page.click("[data-testid=save-review]")
    page.wait_for_selector("text=Telaah kriteria disimpan.")
    form = page.locator("[data-testid=discussion-form]")
    form.locator("input[name=held_on]").fill(TODAY.isoformat())
    form.locator("input[name=attendees]").fill("Bidang PKSDM, Sekretariat Disdik")
    form.locator("textarea[name=notes]").fill("Materi disepakati.")
    form.locator("button").click()
    page.wait_for_selector("text=Pembahasan dicatat.")
    page.select_option("[data-testid=recommend-form] select[name=outcome]", "direkomendasikan")
    page.click("[data-testid=recommend]")
    page.wait_for_selector("[data-testid=document-number]")
    letter_url = page.url
    sign(page, letter_url)

    # The program decree, then execution may start.
    demo_log_in(page, "admin")
    page.goto(program_url)
    page.click("[data-testid=draft-decree]")
    page.wait_for_selector("[data-testid=document-number]")
    sign(page, page.url)

    demo_log_in(page, "operator")
    page.goto(program_url)
    assert "ditandatangani" in page.inner_text("[data-testid=decree-state]")
    page.fill("[data-testid=participants-form] textarea", "\n".join(e.nip for e in chosen))
    page.click("[data-testid=participants-form] button")
    page.wait_for_selector("text=Peserta ditambahkan.")
    page.fill("[data-testid=session-form] input[name=held_on]", TODAY.isoformat())
    page.fill("[data-testid=session-form] input[name=topic]", "Praktik naskah dinas elektronik")
    page.click("[data-testid=session-form] button")
    page.wait_for_selector("text=Sesi ditambahkan.")
    page.click("[data-testid=start]")
    page.wait_for_selector("text=Program dimulai")
    page.click("[data-testid=sessions] >> text=kehadiran")
    page.check(f"tr[data-nip='{chosen[1].nip}'] input[value=izin]")
    page.click("button:has-text('Simpan kehadiran')")
    page.wait_for_selector("text=Kehadiran sesi 1 disimpan.")
    assert page.inner_text(f"[data-testid=participants] tr[data-nip='{chosen[0].nip}'] td:nth-child(4)") == "1/1"
    page.click("[data-testid=results-link]")
    for employee, score in zip(chosen, ("91.5", "78"), strict=True):
        row = page.locator(f"tr[data-nip='{employee.nip}']")
        row.locator("select").select_option("lulus")
        row.locator("input").fill(score)
    page.click("button:has-text('Simpan hasil')")
    page.wait_for_selector("text=Hasil peserta disimpan.")
    page.click("[data-testid=finish]")
    page.wait_for_selector("text=Program ditutup")
    assert TrainingRecord.objects.filter(employee__in=chosen, jp_hours=16).count() == 2
    page.fill("[data-testid=report-form] textarea", "Terlaksana dengan 2 peserta.")
    page.fill("[data-testid=report-form] input[name=actual_cost]", "2400000")
    page.click("[data-testid=report-form] button")
    page.wait_for_selector("text=Laporan kegiatan dikirim ke BKPSDM.")
    log_out(page)

    # BKPSDM records this quarter's supervision.
    demo_log_in(page, "admin")
    page.goto(program_url)
    page.click("[data-testid=supervisions] >> text=catat")
    page.fill("#id_findings", "Pelaksanaan sesuai Keputusan Program.")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=program-status]")
    assert "Pelaksanaan sesuai" in page.inner_text("[data-testid=supervisions]")
    log_out(page)

    # The head of BKPSDM numbers, signs and issues the STTPs; one PDF holds both.
    demo_log_in(page, "pimpinan")
    page.goto(program_url)
    page.select_option("[data-testid=issue-form] select", "sttp")
    page.click("[data-testid=issue]")
    page.wait_for_selector("text=Sertifikat dinomori dan diterbitkan.")
    assert page.locator("[data-testid=certificates] tr").count() == 2
    pdf = PdfReader(io.BytesIO(exported(page, "button[data-kind=sttp]")))  # made in the background
    assert len(pdf.pages) == 4  # each STTP, then its curriculum
    certificate = Certificate.objects.order_by("sequence").first()
    assert certificate.number in pdf.pages[0].extract_text()
    assert pdf.pages[1].extract_text().startswith("KURIKULUM")
    log_out(page)

    # Anyone can verify it, without logging in.
    anonymous = browser.new_context(base_url=live_server.url, locale="id-ID")
    visitor = anonymous.new_page()
    visitor.goto(f"/verifikasi/{certificate.code}/")
    assert "Sertifikat SAH" in visitor.inner_text("[data-testid=verdict]")
    assert visitor.inner_text("[data-testid=number]") == certificate.number
    assert certificate.participant.employee.nip not in visitor.content()
    visitor.goto("/verifikasi/")
    visitor.fill("input[name=kode]", "ZZZZ-ZZZZ-ZZZZ")
    visitor.click("button:has-text('Periksa')")
    assert "Tidak ada sertifikat" in visitor.inner_text("[data-testid=verdict]")

    # The attendance list turns out forged: the head of BKPSDM revokes the first STTP. Its training
    # stays in the history, marked, and leaves the JP ledger; the public page says only that it was revoked.
    holder = certificate.participant.employee
    before = jp_totals(TODAY.year).get(holder.pk, 0)
    demo_log_in(page, "pimpinan")
    page.goto(f"/pegawai/{holder.nip}/")
    shown_before = page.inner_text("[data-testid=jp-this-year]")
    page.goto(program_url)
    page.locator("[data-testid=certificates] tr", has_text=certificate.number).locator("text=cabut").click()
    page.fill("#id_reason", "Daftar hadir dipalsukan")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=certificates] >> text=dicabut")
    assert jp_totals(TODAY.year).get(holder.pk, 0) == before - 16
    page.goto(f"/pegawai/{holder.nip}/")
    assert page.inner_text("[data-testid=jp-this-year]").startswith(f"{before - 16} JP"), shown_before
    assert "tidak dihitung" in page.inner_text("tr[data-revoked='1']")
    revoked_pdf = download_inline(page, f"{program_url}sertifikat/{certificate.pk}/")
    assert "DICABUT" in PdfReader(io.BytesIO(revoked_pdf)).pages[0].extract_text()
    visitor.goto(f"/verifikasi/{certificate.code}/")
    assert "DICABUT" in visitor.inner_text("[data-testid=verdict]")
    assert "dipalsukan" not in visitor.content()
    anonymous.close()


def download_inline(page, url: str) -> bytes:
    """A PDF the browser would show inline, fetched with the page's session."""
    response = page.request.get(url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()
