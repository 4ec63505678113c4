"""A program's life under the one-door policy, with hand-computed figures and every refusal."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from bangkom.core.errors import ServiceError
from bangkom.documents.kinds import ROMAN_MONTHS, indonesian_date
from bangkom.documents.models import NumberSequence
from bangkom.documents.tests import pdf
from bangkom.people.models import TrainingRecord
from bangkom.planning.selectors import jp_totals
from bangkom.selection.models import SessionDecision
from bangkom.selection.services import candidate_add, member_add, round_open, session_record, team_create
from bangkom.training import selectors, services
from bangkom.training.letters import certificates_pdf
from bangkom.training.models import Certificate, Organiser, ProgramStatus, Supervision
from conftest import SAMPLE_PDF, assert_services_refuse_without, make_employee

from . import flow
from .flow import cost_standard, proposal, recommended

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def program(users, tree):
    cost_standard(2027)
    return proposal(users["operator"], tree.disdik, dt.date(2027, 12, 1))


def test_a_proposal_less_than_a_year_ahead_is_refused_until_an_administrator_accepts_it(users, tree) -> None:
    on_time = proposal(users["operator"], tree.disdik, dt.date(2027, 11, 24))  # deadline is today itself
    services.program_submit(actor=users["operator"], program=on_time, today=TODAY)
    late = proposal(users["operator"], tree.disdik, dt.date(2027, 11, 23))
    with pytest.raises(ServiceError, match="paling lambat 23-11-2026") as refusal:
        services.program_submit(actor=users["operator"], program=late, today=TODAY)
    assert "Pergub DKI Jakarta 110/2017" in str(refusal.value)
    with pytest.raises(ServiceError, match="alasan"):
        services.program_allow_late(actor=users["admin"], program=late, reason="  ")
    services.program_allow_late(actor=users["admin"], program=late, reason="Instruksi kepala daerah")
    services.program_submit(actor=users["operator"], program=late, today=TODAY)
    late.refresh_from_db()
    assert late.status == ProgramStatus.SUBMITTED
    assert "Instruksi kepala daerah" in late.status_changes.get(to_status="disusun", from_status="disusun").note


def test_a_proposal_without_budget_instructors_or_organisers_is_not_sent(users, tree, program) -> None:
    program.budget_lines.all().delete()
    program.organisers.all().delete()
    with pytest.raises(ServiceError, match="rincian anggaran, tenaga penyelenggara"):
        services.program_submit(actor=users["operator"], program=program, today=TODAY)


def test_what_the_proposal_shows_for_each_criterion(users, program) -> None:
    check = selectors.budget_check(program)
    # 10 JP × Rp300.000 + 3 peserta × 2 hari × Rp250.000 = Rp4.500.000; Rp1.500.000 per peserta; the limit is
    # the lower of Rp2.000.000 per person and 20 JP × Rp100.000.
    assert (check.total, check.per_person, check.limit, check.within) == (
        Decimal(4_500_000),
        Decimal(1_500_000),
        Decimal(2_000_000),
        True,
    )
    suggestions = selectors.criterion_suggestions(program)
    assert all(s.met for s in suggestions.values()), suggestions
    Organiser.objects.create(program=program, name="Sari", role="Sekretariat", toc_certificate="TOC-9")
    program.materials.filter(kind="modul").delete()
    suggestions = selectors.criterion_suggestions(program)
    assert not suggestions["f"].met and "Sari" in suggestions["f"].reason
    assert not suggestions["g"].met and "Modul" in suggestions["g"].reason


@pytest.mark.parametrize(("per_jp", "within"), [(75_000, True), (74_999, False)])
def test_budget_at_the_cost_standard_boundary(users, tree, per_jp, within) -> None:
    cost_standard(2028, per_jp=per_jp)  # 20 JP × per_jp against Rp1.500.000 per participant
    program = proposal(users["operator"], tree.disdik, dt.date(2028, 3, 1))
    assert selectors.budget_check(program).within is within
    assert selectors.criterion_suggestions(program)["b"].met is within


def test_no_cost_standard_means_criterion_b_is_not_shown_as_met(users, tree) -> None:
    program = proposal(users["operator"], tree.disdik, dt.date(2029, 3, 1))
    assert selectors.budget_check(program).limit is None
    assert not selectors.criterion_suggestions(program)["b"].met


def test_recommendation_needs_the_review_and_the_discussion(users, program) -> None:
    services.program_submit(actor=users["operator"], program=program, today=TODAY)
    with pytest.raises(ServiceError, match="belum ditelaah: a, b, c, d, e, f, g"):
        services.program_recommend(actor=users["admin"], program=program, outcome="direkomendasikan")
    findings = dict.fromkeys("abcdefg", (True, ""))
    with pytest.raises(ServiceError, match=r"\(f\) tidak terpenuhi: tuliskan"):
        services.criteria_review(actor=users["admin"], program=program, findings={**findings, "f": (False, "")})
    services.criteria_review(
        actor=users["admin"], program=program, findings={**findings, "f": (False, "Sekretariat belum ber-MOT")}
    )
    with pytest.raises(ServiceError, match="pembahasan"):
        services.program_recommend(actor=users["admin"], program=program, outcome="direkomendasikan")
    services.discussion_record(
        actor=users["admin"], program=program, held_on=TODAY, attendees="BKPSDM, Disdik", notes="Perlu MOT."
    )
    with pytest.raises(ServiceError, match=r"Kriteria \(f\) tidak terpenuhi"):
        services.program_recommend(actor=users["admin"], program=program, outcome="direkomendasikan")
    with pytest.raises(ServiceError, match="syarat"):
        services.program_recommend(actor=users["admin"], program=program, outcome="bersyarat")
    letter = services.program_recommend(
        actor=users["admin"], program=program, outcome="bersyarat", conditions="Sekretariat mengikuti MOT."
    )
    program.refresh_from_db()
    assert program.status == ProgramStatus.CONDITIONAL and program.conditions == "Sekretariat mengikuti MOT."
    assert letter.kind == "rekomendasi_program_pelatihan"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(letter.pdf))).pages)
    assert "DIREKOMENDASIKAN DENGAN SYARAT" in text and "Sekretariat belum ber-MOT" in text


def test_a_discussion_entered_wrongly_is_corrected_or_cancelled_with_its_reason(users, program) -> None:
    services.program_submit(actor=users["operator"], program=program, today=TODAY)
    services.criteria_review(actor=users["admin"], program=program, findings=dict.fromkeys("abcdefg", (True, "")))
    discussion = services.discussion_record(
        actor=users["admin"], program=program, held_on=TODAY, attendees="BKPSDM", notes="Disetujui."
    )
    with pytest.raises(ServiceError, match="Tuliskan alasan"):
        services.discussion_correct(
            actor=users["admin"], discussion=discussion, held_on=TODAY, attendees="BKPSDM", notes="x", reason=""
        )
    with pytest.raises(ValidationError, match="belum terjadi"):
        services.discussion_correct(
            actor=users["admin"],
            discussion=discussion,
            held_on=dt.date(2030, 1, 2),
            attendees="BKPSDM",
            notes="x",
            reason="Tanggal",
        )
    services.discussion_correct(
        actor=users["admin"],
        discussion=discussion,
        held_on=TODAY,
        attendees="BKPSDM, Disdik",
        notes="Disetujui dengan catatan.",
        reason="Peserta rapat terlewat",
    )
    assert [(h.attendees, h.history_change_reason) for h in discussion.history.order_by("history_id")] == [
        ("BKPSDM", None),
        ("BKPSDM, Disdik", "Peserta rapat terlewat"),
    ]
    services.discussion_cancel(actor=users["admin"], discussion=discussion, reason="Rapat untuk program lain")
    discussion.refresh_from_db()
    assert discussion.cancelled and discussion.cancel_reason == "Rapat untuk program lain"
    with pytest.raises(ServiceError, match="Catat dahulu pembahasan"):  # a cancelled discussion was not held
        services.program_recommend(actor=users["admin"], program=program, outcome="direkomendasikan")


def test_rejection_needs_a_reason_and_ends_the_proposal(users, program) -> None:
    services.program_submit(actor=users["operator"], program=program, today=TODAY)
    services.criteria_review(actor=users["admin"], program=program, findings=dict.fromkeys("abcdefg", (True, "")))
    services.discussion_record(actor=users["admin"], program=program, held_on=TODAY, attendees="-", notes="-")
    with pytest.raises(ServiceError, match="alasan"):
        services.program_recommend(actor=users["admin"], program=program, outcome="ditolak")
    services.program_recommend(actor=users["admin"], program=program, outcome="ditolak", note="Sudah ada diklat serupa")
    with pytest.raises(ServiceError, match="direkomendasikan"):
        services.decree_draft(actor=users["admin"], program=program)


def test_a_returned_proposal_is_fixed_and_sent_again(users, program) -> None:
    services.program_submit(actor=users["operator"], program=program, today=TODAY)
    with pytest.raises(ServiceError, match="tidak dapat diubah"):
        services.material_upload(
            actor=users["operator"], program=program, kind="modul", upload=SimpleUploadedFile("m.pdf", SAMPLE_PDF)
        )
    services.program_return(actor=users["admin"], program=program, note="Lengkapi kualifikasi pengajar")
    services.program_submit(actor=users["operator"], program=program, today=TODAY)
    assert [c.to_status for c in program.status_changes.all()] == ["disusun", "diajukan", "dikembalikan", "diajukan"]


def test_a_material_that_is_not_pdf_docx_or_pptx_is_refused(users, program) -> None:
    program.status = ProgramStatus.DRAFT
    with pytest.raises(Exception, match="bukan jenis yang diizinkan"):
        services.material_upload(
            actor=users["operator"], program=program, kind="modul", upload=SimpleUploadedFile("modul.pdf", b"MZ\x90")
        )
    assert program.materials.count() == 3


def test_execution_waits_for_the_signed_decree(users, program) -> None:
    recommended(program, users, today=TODAY)
    services.participants_add(actor=users["operator"], program=program, nips=[users["pegawai"].employee.nip])
    with pytest.raises(ServiceError, match="Keputusan Program belum ditandatangani"):
        services.program_start(actor=users["operator"], program=program, today=dt.date(2027, 12, 1))
    decree = services.decree_draft(actor=users["admin"], program=program)
    with pytest.raises(ServiceError, match="sudah disusun"):
        services.decree_draft(actor=users["admin"], program=program)
    with pytest.raises(ServiceError, match="Keputusan Program belum ditandatangani"):
        services.program_start(actor=users["operator"], program=program, today=dt.date(2027, 12, 1))
    flow.sign(decree, users["tspdi"], users["pimpinan"])
    with pytest.raises(ServiceError, match="mulai 01-12-2027"):
        services.program_start(actor=users["operator"], program=program, today=dt.date(2027, 11, 30))
    services.program_start(actor=users["operator"], program=program, today=dt.date(2027, 12, 1))
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING
    assert list(program.supervisions.values_list("year", "quarter", "due_on")) == [(2027, 4, dt.date(2027, 12, 31))]


def test_participants_are_checked_line_by_line_and_capped(users, people, tree, program) -> None:
    recommended(program, users, today=TODAY)
    with pytest.raises(ServiceError) as refusal:
        services.participants_add(
            actor=users["operator"],
            program=program,
            nips=[people.teacher.nip, "12345", people.nurse.nip, people.teacher.nip],
        )
    message = str(refusal.value)
    assert "baris 2, NIP '12345'" in message
    assert f"baris 3, NIP '{people.nurse.nip}': bukan pegawai Dinas Pendidikan" in message
    assert f"baris 4, NIP '{people.teacher.nip}': tertulis dua kali" in message
    assert program.participants.count() == 0  # nothing half-saved
    services.participants_add(actor=users["operator"], program=program, nips=[people.teacher.nip, people.head.nip])
    program.participant_count = 2
    program.save()
    with pytest.raises(ServiceError, match="direkomendasikan 2; sudah 2, ditambah 1"):
        selected = make_employee(tree.school, "198807072012121001", "Dedi Kurniawan")
        selection_round = _round_with_participant(users, people, selected)
        services.participants_from_round(actor=users["operator"], program=program, selection_round=selection_round)


def _round_with_participant(users, people, employee):
    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=TODAY, quota=2
    )
    candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=employee, reason="-")
    team = team_create(actor=users["admin"], name="T", period_start=TODAY, period_end=TODAY)
    chair = member_add(actor=users["admin"], team=team, employee=people.head, position="Sekda", role="ketua")
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=TODAY,
        agenda="-",
        attendees=[chair],
    )
    SessionDecision.objects.create(session=session, candidate=candidate, decision="ditetapkan_peserta")
    return selection_round


def test_participants_from_a_selection_round(users, people, program) -> None:
    recommended(program, users, today=TODAY)
    added = services.participants_from_round(
        actor=users["operator"], program=program, selection_round=_round_with_participant(users, people, people.teacher)
    )
    assert [p.employee for p in added] == [people.teacher] and added[0].source == "seleksi"


@pytest.fixture
def running(users, people, program):
    first = flow.running(program, users, [people.teacher.nip, people.head.nip], today=TODAY)
    return program, first


def test_attendance_results_and_closing_write_the_training_history(users, people, running, clock) -> None:
    program, first = running
    clock(dt.date(2027, 12, 2))
    teacher, head = (program.participants.get(employee=e) for e in (people.teacher, people.head))
    with pytest.raises(ServiceError, match="di luar jadwal"):
        services.session_add(actor=users["operator"], program=program, held_on=dt.date(2027, 12, 3), topic="C")
    services.attendance_record(actor=users["operator"], session=first, presence={teacher.pk: "hadir", head.pk: "sakit"})
    rows = {p.employee_id: (p.present, p.recorded) for p in selectors.participants_of(program)}
    assert rows == {people.teacher.pk: (1, 1), people.head.pk: (0, 1)}
    services.results_record(actor=users["operator"], program=program, results={teacher.pk: ("lulus", Decimal("88.5"))})
    with pytest.raises(ServiceError, match="berakhir pada 02-12-2027"):
        services.program_finish(actor=users["operator"], program=program, today=dt.date(2027, 12, 1))
    with pytest.raises(ServiceError, match="Hasil belum dicatat untuk: Budi Santoso"):
        services.program_finish(actor=users["operator"], program=program, today=dt.date(2027, 12, 2))
    services.results_record(actor=users["operator"], program=program, results={head.pk: ("tidak_lulus", None)})
    services.program_finish(actor=users["operator"], program=program, today=dt.date(2027, 12, 2))
    record = TrainingRecord.objects.get(employee=people.teacher)
    assert (record.name, record.jp_hours, record.start_date, record.end_date, record.organiser) == (
        "Bimtek Pengelolaan Arsip Dinamis",
        20,
        dt.date(2027, 12, 1),
        dt.date(2027, 12, 2),
        "Dinas Pendidikan",
    )
    assert not TrainingRecord.objects.filter(employee=people.head).exists()
    assert jp_totals(2027).get(people.teacher.pk) == 20  # counts towards the 20-JP norm of its year
    with pytest.raises(ServiceError, match="selama program berlangsung"):
        services.attendance_record(actor=users["operator"], session=first, presence={teacher.pk: "hadir"})


def test_missed_quarters_are_flagged(users, running) -> None:
    program, _first = running
    supervision = program.supervisions.get()
    assert list(selectors.supervisions_missed(dt.date(2027, 12, 31))) == []
    assert list(selectors.supervisions_missed(dt.date(2028, 1, 1))) == [supervision]
    with pytest.raises(ServiceError, match="temuan"):
        services.supervision_record(
            actor=users["admin"], supervision=supervision, carried_out_on=TODAY, findings=" ", follow_up=""
        )
    services.supervision_record(
        actor=users["admin"], supervision=supervision, carried_out_on=TODAY, findings="Sesuai", follow_up="-"
    )
    assert list(selectors.supervisions_missed(dt.date(2028, 1, 1))) == []
    # Recording it again is a correction: it needs a reason, and the history keeps both versions.
    with pytest.raises(ServiceError, match="alasan koreksinya"):
        services.supervision_record(
            actor=users["admin"], supervision=supervision, carried_out_on=TODAY, findings="Baik", follow_up="-"
        )
    services.supervision_record(
        actor=users["admin"],
        supervision=supervision,
        carried_out_on=TODAY,
        findings="Baik",
        follow_up="-",
        reason="Temuan salah salin",
    )
    # Recorded for the wrong quarter: taken back, the quarter is missed again, the history tells why.
    services.supervision_clear(actor=users["admin"], supervision=supervision, reason="Triwulan keliru")
    assert list(selectors.supervisions_missed(dt.date(2028, 1, 1))) == [supervision]
    assert [(h.findings, h.history_change_reason) for h in supervision.history.order_by("history_id")] == [
        ("", None),
        ("Sesuai", None),
        ("Baik", "Temuan salah salin"),
        ("", "Triwulan keliru"),
    ]
    with pytest.raises(ServiceError, match="belum dicatat"):
        services.supervision_clear(actor=users["admin"], supervision=supervision, reason="lagi")


@pytest.fixture
def finished(users, people, running):
    program, _first = running
    return flow.finished(program, users, {people.teacher.nip: Decimal(90), people.head.nip: Decimal("75.25")})


def test_the_unit_reports_and_bkpsdm_may_send_it_back(users, finished) -> None:
    report = services.report_submit(
        actor=users["operator"], program=finished, summary="Terlaksana", actual_cost=Decimal(4_200_000)
    )
    finished.refresh_from_db()
    assert report.actual_cost == 4_200_000 and finished.status == ProgramStatus.REPORTED
    services.report_return(actor=users["admin"], program=finished, note="Lampirkan daftar hadir")
    finished.refresh_from_db()
    assert finished.status == ProgramStatus.FINISHED
    services.report_submit(actor=users["operator"], program=finished, summary="Lengkap", actual_cost=Decimal(1))
    finished.refresh_from_db()
    assert finished.report.summary == "Lengkap" and finished.status == ProgramStatus.REPORTED


def test_certificates_are_numbered_per_kind_and_year(users, people, finished) -> None:
    year = timezone.localdate().year
    issued = services.certificates_issue(actor=users["pimpinan"], program=finished, kind="sttp")
    # In name order: Budi Santoso, then Siti Rahayu.
    assert [(c.participant.employee.name, c.number) for c in issued] == [
        ("Budi Santoso", f"1/STTP/BKPSDM/{year}"),
        ("Siti Rahayu", f"2/STTP/BKPSDM/{year}"),
    ]
    assert TrainingRecord.objects.get(employee=people.teacher).certificate_number == f"2/STTP/BKPSDM/{year}"
    with pytest.raises(ServiceError, match="sudah memiliki STTP"):
        services.certificates_issue(actor=users["pimpinan"], program=finished, kind="sttp")
    # The agency sets this year's transcript format and continues a paper register at 40.
    NumberSequence.objects.create(
        series="sertifikat_transkrip", year=year, last_number=40, number_format="TR.{nomor:03d}/{bulan}/{tahun}"
    )
    transcripts = services.certificates_issue(actor=users["pimpinan"], program=finished, kind="transkrip")
    month = ROMAN_MONTHS[timezone.localdate().month - 1]
    assert [c.number for c in transcripts] == [f"TR.041/{month}/{year}", f"TR.042/{month}/{year}"]
    assert len({c.code for c in [*issued, *transcripts]}) == 4


def test_a_sequence_set_back_is_refused_without_a_duplicate(users, finished) -> None:
    year = timezone.localdate().year
    services.certificates_issue(actor=users["pimpinan"], program=finished, kind="sttp")
    NumberSequence.objects.filter(series="sertifikat_sttp", year=year).update(last_number=0)
    finished.participants.update(result="lulus")
    Certificate.objects.filter(number=f"2/STTP/BKPSDM/{year}").delete()
    with pytest.raises(ServiceError, match=f"Nomor 1/STTP/BKPSDM/{year} sudah dipakai"):
        services.certificates_issue(actor=users["pimpinan"], program=finished, kind="sttp")
    assert Certificate.objects.count() == 1


def test_certificates_wait_for_the_closed_program_and_transcripts_for_scores(users, people, running, clock) -> None:
    program, _first = running
    clock(dt.date(2027, 12, 2))
    with pytest.raises(ServiceError, match="setelah program ditutup"):
        services.certificates_issue(actor=users["pimpinan"], program=program, kind="sttp")
    teacher, head = (program.participants.get(employee=e) for e in (people.teacher, people.head))
    services.results_record(
        actor=users["operator"], program=program, results={teacher.pk: ("lulus", None), head.pk: ("lulus", 80)}
    )
    services.program_finish(actor=users["operator"], program=program, today=dt.date(2027, 12, 2))
    with pytest.raises(ServiceError, match="Transkrip nilai memerlukan nilai"):
        services.certificates_issue(actor=users["pimpinan"], program=program, kind="transkrip")


def test_the_certificates_pdf_has_a_page_and_a_qr_code_per_certificate(users, finished, settings) -> None:
    settings.BANGKOM_PUBLIC_URL = "https://bangkom.sukamaju.go.id/"
    issued = services.certificates_issue(actor=users["pimpinan"], program=finished, kind="sttp")
    content = certificates_pdf(issued)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 4  # each certificate, then its curriculum on the second page
    first = reader.pages[0].extract_text()
    assert "SURAT TANDA TAMAT PELATIHAN" in first and issued[0].number in first and "Budi Santoso" in first
    assert f"https://bangkom.sukamaju.go.id/verifikasi/{issued[0].code}/" in first
    assert "Halaman" not in first and "KURIKULUM" not in first
    back = " ".join(reader.pages[1].extract_text().split())
    assert back.startswith("KURIKULUM") and f"Nomor sertifikat {issued[0].number}" in back
    # The program's two sessions (flow.running: topics A and B on its first and last day), in order.
    first_day, last_day = (indonesian_date(d) for d in (finished.start_date, finished.end_date))
    assert f"1 {first_day} A 2 {last_day} B" in back
    assert "SURAT TANDA TAMAT PELATIHAN" in reader.pages[2].extract_text()
    assert pdf.distinct_images(content) == 2  # one QR code per certificate


def test_a_revoked_certificate_says_so(users, finished) -> None:
    certificate = services.certificates_issue(actor=users["pimpinan"], program=finished, kind="piagam")[0]
    with pytest.raises(ServiceError, match="alasan"):
        services.certificate_revoke(actor=users["pimpinan"], certificate=certificate, reason="")
    services.certificate_revoke(actor=users["pimpinan"], certificate=certificate, reason="Salah nama")
    with pytest.raises(ServiceError, match="sudah dicabut"):
        services.certificate_revoke(actor=users["pimpinan"], certificate=certificate, reason="lagi")
    assert Supervision.objects.count() == 1


def test_the_program_decree_is_in_decree_form_with_its_lampiran(users, program) -> None:
    """The head of BKPSDM's decree: Menimbang (the flow's reason, the agency's items, "perlu
    menetapkan …"), Mengingat from the reference data (national law, not DKI's Pergub), MEMUTUSKAN,
    KESATU …, "Ditetapkan di … pada tanggal …", and the tables in a Lampiran headed by the decree."""
    from bangkom.documents.services import document_draft
    from bangkom.training.letters import DECREE, decree_context

    title, context = decree_context(program)
    marks = [(m["tanda"], m["teks"][:30]) for m in context["menimbang"]]
    assert marks[0] == ("a.", f"bahwa program {program.title}"[:30])
    assert context["menimbang"][-1]["teks"].startswith(
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud di atas, perlu menetapkan Keputusan Kepala Badan"
    )
    assert [m["tanda"] for m in context["mengingat"]] == ["1.", "2.", "3."]
    assert not any("DKI" in m["teks"] for m in context["mengingat"])
    document = document_draft(actor=users["admin"], kind=DECREE.code, subject=program, title=title, context=context)
    text = " ".join(pdf.text(bytes(document.pdf)).split())
    for expected in ("KEPUTUSAN KEPALA BADAN KEPEGAWAIAN", "TENTANG PROGRAM PENGEMBANGAN KOMPETENSI", "Menimbang : a.",
                     "Mengingat : 1.", "MEMUTUSKAN:", "KESATU :", "Ditetapkan di Sukamaju",
                     "LAMPIRAN KEPUTUSAN KEPALA BADAN", "A. Pengajar program"):  # fmt: skip
        assert expected in text, expected


SERVICE_PERMISSIONS = {
    selectors.PROPOSE: ("program_update", "detail_add", "detail_remove", "material_upload", "program_submit",
                        "participants_add", "participants_from_round", "participant_remove", "session_add",
                        "program_start", "attendance_record", "results_record", "program_finish", "report_submit"),
    selectors.REVIEW: ("program_allow_late", "criteria_review", "discussion_record", "program_return",
                       "program_recommend", "decree_draft", "supervision_record", "report_return", "discussion_correct",
                       "discussion_cancel", "supervision_clear"),
    selectors.ISSUE: ("certificates_issue", "certificate_revoke"),
}  # fmt: skip


@pytest.mark.parametrize("permission", list(SERVICE_PERMISSIONS))
def test_every_training_service_refuses_an_actor_without_its_permission(users, program, permission) -> None:
    """Called directly, as a command, a hook or an API would: the service itself refuses, before it
    reads anything else (so the other arguments do not matter) and changes nothing."""
    before = (program.status, program.updated_at)
    assert_services_refuse_without(permission, services, SERVICE_PERMISSIONS[permission], users, program)
    program.refresh_from_db()
    assert (program.status, program.updated_at) == before


def test_an_edit_that_is_no_status_move_leaves_its_audit_row(users, program) -> None:
    """Who changed what and when, kept beside the old values, also for plain edits (a command or a job
    names its actor through the service; a web request through the middleware)."""
    from bangkom.training.services import PROGRAM_FIELDS

    fields = {name: getattr(program, name) for name in PROGRAM_FIELDS}
    services.program_update(actor=users["operator"], program=program, **{**fields, "venue": "Aula Dinas Pendidikan"})
    latest, before = program.history.order_by("-history_id")[:2]
    assert (latest.venue, latest.history_user, latest.history_type) == ("Aula Dinas Pendidikan", users["operator"], "~")
    assert before.venue == "Aula BKPSDM"
