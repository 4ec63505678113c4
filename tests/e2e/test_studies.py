"""Issue #6's study assignments and overseas training in a real browser on the demo workforce.

Tugas belajar: BKPSDM announces one S2 place; the Disdik operator applies for two employees with
every required paper; after the closing date BKPSDM verifies the papers, screens, scores and ranks;
the decision letter is initialled and signed; the chosen employee is then on study assignment, which
their registry page shows.

Overseas: the operator requests an internship abroad with its papers; BKPSDM verifies and approves;
the approval letter is signed; after the return the report is filed and accepted, and the internship's
JP enter the employee's training history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bangkom.accounts.demo import demo_users_ensure
from bangkom.documents.demo import signing_posts_demo
from bangkom.people.demo import generate_workforce
from bangkom.people.models import TrainingRecord, Unit
from bangkom.people.services import employee_create
from bangkom.studies.models import OverseasRequest, StudyAnnouncement
from bangkom.studies.policy import overseas_policy, rules_of
from bangkom.studies.tests.flow import make_eligible
from tests.e2e.test_registry_flows import menu
from tests.e2e.test_round_end_to_end import demo_log_in, log_out
from tests.e2e.test_training_program import PDF, sign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def upload_papers(page, codes: list[str]) -> None:
    for code in codes:
        page.select_option("[data-testid=paper-form] select[name=kind]", code)
        page.set_input_files(
            "[data-testid=paper-form] input[name=upload]",
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": PDF},
        )
        page.click("[data-testid=upload-paper]")
        page.wait_for_selector("text=Berkas diunggah.")


def verify_papers(page, codes: list[str]) -> None:
    for code in codes:
        page.click(f"[data-testid=verify-{code}]")
        page.wait_for_selector("text=Hasil pemeriksaan berkas disimpan.")
    for code in codes:
        assert "Sah" in page.inner_text(f"[data-paper={code}]")


def test_study_assignment_selection_on_demo_workforce(page, live_server, reference) -> None:
    generate_workforce(size=400, today=TODAY)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    disdik = Unit.objects.get(code="DISDIK")
    closes_on = TODAY + dt.timedelta(days=10)
    applicants = [
        make_eligible(employee_create(
            actor=None, nip=nip, name=name, birth_date=dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])),
            gender=nip[14], unit=disdik,
        ), closes_on)
        for nip, name in (("199204122016031001", "Rizky Pratama"), ("199309202017032002", "Nadia Putri"))
    ]  # fmt: skip

    demo_log_in(page, "admin")
    menu(page, "Tugas belajar")
    page.click("[data-testid=new-announcement]")
    page.fill("#id_title", "Seleksi Tugas Belajar S2 Tahun Anggaran " + str(TODAY.year + 1))
    page.fill("#id_year", str(TODAY.year + 1))
    page.fill("#id_opens_on", TODAY.isoformat())
    page.fill("#id_closes_on", closes_on.isoformat())
    page.fill("#id_study_starts_on", (TODAY + dt.timedelta(days=200)).isoformat())
    page.fill("#id_description", "Beasiswa APBD untuk Magister Administrasi Publik.")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=announcement-status]")
    announcement_url = page.url
    page.select_option("[data-testid=quota-form] select[name=level]", "S2")
    page.fill("[data-testid=quota-form] input[name=quota]", "1")
    page.click("[data-testid=quota-form] button")
    page.wait_for_selector("text=Kuota disimpan.")
    page.click("[data-testid=open]")
    page.wait_for_selector("text=Pendaftaran dibuka.")
    log_out(page)

    announcement = StudyAnnouncement.objects.get()
    codes = [d.code for d in rules_of(announcement).documents]
    demo_log_in(page, "operator")
    application_urls = []
    for employee in applicants:
        page.goto(announcement_url)
        page.click("[data-testid=apply]")
        page.fill("#id_employee", employee.nip)
        page.select_option("#id_level", "S2")
        page.fill("#id_institution", "Universitas Gadjah Mada")
        page.fill("#id_study_program", "Magister Administrasi Publik")
        page.select_option("#id_accreditation", "Unggul")
        page.fill("#id_duration_months", "24")
        page.check("#id_no_discipline")
        page.click("button:has-text('Simpan')")
        page.wait_for_selector("[data-testid=application-status]")
        application_urls.append(page.url)
        page.click("[data-testid=submit]")
        page.wait_for_selector("text=Berkas belum diunggah")  # refused, naming the missing papers
        upload_papers(page, codes)
        page.click("[data-testid=submit]")
        page.wait_for_selector("text=Usulan diajukan ke BKPSDM.")
    log_out(page)

    # The closing date passes.
    StudyAnnouncement.objects.filter(pk=announcement.pk).update(
        opens_on=TODAY - dt.timedelta(days=30), closes_on=TODAY - dt.timedelta(days=1)
    )
    demo_log_in(page, "admin")
    page.goto(announcement_url)
    page.click("[data-testid=close]")
    page.wait_for_selector("text=Pendaftaran ditutup.")
    for url in application_urls:
        page.goto(url)
        verify_papers(page, codes)
    page.goto(announcement_url)
    page.click("[data-testid=screen]")
    page.wait_for_selector("text=Syarat seluruh usulan diperiksa.")
    for employee, (academic, interview) in zip(applicants, ((72, 80), (88, 84)), strict=True):
        row = page.locator(f"[data-testid=applications] tr[data-nip='{employee.nip}']")
        assert "Memenuhi syarat" in row.inner_text()
        row.locator("input[name$=academic]").fill(str(academic))
        row.locator("input[name$=interview]").fill(str(interview))
        row.locator("button").click()
        page.wait_for_selector(f"text=Nilai {employee.name} disimpan.")
    page.click("[data-testid=rank]")
    page.wait_for_selector("text=Hasil seleksi disusun.")
    nadia = page.inner_text(f"tr[data-nip='{applicants[1].nip}']")
    rizky = page.inner_text(f"tr[data-nip='{applicants[0].nip}']")
    assert "Terpilih" in nadia and "86,40" in nadia  # 88×0.6 + 84×0.4
    assert "Tidak terpilih" in rizky and "75,20" in rizky  # 72×0.6 + 80×0.4
    page.click("[data-testid=draft-decree]")
    page.wait_for_selector("[data-testid=document-number]")
    sign(page, page.url)

    demo_log_in(page, "admin")
    page.goto(announcement_url)
    page.click("[data-testid=decide]")
    page.wait_for_selector("text=Tugas belajar ditetapkan.")
    menu(page, "Tugas belajar")
    page.click(f"[data-testid=assignments] >> text={applicants[1].name}")
    assert "Terpilih tugas belajar, mulai" in page.inner_text("[data-testid=assignment-status]")  # not yet on leave
    form = page.locator("[data-testid=progress-form]")
    form.locator("input[name=semester]").fill("1")
    form.locator("input[name=gpa]").fill("3.85")
    form.locator("input[name=credits]").fill("18")
    form.locator("button").click()
    page.wait_for_selector("text=Laporan kemajuan studi dicatat.")
    page.goto(f"{live_server.url}/pegawai/{applicants[1].nip}/")
    # Chosen, on study leave only from the start date (200 days ahead): the registry says when it starts.
    upcoming = page.inner_text("[data-testid=study-upcoming]")
    assert "Universitas Gadjah Mada" in upcoming and "Terpilih tugas belajar, mulai" in upcoming
    assert page.locator("[data-testid=study-status]").count() == 0


def test_overseas_internship_on_demo_workforce(page, live_server, reference) -> None:
    generate_workforce(size=400, today=TODAY)
    demo_users_ensure()
    signing_posts_demo()  # as `make run` records them
    from bangkom.people.models import Employee

    employee = Employee.objects.filter(unit__code="DISDIK").order_by("nip").first()
    papers = [p.code for p in overseas_policy().required_papers]

    demo_log_in(page, "operator")
    menu(page, "Luar negeri")
    page.click("[data-testid=new-overseas]")
    page.fill("#id_employee", employee.nip)
    page.select_option("#id_kind", "magang")
    page.fill("#id_title", "Magang Pengelolaan Sekolah Inklusif")
    page.fill("#id_host", "Ministry of Education Singapore")
    page.fill("#id_country", "Singapura")
    page.fill("#id_city", "Singapura")
    page.fill("#id_starts_on", (TODAY + dt.timedelta(days=20)).isoformat())
    page.fill("#id_ends_on", (TODAY + dt.timedelta(days=34)).isoformat())
    page.select_option("#id_funding", "sponsor")
    page.fill("#id_sponsor", "Temasek Foundation")
    page.fill("#id_purpose", "Penerapan pendidikan inklusif di sekolah binaan Dinas Pendidikan.")
    page.fill("#id_jp", "80")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=overseas-status]")
    request_url = page.url
    upload_papers(page, papers)
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=Permohonan diajukan ke BKPSDM.")
    log_out(page)

    demo_log_in(page, "admin")
    page.goto(request_url)
    verify_papers(page, papers)
    page.select_option("[data-testid=decide-form] select[name=approve]", "1")
    page.fill("[data-testid=decide-form] input[name=note]", "Relevan dengan program sekolah inklusif")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=document-number]")
    sign(page, page.url)

    # The internship takes place.
    OverseasRequest.objects.update(starts_on=TODAY - dt.timedelta(days=15), ends_on=TODAY - dt.timedelta(days=1))
    demo_log_in(page, "operator")
    page.goto(request_url)
    assert "ditandatangani" in page.inner_text("[data-testid=approval-state]")
    upload_papers(page, ["laporan"])
    page.fill("[data-testid=report-form] textarea", "Observasi di tiga sekolah inklusif; rencana tindak lanjut.")
    page.click("[data-testid=report]")
    page.wait_for_selector("text=Laporan disampaikan ke BKPSDM.")
    log_out(page)

    demo_log_in(page, "admin")
    page.goto(request_url)
    page.click("[data-testid=report-decide]")
    page.wait_for_selector("[data-testid=recorded]")
    record = TrainingRecord.objects.get(employee=employee, name="Magang Pengelolaan Sekolah Inklusif")
    assert (record.jp_hours, record.kind_id) == (80, 10)
