"""Issue #7 in a real browser on a demo workforce.

1. The JPT Pratama job-target assessment through its 16 steps: the head orders, the head of division
   adds the participants and coordinates, the participant uploads a paper, the staff draft the
   request for facilitation, the head of division returns it for correction and then initials it,
   general affairs passes it up, the head signs; the reply comes back, the NPKND, summons,
   assignment and briefing letters are drafted and initialled, the head signs the NPKND and initials the
   other three; the results close it.
2. A complaint from the public form to its answer, tracked by its code without logging in."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import docx
import pytest
from django.utils import timezone

from bangkom.accounts.demo import demo_users_ensure
from bangkom.accounts.models import User
from bangkom.desk.models import AssessmentStatus, Complaint, JobTargetAssessment
from bangkom.desk.tests.flow import papers_ready
from bangkom.documents import services as document_services
from bangkom.documents.demo import signing_posts_demo
from bangkom.documents.models import Document
from bangkom.people.demo import generate_workforce
from bangkom.people.models import Employee, EmployeeDocument, Unit
from conftest import SAMPLE_PDF
from tests.e2e.test_registry_flows import menu
from tests.e2e.test_round_end_to_end import demo_log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()
PDF = SAMPLE_PDF


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def iso(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


class Desk:
    """One browser page that changes hands between the agency's offices."""

    def __init__(self, page, assessment_url: str = "") -> None:
        self.page, self.url, self.who = page, assessment_url, ""

    def as_(self, username: str) -> Desk:
        if self.who != username:
            if self.who:
                log_out(self.page)
            demo_log_in(self.page, username)
            self.who = username
        return self

    def open(self, url: str | None = None) -> None:
        self.page.goto(url or self.url)

    def step(self) -> int:
        return JobTargetAssessment.objects.get().request.step

    def dispose(self, to_role: str, text: str) -> None:
        self.open()
        form = self.page.locator("[data-testid=disposition-form]")
        form.locator("select[name=to_role]").select_option(to_role)
        form.locator("input[name=instruction]").fill(text)
        form.locator("button").click()
        self.page.wait_for_selector("text=Disposisi dikirim.")

    def post(self, testid: str, fields: dict[str, str], message: str) -> None:
        self.open()
        form = self.page.locator(f"[data-testid={testid}]")
        for name, value in fields.items():
            form.locator(f"[name={name}]").fill(value)
        form.locator("button").click()
        self.page.wait_for_selector(f"text={message}")

    def draft(self, kind: str) -> str:
        self.open()
        self.page.select_option("[data-testid=letter-form] select[name=kind]", kind)
        self.page.click("[data-testid=draft-letter]")
        self.page.wait_for_selector("[data-testid=document-status]")
        return self.page.url

    def document(self, url: str, button: str, message: str, note: str = "") -> None:
        self.open(url)
        if note:
            self.page.fill("textarea[name=note], input[name=note]", note)
        self.page.click(f"button:has-text('{button}')")
        self.page.wait_for_selector(f"text={message}")


def test_jpt_assessment_through_sixteen_steps(page, live_server, reference) -> None:
    generate_workforce(size=400, today=TODAY)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    User.objects.filter(username="kabid").update(unit=Unit.objects.get(code="BKPSDM"))
    candidate = User.objects.get(username="pegawai").employee
    other = Employee.objects.exclude(pk=candidate.pk).order_by("nip").first()
    desk = Desk(page)

    desk.as_("admin")
    page.goto(f"{live_server.url}/layanan/asesmen/baru/")
    page.fill("input[name=title]", "Asesmen job target JPT Pratama 2026")
    page.fill("input[name=positions]", "Kepala Dinas Pendidikan")
    page.fill("input[name=pansel_reference]", "Pengumuman Pansel 800/12/2026")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=current-step]")
    desk.url = page.url
    assert desk.step() == 1

    desk.as_("pimpinan").dispose("kabid", "Siapkan asesmen job target bersama BKD Provinsi")  # step 1
    desk.as_("kabid").post("participants-form", {"nips": f"{candidate.nip}\n{other.nip}"}, "Peserta ditambahkan.")
    desk.post("coordination-form", {"note": "Jadwal disepakati dengan BKD Provinsi"}, "Hasil koordinasi dicatat.")
    desk.dispose("admin", "Buat surat permohonan fasilitasi")  # step 4
    assert desk.step() == 5

    # The participant uploads the portfolio in Word; the staff find it valid.
    desk.as_("pegawai")
    menu(page, "Asesmen saya")
    page.set_viewport_size({"width": 390, "height": 844})  # a participant on a phone: full-width file inputs
    assert page.locator("[data-testid=upload-portofolio]").bounding_box()["width"] >= 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 720})
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    page.set_input_files(
        "[data-testid=upload-portofolio]",
        files=[{"name": "portofolio.docx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}],
    )
    page.click("[data-testid=upload-portofolio-send]")
    page.wait_for_selector("text=Dokumen diunggah; menunggu pemeriksaan petugas.")
    desk.as_("admin").open()
    page.locator(f"[data-testid=participant-{candidate.nip}] [data-testid=verify-portofolio]").click()
    page.wait_for_selector("text=Pemeriksaan dokumen disimpan.")
    page.locator(f"[data-testid=participant-{candidate.nip}] [data-testid=mark-siasn]").click()
    page.wait_for_selector("text=Data SIASN peserta ditandai mutakhir.")

    # Steps 5-8: drafted, returned for correction, redrafted, initialled, passed up, signed.
    letter = desk.draft("permohonan_fasilitasi_asesmen")
    assert desk.step() == 6
    desk.as_("kabid").document(
        letter, "Kembalikan untuk perbaikan", "Dokumen dikembalikan kepada penyusun.", note="Cantumkan jabatan"
    )
    assert page.locator("[data-testid=document-status]").inner_text() == "Dikembalikan untuk perbaikan"
    assert desk.step() == 6
    desk.as_("admin").document(letter, "Susun ulang konsep", "Konsep disusun ulang.")
    desk.as_("kabid").document(letter, "Paraf", "Dokumen diparaf.")
    assert desk.step() == 7
    desk.as_("admin").dispose("umum", "Mohon dinaikkan kepada Kepala")
    desk.as_("umum")
    menu(page, "Disposisi")
    page.click("[data-testid=inbox] >> text=Mohon dinaikkan kepada Kepala")
    page.select_option("[data-testid=forward-form] select[name=to_role]", "pimpinan")
    page.fill("[data-testid=forward-form] input[name=instruction]", "Mohon tanda tangan surat permohonan")
    page.click("[data-testid=forward]")
    page.wait_for_selector("text=Disposisi diteruskan.")
    desk.as_("pimpinan").document(letter, "Tandatangani", "Dokumen ditandatangani.")
    assert page.locator("[data-testid=document-number]").inner_text() != "–"
    assert desk.step() == 9
    desk.as_("umum").dispose("admin", "Surat sudah ditandatangani")
    desk.as_("admin").dispose("kabid", "Surat siap dikirim ke BKD Provinsi")
    desk.as_("kabid").post("sent-form", {"sent_on": iso(30)}, "Pengiriman surat ke BKD provinsi dicatat.")
    desk.post(
        "reply-form",
        {
            "reply_number": "800/77/BKD/2026",
            "reply_date": iso(25),
            "facilitation_starts_on": iso(20),
            "facilitation_ends_on": iso(19),
            "venue": "UPT Penilaian Kompetensi",
        },
        "Surat balasan dan masa fasilitasi dicatat.",
    )
    desk.dispose("admin", "Buat NPKND, surat pemanggilan, SPT dan surat pengarahan")
    assert desk.step() == 14

    # Steps 14-16: schedule, four letters drafted and initialled; the NPKND signed.
    desk.as_("admin")
    for person in (candidate, other):
        desk.open()
        card = page.locator(f"[data-testid=participant-{person.nip}]")
        card.locator("[data-testid=assessed-on]").fill(iso(20))
        card.locator("[data-testid=schedule-save]").click()
        page.wait_for_selector("text=Jadwal asesmen peserta disimpan.")
    # The other papers arrive and are checked the same way; the letters wait for them (tested in the services).
    papers_ready({"admin": User.objects.get(username="admin")}, JobTargetAssessment.objects.get())
    letters = [desk.draft(kind) for kind in ("npknd", "pemanggilan_asesmen", "spt_asesmen", "pengarahan_asesmen")]
    assert desk.step() == 15
    desk.as_("kabid")
    for url in letters:
        desk.document(url, "Paraf", "Dokumen diparaf.")
    assert desk.step() == 16
    # The head signs the NPKND and initials the summons, the SPT and the briefing (Bangkalan's step 16).
    desk.as_("pimpinan")
    npknd, *others = letters
    desk.document(npknd, "Tandatangani", "Dokumen ditandatangani.")
    spt_url = others[1]
    desk.open(spt_url)
    assert page.locator("button:has-text('Tandatangani')").count() == 0  # the step wants a paraf here
    assert "langkah 16 surat ini diparaf" in page.inner_text("[data-testid=sign-refusal]")
    # A signature given by mistake before this rule held (the flow stood still at step 16) ...
    spt = Document.objects.get(pk=int(spt_url.rstrip("/").rsplit("/", 1)[1]))
    with (
        mock.patch.object(document_services, "sign_refusal", lambda *_: None),
        mock.patch.object(document_services, "_chain_check_signature", lambda *_: None),
    ):
        document_services.document_sign(actor=User.objects.get(username="pimpinan"), document=spt)
    # ... is withdrawn by its signer, with the reason; the letter is initialled as the step wants.
    desk.open(spt_url)
    page.click("summary:has-text('Tarik tanda tangan')")
    page.fill("#withdraw-reason", "Seharusnya diparaf, bukan ditandatangani")
    page.click("[data-testid=withdraw-form] button")
    page.wait_for_selector("text=Tanda tangan ditarik")
    assert page.inner_text("[data-testid=document-status]") == "Diparaf"
    for url in others:
        desk.document(url, "Paraf", "Dokumen diparaf.")
    assert page.inner_text("[data-testid=initials]").count(",") == 1  # the head of division's, then the head's
    desk.open()
    assert page.locator("[data-testid=assessment-status]").inner_text() == "Pelaksanaan asesmen"

    # A5: the individual reports from the province close the assessment.
    desk.as_("admin")
    for person, jpm in ((candidate, "84.50"), (other, "72.00")):
        desk.open()
        card = page.locator(f"[data-testid=participant-{person.nip}]")
        card.locator("[data-testid=result-received]").fill(TODAY.isoformat())
        card.locator("[data-testid=result-jpm]").fill(jpm)
        card.locator("[data-testid=result-file]").set_input_files(
            files=[{"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        card.locator("[data-testid=result-save]").click()
        page.wait_for_selector("text=Hasil asesmen dicatat dan laporan disimpan di data pegawai.")
    assert page.locator("[data-testid=assessment-status]").inner_text() == "Hasil lengkap"
    assessment = JobTargetAssessment.objects.get()
    assert assessment.status == AssessmentStatus.DONE
    assert list(assessment.request.status_changes.exclude(step=None).values_list("step", flat=True)) == list(
        range(1, 17)
    )
    assert EmployeeDocument.objects.filter(employee=candidate, kind="hasil_asesmen").exists()


def test_complaint_from_the_public_form_to_its_answer(page, live_server, reference) -> None:
    generate_workforce(size=400, today=TODAY)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    User.objects.filter(username="kabid").update(unit=Unit.objects.get(code="BKPSDM"))

    page.goto(f"{live_server.url}/layanan/")
    page.click("text=Sampaikan pengaduan")
    page.select_option("select[name=service]", label="Seleksi Calon Peserta Diklat Kepemimpinan Tingkat II, III dan IV")
    page.fill("input[name=name]", "Rina Wulandari")
    page.fill("input[name=contact]", "rina@example.org")
    page.fill("input[name=subject]", "Hasil seleksi administrasi belum diumumkan")
    page.fill("textarea[name=body]", "Sudah dua minggu sejak berkas lengkap, hasil seleksi belum ada.")
    page.wait_for_timeout(3200)  # a person needs more than three seconds to fill the form
    page.click("[data-testid=send-complaint]")
    code = page.locator("[data-testid=tracking-code]").inner_text()
    assert code == Complaint.objects.get().code

    desk = Desk(page)
    desk.as_("umum")
    menu(page, "Pengaduan")
    page.click(f"text={code}")
    page.select_option(
        "[data-testid=assign-form] select[name=unit]", label="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    )
    page.click("[data-testid=assign]")
    page.wait_for_selector("text=Pengaduan diteruskan ke unit.")
    complaint_url = page.url
    desk.as_("kabid")
    page.goto(complaint_url)
    page.fill("[data-testid=answer-form] textarea[name=answer]", "Hasil seleksi administrasi diumumkan 25 November.")
    page.click("[data-testid=answer]")
    page.wait_for_selector("text=Jawaban disimpan dan dapat dilihat pengadu.")
    desk.as_("umum")
    page.goto(complaint_url)
    page.click("[data-testid=close]")
    page.wait_for_selector("text=Pengaduan selesai.")
    log_out(page)

    page.goto(f"{live_server.url}/pengaduan/lacak/")
    page.fill("[data-testid=track-code]", code.lower())
    page.click("[data-testid=track]")
    assert page.locator("[data-testid=track-status]").inner_text() == "Selesai"
    assert "25 November" in page.locator("[data-testid=track-answer]").inner_text()
    assert "rina@example.org" not in page.content()
