"""The study and overseas pages: refusals on the forms, constant query counts, scope, the employee's
status on their registry page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.studies.models import OverseasRequest, StudyApplication, StudyAssignment
from bangkom.training.tests.test_views import client_for, queries
from conftest import operator_of, page_text, warm

from . import flow

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def test_an_application_for_another_units_employee_is_named_and_nothing_saved(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    response = client_for(users["operator"]).post(
        reverse("studies:application-create", args=[announcement.pk]),
        {"employee": people.nurse.nip, "level": "S2", "institution": "UI", "study_program": "MAP",
         "accreditation": "A", "duration_months": "100", "funding": "beasiswa", "sponsor": ""},
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200
    assert f"NIP {people.nurse.nip} tidak ditemukan di antara pegawai unit Anda." in text
    assert "Pastikan nilai ini lebih kecil dari atau sama dengan 72." in text
    assert StudyApplication.objects.count() == 0


def test_a_scholarship_without_its_giver_is_refused_on_the_field(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    response = client_for(users["operator"]).post(
        reverse("studies:application-create", args=[announcement.pk]),
        {"employee": people.teacher.nip, "level": "S2", "institution": "UI", "study_program": "MAP",
         "accreditation": "A", "duration_months": "24", "funding": "beasiswa", "sponsor": ""},
    )  # fmt: skip
    assert "Sebutkan pemberi beasiswa." in response.content.decode()
    assert StudyApplication.objects.count() == 0


def test_overseas_dates_in_the_wrong_order_are_refused(users, people) -> None:
    response = client_for(users["operator"]).post(
        reverse("studies:overseas-create"),
        {"employee": people.teacher.nip, "kind": "magang", "title": "Magang", "host": "X", "country": "Jepang",
         "city": "Osaka", "starts_on": "2027-05-10", "ends_on": "2027-05-01", "funding": "apbd", "sponsor": "",
         "purpose": "Belajar", "jp": "40"},
    )  # fmt: skip
    assert "Selesai/kembali (01-05-2027) tidak boleh sebelum berangkat/mulai (10-05-2027)." in response.content.decode()
    assert OverseasRequest.objects.count() == 0


def test_a_step_refused_by_the_service_is_a_message_not_an_error(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    response = client_for(users["admin"]).post(
        reverse("studies:announcement-step", args=[announcement.pk, "tutup"]), follow=True
    )
    assert "Pendaftaran masih dibuka sampai" in response.content.decode()


def test_list_pages_keep_their_query_count(users, people, tree) -> None:
    from conftest import make_employee

    client = client_for(users["admin"])
    announcement = flow.announcement(users["admin"], today=TODAY)
    item = flow.application(users["operator"], announcement, people.teacher, today=TODAY)
    flow.overseas(users["operator"], people.teacher, today=TODAY)
    StudyAssignment.objects.create(
        application=item,
        employee=people.teacher,
        level="S2",
        institution="UI",
        study_program="MAP",
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=700),
    )
    urls = (
        reverse("studies:list"),
        reverse("studies:overseas-list"),
        reverse("studies:announcement", args=[announcement.pk]),
    )
    warm(client, *urls)
    before = [queries(client, url) for url in urls]
    for n in range(5):
        person = make_employee(tree.school, f"199001012015011{n + 1:03d}", f"Pegawai {n}")
        extra = flow.application(users["operator"], announcement, person, today=TODAY)
        flow.overseas(users["operator"], person, today=TODAY)
        StudyAssignment.objects.create(
            application=extra,
            employee=person,
            level="S2",
            institution="UI",
            study_program="MAP",
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=700),
        )
    flow.announcement(users["admin"], today=TODAY)
    assert [queries(client, url) for url in urls] == before


def test_operator_sees_only_their_units_requests(users, people) -> None:
    flow.overseas(users["operator"], people.teacher, today=TODAY)
    flow.overseas(operator_of(people.nurse.unit), people.nurse, today=TODAY)
    text = client_for(users["operator"]).get(reverse("studies:overseas-list")).content.decode()
    assert people.teacher.name in text and people.nurse.name not in text
    text = client_for(users["pimpinan"]).get(reverse("studies:overseas-list")).content.decode()
    assert people.teacher.name in text and people.nurse.name in text


def test_the_registry_page_shows_the_study_assignment(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    item = flow.application(users["operator"], announcement, people.teacher, today=TODAY)
    url = reverse("people:detail", args=[people.teacher.nip])
    assert 'data-testid="study-status"' not in client_for(users["admin"]).get(url).content.decode()
    flow.assignment(item, starts_on=TODAY)
    text = page_text(client_for(users["admin"]).get(url))
    assert "Sedang tugas belajar" in text and "S2 Magister Administrasi Publik, Universitas Indonesia" in text


def test_papers_download_with_their_original_name(users, people) -> None:
    request = flow.overseas(users["operator"], people.teacher, today=TODAY)
    from bangkom.studies.services import papers_of

    paper = papers_of(request)["undangan"]
    response = client_for(users["operator"]).get(reverse("studies:paper", args=[paper.pk]))
    assert response.status_code == 200 and 'filename="undangan.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_dashboard_lists_what_is_overdue_to_those_who_act_on_it(users, people, tree) -> None:
    from bangkom.training.models import Supervision
    from bangkom.training.tests.flow import proposal

    request = flow.overseas(users["operator"], people.teacher, today=TODAY)
    flow.approved(users["operator"], users["admin"], users["tspdi"], users["pimpinan"], request, today=TODAY)
    OverseasRequest.objects.update(starts_on=TODAY - dt.timedelta(days=30), ends_on=TODAY - dt.timedelta(days=15))
    program = proposal(users["operator"], tree.disdik, dt.date(TODAY.year + 2, 3, 1))
    Supervision.objects.create(program=program, year=TODAY.year, quarter=1, due_on=TODAY - dt.timedelta(days=1))
    admin = client_for(users["admin"]).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="overseas-report-overdue"' in admin and 'data-testid="supervision-missed"' in admin
    operator = client_for(users["operator"]).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="overseas-report-overdue"' in operator and 'data-testid="supervision-missed"' not in operator
    employee = client_for(users["pegawai"]).get(reverse("core:dashboard")).content.decode()
    assert "overseas-report-overdue" not in employee


def test_a_semester_report_is_corrected_and_cancelled_from_the_assignment_page(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    item = flow.application(users["operator"], announcement, people.teacher, today=TODAY)
    assignment = flow.assignment(item, starts_on=TODAY - dt.timedelta(days=200))
    client = client_for(users["admin"])

    def step(name: str, data: dict[str, object]) -> str:
        url = reverse("studies:assignment-step", args=[assignment.pk, name])
        return page_text(client.post(url, data, follow=True))

    assert "Laporan kemajuan studi dicatat." in step("kemajuan", {"semester": 1, "gpa": "3.71", "credits": 18})
    first = assignment.progress.get(semester=1)
    correction = {"progress": first.pk, "gpa": "3.17", "credits": 18, "note": ""}
    assert "Laporan semester dikoreksi." not in step("kemajuan-koreksi", correction)  # no reason: refused
    first.refresh_from_db()
    assert first.gpa == Decimal("3.71")
    assert "Laporan semester dikoreksi." in step("kemajuan-koreksi", {**correction, "reason": "Salah ketik IPK"})
    first.refresh_from_db()
    assert first.gpa == Decimal("3.17")
    assert "Laporan semester dibatalkan." in step(
        "kemajuan-batal", {"progress": first.pk, "reason": "Bukan semester 1"}
    )
    assert "sudah dibatalkan" in step("kemajuan-koreksi", {**correction, "reason": "lagi"})
    # Another assignment's report, or a step the page does not have, is not found.
    url = reverse("studies:assignment-step", args=[assignment.pk, "kemajuan-batal"])
    assert client.post(url, {"progress": 999_999, "reason": "x"}).status_code == 404
    assert client.post(reverse("studies:assignment-step", args=[assignment.pk, "hapus"]), {}).status_code == 404


def test_the_unit_returns_or_declines_a_civil_servants_own_application_from_its_page(users, people) -> None:
    from bangkom.studies import services
    from bangkom.studies.models import ApplicationStatus
    from bangkom.studies.policy import study_papers

    announcement = flow.announcement(users["admin"], today=TODAY)
    mine = services.application_self_create(actor=users["pegawai"], announcement=announcement, **flow.SELF_APPLICATION)
    for kind in study_papers(announcement):
        services.paper_upload(actor=users["pegawai"], subject=mine, kind=kind.code, upload=flow.pdf(f"{kind.code}.pdf"))
    services.application_send(actor=users["pegawai"], application=mine)
    client = client_for(users["operator"])
    url = reverse("studies:application-unit-decide", args=[mine.pk])
    done = "Keputusan unit kerja disimpan dan pegawai diberi tahu."
    assert done not in page_text(client.post(url, {"decision": "kembalikan", "note": ""}, follow=True))
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.AWAITING_UNIT
    assert done in page_text(
        client.post(url, {"decision": "kembalikan", "note": "Ijazah belum dilegalisir"}, follow=True)
    )
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.RETURNED_BY_UNIT
    services.application_send(actor=users["pegawai"], application=mine)
    assert done in page_text(client.post(url, {"decision": "tolak", "note": "Formasi S2 sudah terisi"}, follow=True))
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.DECLINED_BY_UNIT
    # Decided already: the service's refusal is the page's message.
    again = page_text(client.post(url, {"decision": "tolak", "note": "lagi"}, follow=True))
    assert done not in again
