"""Dispatch (S6, Kota Bekasi's standard): opened from a closed round with the TSPDI's participants,
due 22 working days after the request, each step needing its data, graduation into the training
history, the SPT per participant and the report to LAN and BKN."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from bangkom.core.errors import ServiceError
from bangkom.core.models import CalendarDay
from bangkom.desk.models import Service, ServiceRequest
from bangkom.desk.selectors import request_clock
from bangkom.desk.services import request_reject
from bangkom.dispatch import selectors, services
from bangkom.dispatch.models import Dispatch, DispatchStatus
from bangkom.documents.kinds import DIVISION_HEAD, HEAD_OF_AGENCY, indonesian_date
from bangkom.documents.services import document_check, document_generate, document_sign
from bangkom.documents.tests import pdf
from bangkom.documents.tests.signers import hold
from bangkom.people.models import TrainingRecord
from bangkom.selection.models import RoundCandidate, SessionDecision
from bangkom.selection.services import candidate_add, member_add, round_move, session_record, team_create
from bangkom.selection.tests.test_rounds import open_round, workforce  # noqa: F401 - fixture
from conftest import at, make_employee, warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(users, workforce):  # noqa: F811 - the fixture imported above
    selection_round = open_round(users)
    team = team_create(
        actor=users["admin"], name="TSPDI", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    chair = member_add(
        actor=users["admin"], team=team, employee=workforce["head_trained"], position="Sekda", role="ketua"
    )
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=dt.date(2026, 11, 16),
        agenda="Penetapan",
        attendees=[chair],
    )
    for key in ("kabid_a", "kabid_b"):
        candidate = candidate_add(
            actor=users["admin"], selection_round=selection_round, employee=workforce[key], reason="uji"
        )
        RoundCandidate.objects.filter(pk=candidate.pk).update(category="A", final_score=80)
        SessionDecision.objects.create(session=session, candidate=candidate, decision="ditetapkan_peserta")
    for status in ("penjaringan", "seleksi_administrasi", "ditutup"):
        round_move(actor=users["admin"], selection_round=selection_round, to=status)
    return selection_round


def open_dispatch(
    users, selection_round, requested_on: dt.date = dt.date(2026, 11, 23), *, scheduled: bool = True
) -> Dispatch:
    """A dispatch with the institution's schedule (dates and JP) known, unless `scheduled` is False."""
    schedule = (
        {"start_date": dt.date(2027, 3, 1), "end_date": dt.date(2027, 6, 30), "jp_hours": 700} if scheduled else {}
    )
    return services.dispatch_open(
        actor=users["admin"],
        selection_round=selection_round,
        institution="PPSDM Regional Bukittinggi",
        accreditation="A",
        training_name="PKN Tingkat II Angkatan I",
        requested_on=requested_on,
        **schedule,
    )


def test_a_dispatch_needs_a_closed_round_with_participants(users, workforce) -> None:  # noqa: F811
    selection_round = open_round(users)
    with pytest.raises(ServiceError, match="setelah seleksi ditutup"):
        open_dispatch(users, selection_round)
    for status in ("penjaringan", "seleksi_administrasi", "ditutup"):
        round_move(actor=users["admin"], selection_round=selection_round, to=status)
    with pytest.raises(ServiceError, match="Belum ada calon yang ditetapkan"):
        open_dispatch(users, selection_round)


def test_due_date_is_22_working_days_after_the_request(users, closed_round) -> None:
    # Mon 23-11-2026: 4 + 5 + 5 + 5 working days to Fri 18-12, then 21, 22, 23 December.
    dispatch = open_dispatch(users, closed_round)
    request = dispatch.request
    assert (request.service.code, request.due_on, request.received_on) == (
        "pengiriman-diklatpim-ii",
        dt.date(2026, 12, 23),
        dt.date(2026, 11, 23),
    )
    assert dispatch.participants.count() == 2
    # The round is steps 1-2 of the standard; step 3 (the proposal letter) is waiting, a history row each.
    assert (request.step, request.status, request.subject) == (3, "diproses", dispatch)
    assert [c.step for c in request.status_changes.order_by("id")] == [None, 1, 2]
    clock = request_clock(request, dt.date(2026, 12, 16))
    assert (clock.used, clock.left, clock.state) == (17, 5, "berjalan")
    clock = request_clock(request, dt.date(2026, 12, 18))  # the standard warns 3 working days ahead
    assert (clock.used, clock.left, clock.state) == (19, 3, "mendekati")
    clock = request_clock(request, dt.date(2026, 12, 24))  # cuti bersama: still 22 used
    assert (clock.used, clock.left, clock.state, clock.late_by) == (22, 0, "terlambat", 0)


def test_due_date_across_christmas_new_year_and_isra_mikraj_with_an_agency_day_off(users, closed_round, clock) -> None:
    # Wed 16-12-2026: 17, 18, 21, 22, 23 (5); 24 cuti bersama, 25 Natal; 28-31 (9); 1 Jan; 4 (10);
    # 5 Isra Mikraj; 6-8 (13); 11-15 (18); 18-21 (22) -> Thu 21-01-2027.
    clock(dt.date(2026, 12, 16))
    CalendarDay.objects.create(date=dt.date(2026, 12, 31), kind="libur", name="Libur daerah", legal_source="SK")
    dispatch = open_dispatch(users, closed_round, requested_on=dt.date(2026, 12, 16))
    assert dispatch.request.due_on == dt.date(2027, 1, 22)  # the agency's extra day off moves it by one
    CalendarDay.objects.all().delete()
    assert request_clock(dispatch.request, dt.date(2027, 1, 21)).used == 22


def test_a_dispatch_needs_its_service_standard(users, closed_round) -> None:
    Service.objects.filter(code="pengiriman-diklatpim-ii").delete()
    with pytest.raises(ServiceError, match="pengiriman-diklatpim-ii belum dimuat"):
        open_dispatch(users, closed_round)
    assert not Dispatch.objects.exists()


def _signed(users, document):
    document_check(actor=users["tspdi"], document=document)
    return document_sign(actor=users["pimpinan"], document=document)


def test_each_step_needs_its_data_and_results_become_training_history(users, closed_round, clock) -> None:
    dispatch = open_dispatch(users, closed_round, scheduled=False)
    clock(dt.date(2026, 12, 1))  # the agreement is signed that day
    with pytest.raises(ServiceError, match="surat usulan peserta yang sudah ditandatangani, nomor dan tanggal"):
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.AGREED)
    services.dispatch_update(
        actor=users["admin"], dispatch=dispatch, agreement_number="PKS/1", agreement_date=dt.date(2026, 12, 1)
    )
    proposal = document_generate(actor=users["admin"], kind="usulan_pengiriman", subject=dispatch)
    with pytest.raises(ServiceError, match="surat usulan peserta yang sudah ditandatangani"):
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.AGREED)  # a draft only
    _signed(users, proposal)
    services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.AGREED)
    with pytest.raises(ServiceError, match="tanggal mulai"):
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.RUNNING)
    dispatch = services.dispatch_update(
        actor=users["admin"],
        dispatch=dispatch,
        start_date=dt.date(2027, 2, 1),
        end_date=dt.date(2027, 5, 28),
        jp_hours=385,
    )
    assert (
        ServiceRequest.objects.get(pk=dispatch.request_id).step == 6
    )  # the proposal delivered and the agreement made: steps 4-5
    # Not sent while any participant's SPT is missing or still a draft; the service clock runs on.
    first, second = selectors.participants(dispatch)
    with pytest.raises(ServiceError, match=f"SPT {first.candidate.employee.full_name} yang sudah ditandatangani"):
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.RUNNING)
    spts = services.assignments_draft(actor=users["admin"], dispatch=dispatch)
    _signed(users, spts[0])
    with pytest.raises(ServiceError, match="yang sudah ditandatangani") as refusal:
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.RUNNING)
    unsigned = {spt.subject_id for spt in spts[1:]}
    named = {p.pk for p in (first, second) if p.candidate.employee.full_name in str(refusal.value)}
    assert named == unsigned
    request = ServiceRequest.objects.get(pk=dispatch.request_id)
    assert (request.step, request.finished_on) == (6, None)
    _signed(users, spts[1])
    dispatch = services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.RUNNING)
    request = ServiceRequest.objects.get(pk=dispatch.request_id)
    # Sent with the SPT: the service is delivered and its clock stops; results and evaluation follow.
    assert (request.step, request.status, request.finished_on) == (8, "diproses", timezone.localdate())
    assert request_clock(request, dt.date(2027, 6, 1)).state == "selesai"
    client = Client()
    client.force_login(users["admin"])
    page = client.get(request.get_absolute_url()).content.decode()
    # The desk sees the dispatch behind it and the delivery, and can neither tick off nor reject it.
    assert dispatch.get_absolute_url() in page and 'data-testid="request-delivered"' in page
    assert 'data-testid="step-done"' not in page and "Tolak permohonan" not in page
    clock(dt.date(2027, 5, 28))  # the training ended: its results become history
    passed, failed = selectors.participants(dispatch)
    with pytest.raises(Exception, match="Nomor sertifikat wajib diisi"):
        services.result_record(actor=users["admin"], participant=passed, result="lulus")
    services.result_record(actor=users["admin"], participant=passed, result="lulus", certificate_number="STTP-1")
    with pytest.raises(ServiceError, match=f"hasil {failed.candidate.employee.full_name}"):
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.RESULTS)
    services.result_record(actor=users["admin"], participant=failed, result="tidak_lulus", note="Tidak hadir")
    services.monitoring_add(
        actor=users["admin"], dispatch=dispatch, noted_on=dt.date(2027, 3, 1), note="Peserta B sakit dua minggu"
    )
    services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.RESULTS)
    record = TrainingRecord.objects.get(employee=passed.candidate.employee, structural_level_id=4)
    assert (record.name, record.jp_hours, record.certificate_number, record.organiser) == (
        "PKN Tingkat II Angkatan I",
        385,
        "STTP-1",
        "PPSDM Regional Bukittinggi",
    )
    assert not TrainingRecord.objects.filter(employee=failed.candidate.employee, structural_level_id=4).exists()
    with pytest.raises(ServiceError, match="evaluasi pelaksanaan"):
        services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.EVALUATED)
    services.dispatch_update(
        actor=users["admin"], dispatch=dispatch, evaluation="Berjalan baik.", problems="Jadwal mundur satu minggu"
    )
    services.dispatch_move(actor=users["admin"], dispatch=dispatch, to=DispatchStatus.EVALUATED)
    request.refresh_from_db()
    assert (request.step, request.status, request.finished_on) == (
        10,
        "selesai",
        dt.date(2026, 12, 1),
    )  # delivered with the SPT
    assert [c.step for c in request.status_changes.order_by("id")] == [None, 1, 2, 3, 4, 5, 6, 7, 8, 9, None]
    with pytest.raises(ServiceError, match="sudah selesai"):
        services.dispatch_update(actor=users["admin"], dispatch=dispatch, evaluation="diubah")

    client = Client()
    client.force_login(users["tspdi"])
    response = client.get(reverse("dispatch:report", args=[dispatch.pk]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    people = [row for row in book["Peserta dan hasil"].values if row and row[0] in (1, 2)]
    assert {(r[1], r[8], r[9]) for r in people} == {
        (passed.candidate.employee.nip, "Lulus", "STTP-1"),
        (failed.candidate.employee.nip, "Tidak lulus", None),
    }
    problems = [row[1] for row in book["Masalah dan evaluasi"].values if row and row[0] != "Hal"]
    assert problems == ["Jadwal mundur satu minggu", "Peserta B sakit dua minggu", "Berjalan baik."]


def test_proposal_letter_and_one_spt_per_participant(users, closed_round) -> None:
    dispatch = open_dispatch(users, closed_round, scheduled=False)
    proposal = document_generate(actor=users["admin"], kind="usulan_pengiriman", subject=dispatch)
    text = PdfReader(io.BytesIO(bytes(proposal.pdf))).pages[0].extract_text()
    assert "kami usulkan 2 orang calon peserta PKN Tingkat II Angkatan I" in text.replace("\n", " ")
    client = Client()
    client.force_login(users["admin"])
    url = reverse("dispatch:documents", args=[dispatch.pk, "surat_perintah_tugas"])
    refused = client.post(url, follow=True).content.decode()  # no dates yet: "pada tanggal - s.d. -" is refused
    assert "lengkapi dahulu: tanggal mulai pelatihan, tanggal selesai pelatihan, jumlah JP" in refused
    assert selectors.assignment_documents(list(dispatch.participants.all())) == []
    services.dispatch_update(
        actor=users["admin"],
        dispatch=dispatch,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 6, 30),
        jp_hours=700,
    )
    client.post(url)
    client.post(url)  # a second click drafts nothing new
    spts = selectors.assignment_documents(list(dispatch.participants.all()))
    assert len(spts) == 2
    for spt in spts:
        body = PdfReader(io.BytesIO(bytes(spt.pdf))).pages[0].extract_text()
        assert "SURAT PERINTAH TUGAS" in body and spt.subject.candidate.employee.nip in body
        assert "1 Maret 2027 s.d. 30 Juni 2027 (700 JP)" in body.replace("\n", " ")


def test_the_signed_proposal_is_step_3_and_a_cancelled_dispatch_cancels_its_request(users, closed_round) -> None:
    dispatch = open_dispatch(users, closed_round)
    proposal = document_generate(actor=users["admin"], kind="usulan_pengiriman", subject=dispatch)
    document_check(actor=users["tspdi"], document=proposal)
    assert ServiceRequest.objects.get(pk=dispatch.request_id).step == 3  # initialled is not yet made
    document_sign(actor=users["pimpinan"], document=proposal)
    request = ServiceRequest.objects.get(pk=dispatch.request_id)
    assert request.step == 4
    assert request.status_changes.order_by("id").last().note == "Langkah 3 selesai: " + request.steps[2]["text"] + (
        ". Surat usulan ditandatangani"
    )
    with pytest.raises(ServiceError, match="berjalan dari kegiatannya sendiri"):
        request_reject(actor=users["admin"], request=request, reason="x")
    services.dispatch_move(
        actor=users["admin"], dispatch=dispatch, to=DispatchStatus.CANCELLED, note="Anggaran ditunda"
    )
    request.refresh_from_db()
    assert (request.status, request.step) == ("dibatalkan", 4)
    assert request.status_changes.order_by("id").last().note == "Anggaran ditunda"


def test_overdue_dispatch_is_flagged_on_the_dashboard(users, closed_round) -> None:
    with at(dt.date(2026, 9, 1)):
        open_dispatch(users, closed_round, requested_on=dt.date(2026, 9, 1))
    client = Client()
    client.force_login(users["pimpinan"])
    assert 'data-testid="overdue-dispatch"' in client.get(reverse("core:dashboard")).content.decode()


def test_dispatch_pages_keep_a_constant_number_of_queries(users, closed_round, workforce) -> None:  # noqa: F811
    dispatch = open_dispatch(users, closed_round)
    client = Client()
    client.force_login(users["admin"])
    urls = [reverse("dispatch:list"), reverse("dispatch:detail", args=[dispatch.pk]), reverse("documents:list")]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    client.post(reverse("dispatch:documents", args=[dispatch.pk, "surat_perintah_tugas"]))
    warm(client, *urls)
    before = counts()
    other = open_round(users)
    candidate = candidate_add(
        actor=users["admin"], selection_round=other, employee=workforce["head_untrained"], reason="uji"
    )
    RoundCandidate.objects.filter(pk=candidate.pk).update(category="A")
    team = closed_round.sessions.get().team
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=other,
        held_on=dt.date(2026, 11, 20),
        agenda="Penetapan",
        attendees=list(team.members.all()),
    )
    SessionDecision.objects.create(session=session, candidate=candidate, decision="ditetapkan_peserta")
    for status in ("penjaringan", "seleksi_administrasi", "ditutup"):
        round_move(actor=users["admin"], selection_round=other, to=status)
    second = open_dispatch(users, other)
    client.post(reverse("dispatch:documents", args=[second.pk, "surat_perintah_tugas"]))
    client.post(reverse("dispatch:documents", args=[dispatch.pk, "usulan_pengiriman"]))
    assert counts() == before


def test_assignment_letters_are_drafted_all_or_none(users, closed_round, monkeypatch) -> None:
    from bangkom.documents.models import Document

    dispatch = open_dispatch(users, closed_round)
    real, calls = services.document_generate, []

    def second_fails(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ServiceError("templat rusak")
        return real(**kwargs)

    monkeypatch.setattr(services, "document_generate", second_fails)
    with pytest.raises(ServiceError, match="templat rusak"):
        services.assignments_draft(actor=users["admin"], dispatch=dispatch)
    assert Document.objects.filter(kind="surat_perintah_tugas").count() == 0


def test_the_signed_proposal_can_be_sent_as_it_is(users, closed_round, tree) -> None:
    hold(users["kabid"], make_employee(tree.root, "198001012005011003", "Kabid Uji"), DIVISION_HEAD)
    head = make_employee(tree.root, "196804121994031007", "Drs. Kepala Badan", golongan_id=42)
    hold(users["pimpinan"], head, HEAD_OF_AGENCY)
    dispatch = open_dispatch(users, closed_round)
    proposal = document_generate(actor=users["admin"], kind="usulan_pengiriman", subject=dispatch)
    with pytest.raises(ServiceError, match="Paraf berikutnya oleh Kepala Bidang"):
        document_check(actor=users["tspdi"], document=proposal)  # initialled by the division's post
    document_check(actor=users["kabid"], document=proposal)
    signed = document_sign(actor=users["pimpinan"], document=proposal)
    text = " ".join(pdf.text(bytes(signed.pdf)).split())
    assert "Hal : Usulan peserta" in text and "Yth. Pimpinan" in text
    assert pdf.sendable_problems(
        bytes(signed.pdf), number=signed.number, day=indonesian_date(timezone.localdate()), name="Drs. Kepala Badan",
        nip=head.nip, rank="Pembina Tingkat I (IV/b)",
    ) == []  # fmt: skip


def test_every_dispatch_service_refuses_an_actor_who_may_not_manage_dispatches(users, closed_round) -> None:
    dispatch = open_dispatch(users, closed_round)
    participant = dispatch.participants.first()
    calls = {
        "dispatch_open": lambda actor: services.dispatch_open(
            actor=actor,
            selection_round=closed_round,
            institution="X",
            accreditation="A",
            training_name="X",
            requested_on=dt.date(2026, 11, 23),
        ),
        "dispatch_update": lambda actor: services.dispatch_update(actor=actor, dispatch=dispatch, problems="x"),
        "dispatch_move": lambda actor: services.dispatch_move(actor=actor, dispatch=dispatch, to="dibatalkan"),
        "result_record": lambda actor: services.result_record(actor=actor, participant=participant, result="lulus"),
        "monitoring_add": lambda actor: services.monitoring_add(
            actor=actor, dispatch=dispatch, noted_on=dt.date(2026, 11, 23), note="x"
        ),
        "assignments_draft": lambda actor: services.assignments_draft(actor=actor, dispatch=dispatch),
    }
    others = [role for role, user in users.items() if not user.has_perm(services.MANAGE)]
    assert "nobody" in others and "admin" not in others
    for role in others:
        for name, call in calls.items():
            with pytest.raises(ServiceError, match="tidak berwenang"):
                call(users[role])
                pytest.fail(f"{name} ran for {role}")
    dispatch.refresh_from_db()
    assert dispatch.status != "dibatalkan" and Dispatch.objects.count() == 1 and not dispatch.monitoring.exists()
