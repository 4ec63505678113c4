"""Tugas belajar from announcement to the employee's return, with every refusal on the way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.people.models import EducationHistory
from bangkom.rules.dates import add_months
from bangkom.studies import services
from bangkom.studies.models import (
    MANAGE,
    PROPOSE,
    AnnouncementStatus,
    ApplicationStatus,
    AssignmentStatus,
    Eligibility,
    PaperStatus,
)
from bangkom.studies.selectors import StudyStanding, assignments_overdue, study_standing
from bangkom.studies.tests import flow
from conftest import assert_services_refuse_without, make_employee, operator_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=400)  # so that the study has begun by today


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


@pytest.fixture
def young(tree):
    return make_employee(tree.school, "198807072012011002", "Candra Wijaya")


@pytest.fixture
def selection(users, people, young):
    """An S2 selection with one place: the teacher (39 at closing), Candra (younger) and the head (54,
    over the S2 age limit of 40) apply, in that order."""
    announcement = flow.announcement(users["admin"], today=PAST)
    made = []
    for person in (people.teacher, young, people.head):
        flow.make_eligible(person, announcement.closes_on)
        item = flow.application(users["operator"], announcement, person, today=PAST)
        services.application_submit(actor=users["operator"], application=item, today=PAST)
        made.append(item)
    return announcement, *made


def test_whole_selection_to_return_to_work(users, people, young, selection) -> None:
    announcement, teacher, candra, head = selection
    selected = flow.ranked(users["admin"], announcement, {teacher.pk: (70, 90), candra.pk: (80, 75)})
    # 70×0.6 + 90×0.4 = 78.00 and 80×0.6 + 75×0.4 = 78.00: equal, so the academic test (weight 60) decides.
    for item in (teacher, candra, head):
        item.refresh_from_db()
    assert (teacher.final_score, candra.final_score) == (Decimal("78.00"), Decimal("78.00"))
    assert selected == {"S2": 1}
    assert (candra.status, candra.rank) == (ApplicationStatus.SELECTED, 1)
    assert (teacher.status, teacher.rank) == (ApplicationStatus.NOT_SELECTED, 2)
    assert teacher.placement_note == "Peringkat 2, di luar kuota 1 jenjang S2."
    assert (head.status, head.rank, head.placement_note) == (
        ApplicationStatus.NOT_SELECTED,
        None,
        "Tidak memenuhi syarat.",
    )
    assert candra.eligibility == Eligibility.ELIGIBLE and len(candra.findings) == 11

    decree = services.decree_draft(actor=users["admin"], announcement=announcement)
    assert decree.context["jumlah"] == 1 and decree.context["pegawai"][0]["nip"] == young.nip
    with pytest.raises(ServiceError, match="belum ditandatangani"):
        services.announcement_decide(actor=users["admin"], announcement=announcement)
    signed = flow.sign(decree, users["tspdi"], users["pimpinan"])
    assert signed.number.startswith("800/1/KEP-TB/") and signed.pdf.startswith(b"%PDF")
    with pytest.raises(ServiceError, match="tidak dapat dibuka kembali"):
        services.ranking_reopen(actor=users["admin"], announcement=announcement, note="keberatan")

    [assignment] = services.announcement_decide(actor=users["admin"], announcement=announcement)
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DECIDED
    assert (assignment.starts_on, assignment.ends_on) == (
        announcement.study_starts_on,
        add_months(announcement.study_starts_on, 24),
    )
    # On study leave only from its start date; before it, chosen and starting then.
    eve = assignment.starts_on - dt.timedelta(days=1)
    assert study_standing(young, on=eve) == StudyStanding(current=None, upcoming=assignment)
    assert study_standing(young, on=assignment.starts_on) == StudyStanding(current=assignment, upcoming=None)
    assert study_standing(people.teacher, on=assignment.starts_on) == StudyStanding(None, None)

    services.progress_record(actor=users["admin"], assignment=assignment, semester=1, gpa=Decimal("3.71"), credits=18)
    with pytest.raises(ValidationError, match="sudah dicatat"):
        services.progress_record(actor=users["admin"], assignment=assignment, semester=1, gpa=Decimal(3), credits=1)
    # A report entered wrongly is corrected with a reason (the history keeps the old figures) or cancelled.
    first = assignment.progress.get(semester=1)
    with pytest.raises(ServiceError, match="Tuliskan alasan"):
        services.progress_correct(
            actor=users["admin"], progress=first, gpa=Decimal("3.17"), credits=18, note="", reason=" "
        )
    services.progress_correct(
        actor=users["admin"], progress=first, gpa=Decimal("3.17"), credits=18, note="", reason="Salah ketik IPK"
    )
    first.refresh_from_db()
    assert [(h.gpa, h.history_change_reason) for h in first.history.order_by("history_id")] == [
        (Decimal("3.71"), None),
        (Decimal("3.17"), "Salah ketik IPK"),
    ]
    services.progress_cancel(actor=users["admin"], progress=first, reason="Bukan semester 1")
    with pytest.raises(ServiceError, match="sudah dibatalkan"):
        services.progress_correct(actor=users["admin"], progress=first, gpa=Decimal(3), credits=1, note="", reason="x")
    services.progress_record(actor=users["admin"], assignment=assignment, semester=1, gpa=Decimal("3.50"), credits=20)
    assert [(p.semester, p.gpa, p.cancelled) for p in assignment.progress.order_by("id")] == [
        (1, Decimal("3.17"), True),
        (1, Decimal("3.50"), False),
    ]
    # Extension: at most 12 months beyond the planned end.
    with pytest.raises(ServiceError, match="paling lama 12 bulan"):
        services.assignment_extend(actor=users["admin"], assignment=assignment, months=13, reason="tesis")
    services.assignment_extend(actor=users["admin"], assignment=assignment, months=12, reason="Penelitian tesis")
    assignment.refresh_from_db()
    assert assignment.ends_on == add_months(announcement.study_starts_on, 36)
    with pytest.raises(ServiceError, match="paling lama 12 bulan"):
        services.assignment_extend(actor=users["admin"], assignment=assignment, months=1, reason="lagi")

    with pytest.raises(ServiceError, match="Tanggal lulus"):
        services.assignment_complete(actor=users["admin"], assignment=assignment, graduated_on=TODAY + dt.timedelta(1))
    services.assignment_complete(actor=users["admin"], assignment=assignment, graduated_on=TODAY)
    young.refresh_from_db()
    assert young.education_level.code == "S2"
    degree = EducationHistory.objects.get(employee=young, level__code="S2")
    assert (degree.institution, degree.graduation_year) == ("Universitas Indonesia", TODAY.year)
    assert study_standing(young).current is None
    assert assignment.status_changes.last().to_status == AssignmentStatus.COMPLETED


def test_quota_of_two_takes_the_two_best_scores(users, people, tree, young) -> None:
    announcement = flow.announcement(users["admin"], today=PAST, quotas={"S2": 2, "S1": 1})
    other = make_employee(tree.school, "199001012014022001", "Dewi Kartika")
    scores = {}
    for person, score in ((people.teacher, 70), (other, 85), (young, 90)):
        flow.make_eligible(person, announcement.closes_on)
        item = flow.application(users["operator"], announcement, person, today=PAST)
        services.application_submit(actor=users["operator"], application=item, today=PAST)
        scores[item.pk] = (score, score)
    assert flow.ranked(users["admin"], announcement, scores) == {"S2": 2}
    result = dict(announcement.applications.values_list("employee__name", "rank"))
    assert result == {"Candra Wijaya": 1, "Dewi Kartika": 2, "Siti Rahayu": 3}
    assert announcement.applications.get(employee=people.teacher).status == ApplicationStatus.NOT_SELECTED


def test_a_rejected_paper_and_an_age_over_the_limit_are_not_met(users, people, selection) -> None:
    announcement, teacher, candra, head = selection
    flow.closed(users["admin"], announcement)
    for item in (teacher, candra, head):
        flow.verify_all(users["admin"], item)
    loa = services.papers_of(head)["surat_penerimaan"]
    with pytest.raises(ServiceError, match="alasan berkas ditolak"):
        services.paper_verify(actor=users["admin"], paper=loa, valid=False)
    services.paper_verify(actor=users["admin"], paper=loa, valid=False, note="LoA kedaluwarsa")
    services.applications_screen(actor=users["admin"], announcement=announcement)
    head.refresh_from_db()
    findings = {f["code"]: (f["status"], f["text"]) for f in head.findings}
    assert head.eligibility == Eligibility.NOT_ELIGIBLE
    assert findings["dokumen"] == (
        "tidak_memenuhi",
        "Berkas belum lengkap atau belum sah: Surat penerimaan (LoA) dari perguruan tinggi.",
    )
    # Born 1 January 1972: 54 at the closing date, over the S2 limit of 40.
    assert findings["usia"][0] == "tidak_memenuhi" and "melebihi batas 40 tahun untuk S2" in findings["usia"][1]
    # Not eligible needs no score: ranking goes ahead once the eligible one is scored.
    with pytest.raises(ServiceError, match="Nilai seleksi belum lengkap"):
        services.announcement_rank(actor=users["admin"], announcement=announcement)
    for item in (teacher, candra):
        services.scores_record(actor=users["admin"], application=item, academic=Decimal(60), interview=Decimal(60))
    services.announcement_rank(actor=users["admin"], announcement=announcement)
    head.refresh_from_db()
    assert (head.status, head.placement_note) == (ApplicationStatus.NOT_SELECTED, "Tidak memenuhi syarat.")


def test_missing_registry_data_blocks_the_ranking_and_names_the_employee(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=PAST)
    dinkes = operator_of(people.nurse.unit)
    item = flow.application(dinkes, announcement, people.nurse, today=PAST)
    services.application_submit(actor=dinkes, application=item, today=PAST)
    flow.closed(users["admin"], announcement)
    flow.verify_all(users["admin"], item)
    services.applications_screen(actor=users["admin"], announcement=announcement)
    item.refresh_from_db()
    assert item.eligibility == Eligibility.INCOMPLETE
    texts = [f["text"] for f in item.findings if f["status"] == "data_belum_lengkap"]
    assert "Data belum lengkap: TMT CPNS belum tercatat." in texts
    with pytest.raises(ServiceError, match=people.nurse.nip):
        services.announcement_rank(actor=users["admin"], announcement=announcement)


def test_registration_refusals(users, people, tree) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    with pytest.raises(ServiceError, match="Pendaftaran"):
        flow.application(
            users["operator"], announcement, people.teacher, today=announcement.closes_on + dt.timedelta(1)
        )
    with pytest.raises(ServiceError, match="Pendaftaran"):
        flow.application(users["operator"], announcement, people.teacher, today=announcement.opens_on - dt.timedelta(1))
    with pytest.raises(ServiceError, match="Jenjang S3 tidak dibuka"):
        flow.application(users["operator"], announcement, people.teacher, today=TODAY, level="S3")
    with pytest.raises(
        ServiceError,
        match=f"Di luar unit kerja Anda, tidak dapat diproses: Ani Lestari \\({people.nurse.nip}, Dinas Kesehatan\\)",
    ):
        flow.application(users["operator"], announcement, people.nurse, today=TODAY)
    item = flow.application(users["operator"], announcement, people.teacher, today=announcement.closes_on, papers=False)
    with pytest.raises(ServiceError, match="Berkas belum diunggah: Surat usulan Kepala SKPD/UKPD; Surat penerimaan"):
        services.application_submit(actor=users["operator"], application=item, today=TODAY)
    with pytest.raises(ValidationError, match="sudah diusulkan"):
        flow.application(users["operator"], announcement, people.teacher, today=TODAY)
    with pytest.raises(ServiceError, match="masih dibuka sampai"):
        services.announcement_close(actor=users["admin"], announcement=announcement, today=announcement.closes_on)
    with pytest.raises(ServiceError, match="sebelum pengumuman dibuka"):
        services.quota_set(actor=users["admin"], announcement=announcement, level="S1", quota=2)
    with pytest.raises(ServiceError, match="Keputusan disusun setelah"):
        services.decree_draft(actor=users["admin"], announcement=announcement)


def test_paper_upload_checks_content_and_a_new_upload_needs_verifying_again(users, people) -> None:
    announcement = flow.announcement(users["admin"], today=TODAY)
    item = flow.application(users["operator"], announcement, people.teacher, today=TODAY, papers=False)
    with pytest.raises(ValidationError, match=r"Isi berkas ijazah\.pdf bukan jenis yang diizinkan"):
        services.paper_upload(
            actor=users["operator"], subject=item, kind="ijazah", upload=SimpleUploadedFile("ijazah.pdf", b"bukan pdf")
        )
    with pytest.raises(ServiceError, match="tidak diminta"):
        services.paper_upload(actor=users["operator"], subject=item, kind="paspor", upload=flow.pdf())
    first = services.paper_upload(actor=users["operator"], subject=item, kind="ijazah", upload=flow.pdf())
    services.paper_verify(actor=users["admin"], paper=first, valid=True)
    second = services.paper_upload(actor=users["operator"], subject=item, kind="ijazah", upload=flow.pdf("baru.pdf"))
    assert list(services.papers_of(item)) == ["ijazah"]
    assert (second.status, second.original_name) == (PaperStatus.PENDING, "baru.pdf")


def test_a_returned_application_is_corrected_after_closing(users, people, selection) -> None:
    announcement, teacher, _candra, _head = selection
    flow.closed(users["admin"], announcement)
    with pytest.raises(ServiceError, match="Tuliskan"):
        services.application_return(actor=users["admin"], application=teacher, note=" ")
    services.application_return(actor=users["admin"], application=teacher, note="SKP 2024 belum ditandatangani")
    services.paper_upload(actor=users["operator"], subject=teacher, kind="skp", upload=flow.pdf("skp.pdf"))
    services.application_submit(actor=users["operator"], application=teacher)
    teacher.refresh_from_db()
    assert teacher.status == ApplicationStatus.SUBMITTED
    assert [c.to_status for c in teacher.status_changes.all()] == ["disusun", "diajukan", "dikembalikan", "diajukan"]


def test_ranking_reopened_puts_everyone_back_to_scoring(users, selection) -> None:
    announcement, teacher, candra, _head = selection
    flow.ranked(users["admin"], announcement, {teacher.pk: (80, 80), candra.pk: (90, 90)})
    with pytest.raises(ServiceError, match="alasan"):
        services.ranking_reopen(actor=users["admin"], announcement=announcement, note="")
    services.ranking_reopen(actor=users["admin"], announcement=announcement, note="Keberatan atas nilai wawancara")
    teacher.refresh_from_db()
    assert (teacher.status, teacher.rank, teacher.placement_note) == (ApplicationStatus.SUBMITTED, None, "")


def test_overdue_assignment_is_flagged_the_day_after_its_end(users, people, selection) -> None:
    announcement, teacher, candra, _head = selection
    flow.ranked(users["admin"], announcement, {teacher.pk: (80, 80), candra.pk: (70, 70)})
    flow.sign(services.decree_draft(actor=users["admin"], announcement=announcement), users["tspdi"], users["pimpinan"])
    [assignment] = services.announcement_decide(actor=users["admin"], announcement=announcement)
    assert list(assignments_overdue(users["admin"], assignment.ends_on)) == []
    assert list(assignments_overdue(users["admin"], assignment.ends_on + dt.timedelta(1))) == [assignment]
    assert list(assignments_overdue(users["operator"], assignment.ends_on + dt.timedelta(1))) == [assignment]
    services.assignment_stop(actor=users["admin"], assignment=assignment, reason="Mengundurkan diri")
    assert list(assignments_overdue(users["admin"], assignment.ends_on + dt.timedelta(1))) == []


STUDY_SERVICES = {
    MANAGE: ("announcement_create", "announcement_update", "quota_set", "quota_remove", "announcement_open",
             "announcement_close", "applications_screen", "announcement_rank", "ranking_reopen", "decree_draft",
             "announcement_decide", "application_return", "scores_record", "paper_verify", "progress_record",
             "progress_correct", "progress_cancel",
             "assignment_extend", "assignment_complete", "assignment_stop", "overseas_return", "overseas_decide",
             "overseas_report_decide"),
    # application_update and paper_upload are also the civil servant's own: see selfservice/tests/test_studies.py.
    PROPOSE: ("application_create", "application_submit", "application_unit_return", "application_unit_decline",
              "overseas_create", "overseas_update", "overseas_submit", "overseas_report"),
}  # fmt: skip


@pytest.mark.parametrize("permission", list(STUDY_SERVICES))
def test_every_study_service_refuses_an_actor_without_its_permission(users, people, permission) -> None:
    """Called directly: the service refuses before it reads its other arguments, and nothing is written."""
    from bangkom.studies.models import OverseasRequest, StudyAnnouncement, StudyApplication

    assert_services_refuse_without(permission, services, STUDY_SERVICES[permission], users)
    assert not (
        StudyAnnouncement.objects.exists() or StudyApplication.objects.exists() or OverseasRequest.objects.exists()
    )
