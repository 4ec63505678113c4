"""A civil servant applies for tugas belajar themselves, with their papers; the operator of their unit
endorses it to BKPSDM, returns it to them, or does not propose them. Before the unit endorses it,
BKPSDM does not see it; before the employee sends it, neither does the unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.notifications.models import Notification
from bangkom.selfservice import selectors as self_selectors
from bangkom.studies import selectors, services
from bangkom.studies.models import ApplicationStatus
from bangkom.studies.policy import study_papers
from bangkom.studies.tests import flow
from conftest import make_employee, operator_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FIELDS = flow.SELF_APPLICATION


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)


@pytest.fixture
def announcement(users):  # type: ignore[no-untyped-def]
    return flow.announcement(users["admin"], today=TODAY)


def _upload_all(actor, application) -> None:  # type: ignore[no-untyped-def]
    for kind in study_papers(application.announcement):
        services.paper_upload(actor=actor, subject=application, kind=kind.code, upload=flow.pdf(f"{kind.code}.pdf"))


def _texts(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_apply_send_return_resend_endorse_and_what_each_sees(users, people, announcement) -> None:
    pegawai, operator, admin = users["pegawai"], users["operator"], users["admin"]
    (offered,) = self_selectors.open_studies(pegawai, TODAY)
    assert offered.announcement == announcement and offered.levels == ["S2"] and offered.application is None

    mine = services.application_self_create(actor=pegawai, announcement=announcement, **FIELDS)
    assert (mine.status, mine.self_applied, mine.employee, mine.unit) == (
        ApplicationStatus.DRAFT,
        True,
        people.teacher,
        people.teacher.unit,
    )
    # Still hers alone: neither the unit nor BKPSDM sees a draft she has not sent.
    assert mine not in selectors.applications_visible(operator) and mine not in selectors.applications_visible(admin)
    with pytest.raises(ServiceError, match="masih disusun oleh pegawai"):
        services.application_submit(actor=operator, application=mine)
    with pytest.raises(ServiceError, match="Berkas belum diunggah: Surat usulan"):
        services.application_send(actor=pegawai, application=mine)

    _upload_all(pegawai, mine)
    services.application_send(actor=pegawai, application=mine)
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.AWAITING_UNIT
    assert any("menunggu persetujuan unit kerja" in t for t in _texts(operator))
    assert list(selectors.applications_waiting_for_unit(operator)) == [mine]
    count, items = selectors.studies_waiting_for(operator, TODAY, 10)  # on the operator's "Tugas saya"
    assert count == 1 and items[0].what == "Setujui pendaftaran tugas belajar pegawai"
    assert selectors.studies_waiting_for(admin, TODAY, 10) == (0, [])
    assert mine not in selectors.applications_visible(admin)  # BKPSDM only after the unit endorses it
    with pytest.raises(ServiceError, match="Usulan yang sudah diajukan tidak dapat diubah"):
        services.application_update(actor=pegawai, application=mine, **FIELDS)

    with pytest.raises(ServiceError, match="Tuliskan alasannya"):
        services.application_unit_return(actor=operator, application=mine, note="  ")
    services.application_unit_return(actor=operator, application=mine, note="Ijazah S1 belum dilegalisir")
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.RETURNED_BY_UNIT
    assert "Usulan tugas belajar Seleksi tugas belajar uji dikembalikan unit kerja: Ijazah S1 belum dilegalisir" in (
        _texts(pegawai)
    )
    assert mine not in selectors.applications_visible(operator)  # back with her until she sends it again
    count, items = self_selectors.requests_waiting_for(pegawai, TODAY, 10)
    assert count == 1 and items[0].what == "Lengkapi pendaftaran tugas belajar"
    services.application_update(actor=pegawai, application=mine, **{**FIELDS, "study_program": "Magister Akuntansi"})
    services.application_send(actor=pegawai, application=mine)

    services.application_submit(actor=operator, application=mine)
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.SUBMITTED and mine.submitted_at is not None
    assert mine in selectors.applications_visible(admin) and mine.study_program == "Magister Akuntansi"
    assert any("diajukan unit kerja ke BKPSDM" in t for t in _texts(pegawai))
    assert [c.to_status for c in mine.status_changes.all()] == [
        "disusun",
        "menunggu_unit",
        "kembali_pegawai",
        "menunggu_unit",
        "diajukan",
    ]
    assert [c.changed_by for c in mine.status_changes.all()] == [pegawai, pegawai, operator, pegawai, operator]

    # BKPSDM returns it: the unit and the employee both hear, and she may replace a paper.
    services.application_return(actor=admin, application=mine, note="Surat pernyataan belum bermeterai")
    assert any("dikembalikan BKPSDM: Surat pernyataan" in t for t in _texts(pegawai))
    assert any("Usulan tugas belajar Siti Rahayu dikembalikan BKPSDM" in t for t in _texts(operator))
    kind = study_papers(announcement)[0].code
    services.paper_upload(actor=pegawai, subject=mine, kind=kind, upload=flow.pdf("baru.pdf"))
    services.application_send(actor=pegawai, application=mine)
    services.application_submit(actor=operator, application=mine)
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.SUBMITTED


def test_the_unit_does_not_propose_and_that_is_final(users, people, announcement) -> None:
    pegawai, operator = users["pegawai"], users["operator"]
    mine = services.application_self_create(actor=pegawai, announcement=announcement, **FIELDS)
    _upload_all(pegawai, mine)
    services.application_send(actor=pegawai, application=mine)
    services.application_unit_decline(actor=operator, application=mine, note="Formasi S2 unit sudah terisi")
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.DECLINED_BY_UNIT
    assert any("tidak diusulkan unit kerja: Formasi S2 unit sudah terisi" in t for t in _texts(pegawai))
    with pytest.raises(ServiceError):
        services.application_send(actor=pegawai, application=mine)
    with pytest.raises(ServiceError, match="tidak sedang menunggu"):
        services.application_unit_return(actor=operator, application=mine, note="coba lagi")
    with pytest.raises(Exception, match="sudah diusulkan pada pengumuman yang sama"):
        services.application_self_create(actor=pegawai, announcement=announcement, **FIELDS)


def test_who_may_act_on_a_civil_servants_own_application(users, tree, people, announcement) -> None:
    pegawai, operator = users["pegawai"], users["operator"]
    mine = services.application_self_create(actor=pegawai, announcement=announcement, **FIELDS)
    colleague = users["nobody"]  # another civil servant of the same school
    colleague.employee = make_employee(tree.school, "199204142019032004", "Rina Wulandari")
    colleague.save()
    for attempt in (
        lambda: services.application_send(actor=colleague, application=mine),
        lambda: services.paper_upload(actor=colleague, subject=mine, kind="surat_usulan", upload=flow.pdf()),
        lambda: services.application_update(actor=colleague, application=mine, **FIELDS),
    ):
        with pytest.raises(ServiceError):
            attempt()
    _upload_all(pegawai, mine)
    services.application_send(actor=pegawai, application=mine)
    # An operator of another unit sees nothing of it and may not decide on it.
    elsewhere = operator_of(tree.dinkes)
    assert mine not in selectors.applications_visible(elsewhere)
    with pytest.raises(ServiceError):
        services.application_submit(actor=elsewhere, application=mine)
    with pytest.raises(ServiceError):
        services.application_unit_decline(actor=elsewhere, application=mine, note="bukan unit saya")
    # The applicant never endorses themselves, even when they hold the operator's role.
    pegawai.employee = None
    pegawai.save()
    operator.employee = people.teacher
    operator.save()
    with pytest.raises(ServiceError, match="diteruskan oleh operator unit kerja yang lain"):
        services.application_submit(actor=operator, application=mine)
    with pytest.raises(ServiceError, match="diputuskan oleh operator unit kerja yang lain"):
        services.application_unit_return(actor=operator, application=mine, note="sendiri")
    # Someone without an employee record cannot apply at all.
    with pytest.raises(ServiceError, match="terhubung dengan data kepegawaiannya"):
        services.application_self_create(actor=users["umum"], announcement=announcement, **FIELDS)


def test_every_role_but_the_unit_and_the_applicant_is_refused(users, people, announcement) -> None:
    """Editing and uploading papers belong to the operator in scope and to the applicant: every other
    role is refused, and nothing is written."""
    from bangkom.studies.models import PROPOSE, Paper

    mine = services.application_self_create(actor=users["pegawai"], announcement=announcement, **FIELDS)
    _upload_all(users["pegawai"], mine)
    services.application_send(actor=users["pegawai"], application=mine)
    others = [user for role, user in users.items() if role != "pegawai" and not user.has_perm(PROPOSE)]
    assert len(others) >= 5
    for user in others:
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.application_update(actor=user, application=mine, **{**FIELDS, "institution": "Lain"})
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.paper_upload(actor=user, subject=mine, kind="ijazah", upload=flow.pdf("lain.pdf"))
        with pytest.raises(ServiceError):
            services.application_send(actor=user, application=mine)
    mine.refresh_from_db()
    assert mine.institution == FIELDS["institution"] and mine.status == ApplicationStatus.AWAITING_UNIT
    assert not Paper.objects.filter(original_name="lain.pdf").exists()


def test_registration_window_holds_for_the_civil_servant_too(users, announcement) -> None:
    after = announcement.closes_on + dt.timedelta(days=1)
    with pytest.raises(ServiceError, match="Pendaftaran Seleksi tugas belajar uji dibuka"):
        services.application_self_create(actor=users["pegawai"], announcement=announcement, today=after, **FIELDS)
    with pytest.raises(ServiceError, match="Jenjang S3 tidak dibuka"):
        services.application_self_create(actor=users["pegawai"], announcement=announcement, **{**FIELDS, "level": "S3"})
    assert self_selectors.open_studies(users["pegawai"], after) == []


def test_the_pages_from_the_phone_form_to_the_operators_endorsement(users, people, announcement) -> None:
    pegawai, operator = Client(), Client()
    pegawai.force_login(users["pegawai"])
    operator.force_login(users["operator"])
    programs = pegawai.get(reverse("selfservice:programs"))
    assert reverse("selfservice:study-apply", args=[announcement.pk]) in programs.content.decode()

    apply_url = reverse("selfservice:study-apply", args=[announcement.pk])
    refused = pegawai.post(apply_url, {**FIELDS, "duration_months": 99, "no_discipline": "on"})
    assert (
        refused.status_code == 200
        and "Pastikan nilai ini lebih kecil dari atau sama dengan 72" in refused.content.decode()
    )
    made = pegawai.post(apply_url, {**FIELDS, "no_discipline": "on"})
    application = users["pegawai"].employee.study_applications.get()
    page_url = reverse("selfservice:study-application", args=[application.pk])
    assert made.url == page_url
    for kind in study_papers(announcement):
        pegawai.post(
            reverse("selfservice:study-paper-upload", args=[application.pk]),
            {"kind": kind.code, "upload": flow.pdf(f"{kind.code}.pdf")},
        )
    bad = pegawai.post(
        reverse("selfservice:study-paper-upload", args=[application.pk]),
        {"kind": "surat_usulan", "upload": flow.SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert bad.status_code == 302
    page = pegawai.get(page_url).content.decode()
    assert page.count("text-bg-secondary") >= len(study_papers(announcement))  # every paper uploaded, unchecked
    paper = next(iter(services.papers_of(application).values()))
    assert pegawai.get(reverse("selfservice:study-paper", args=[paper.pk])).status_code == 200
    pegawai.post(reverse("selfservice:study-application-send", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_UNIT

    queue = operator.get(reverse("selfservice:queue")).content.decode()
    assert reverse("studies:application", args=[application.pk]) in queue
    detail = operator.get(reverse("studies:application", args=[application.pk])).content.decode()
    assert 'data-testid="endorse"' in detail and 'data-testid="unit-decision"' in detail
    empty = operator.post(reverse("studies:application-unit-decide", args=[application.pk]), {"decision": "tolak"})
    assert empty.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_UNIT  # no reason, nothing decided
    operator.post(reverse("studies:application-submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    home = pegawai.get(reverse("selfservice:home")).content.decode()
    assert page_url in home and "Diajukan ke BKPSDM" in home


def test_the_operators_queue_costs_the_same_queries_with_few_or_many_waiting(
    users, tree, announcement, django_assert_num_queries
) -> None:
    """Learning reports and own study applications of 3 civil servants, then of 63: the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.selfservice.models import LearningReport
    from bangkom.studies.models import StudyApplication

    def add(first: int, count: int) -> None:
        employees = [
            make_employee(tree.school, f"198503152010012{n:03d}", f"Guru {n}") for n in range(first, first + count)
        ]
        LearningReport.objects.bulk_create([
            LearningReport(
                employee=e, kind_id=9, name=f"Webinar {e.nip}", organiser="Kominfo", start_date=TODAY,
                end_date=TODAY, jp_claimed=3, file=f"laporan/{e.nip}.pdf", submitted_at=timezone.now(),
                original_name="s.pdf", extension="pdf", content_type="application/pdf", size=10, checksum=e.nip,
            )
            for e in employees
        ])  # fmt: skip
        StudyApplication.objects.bulk_create([
            StudyApplication(
                announcement=announcement, employee=e, unit=e.unit, proposed_by=users["pegawai"], self_applied=True,
                status=ApplicationStatus.AWAITING_UNIT, **FIELDS,
            )
            for e in employees
        ])  # fmt: skip

    client = Client()
    client.force_login(users["operator"])
    url = reverse("selfservice:queue")
    add(100, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(200, 60)
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.count("Webinar 198503152010012") == 50 and page.count("Magister Manajemen") == 50  # one page each


def test_the_home_asks_for_the_study_results_of_each_ended_semester(users, people, announcement) -> None:
    """Started 13 months ago with semester 1 reported: semester 2 ended a month ago and is owed;
    semester 3 has not ended. A cancelled report does not count."""
    from decimal import Decimal

    from bangkom.rules.dates import add_months

    application = flow.application(users["operator"], announcement, people.teacher, today=TODAY)
    start = add_months(TODAY, -13)
    assignment = flow.assignment(application, starts_on=start, institution="UGM", study_program="MAP")
    first = services.progress_record(
        actor=users["admin"], assignment=assignment, semester=1, gpa=Decimal("3.5"), credits=18
    )
    (due,) = self_selectors.study_reports_due(people.teacher, TODAY)
    assert (due.semester, due.since) == (2, add_months(start, 12))
    # Semester 1 is reported: nothing is owed on the last day of semester 2.
    assert self_selectors.study_reports_due(people.teacher, add_months(start, 12) - dt.timedelta(days=1)) == []
    services.progress_cancel(actor=users["admin"], progress=first, reason="KHS salah unggah")
    (owed,) = self_selectors.study_reports_due(people.teacher, TODAY)
    assert owed.semester == 1
    client = Client()
    client.force_login(users["pegawai"])
    page = client.get(reverse("selfservice:home")).content.decode()
    assert "Kartu hasil studi semester 1 (MAP, UGM)" in page
