"""The JPT Pratama job-target assessment (A1-A5): the 16 steps advance only when their work is done."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.desk import services
from bangkom.desk.models import AssessmentStatus, PaperStatus, RequestStatus
from bangkom.desk.policy import DATA, PolicyError, parse_assessment_policy
from bangkom.documents.kinds import DIVISION_HEAD, HEAD_OF_AGENCY, REGIONAL_SECRETARY, indonesian_date
from bangkom.documents.models import DocumentStatus
from bangkom.documents.selectors import initials
from bangkom.documents.services import document_check, document_redraft, document_return, document_sign
from bangkom.documents.tests import pdf
from bangkom.documents.tests.signers import hold, leader
from bangkom.people.models import EmployeeDocument, Golongan
from bangkom.rules.dates import add_months
from bangkom.workflow.models import Disposition, DispositionStatus
from bangkom.workflow.services import disposition_forward, disposition_send
from conftest import make_employee

from . import flow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]  # the catalogue


def test_the_sixteen_steps_from_order_to_results(users, people) -> None:
    admin, kabid, umum, head = users["admin"], users["kabid"], users["umum"], users["pimpinan"]
    assessment = flow.open_assessment(admin)
    assert flow.step_of(assessment) == 1
    # A disposition between the wrong roles does not count as the head's order.
    disposition_send(actor=kabid, subject=assessment, to_role="admin", instruction="Siapkan berkas")
    assert flow.step_of(assessment) == 1
    order = disposition_send(actor=head, subject=assessment, to_role="kabid", instruction="Siapkan asesmen")
    assert flow.step_of(assessment) == 2
    services.participants_add(actor=kabid, assessment=assessment, nips=[people.head.nip, people.nurse.nip])
    assert flow.step_of(assessment) == 3
    services.coordination_record(actor=kabid, assessment=assessment, note="Koordinasi jadwal dengan BKD")
    # The kabid->admin disposition sent at step 1 was before step 4 began: a new order is needed.
    assert flow.step_of(assessment) == 4
    disposition_send(actor=kabid, subject=assessment, to_role="admin", instruction="Buat surat permohonan")
    assert flow.step_of(assessment) == 5
    # Step 6: the head of division returns the draft with a note, then initials the corrected one.
    letter = services.letter_draft(actor=admin, assessment=assessment, kind=services.FACILITATION_LETTER)
    assert flow.step_of(assessment) == 6
    with pytest.raises(ServiceError, match="tidak berwenang"):
        document_check(actor=admin, document=letter)  # the drafter, who may not initial at all
    letter = document_return(actor=kabid, document=letter, note="Lengkapi jabatan yang diisi")
    assert flow.step_of(assessment) == 6
    letter = document_redraft(actor=admin, document=letter)
    letter = document_check(actor=kabid, document=letter)
    assert flow.step_of(assessment) == 7
    raised = disposition_send(actor=admin, subject=assessment, to_role="umum", instruction="Naikkan kepada Kepala")
    forwarded = disposition_forward(
        actor=umum, disposition=raised, to_role="pimpinan", instruction="Mohon tanda tangan"
    )
    assert flow.step_of(assessment) == 8
    signed = document_sign(actor=head, document=letter)
    assert signed.status == DocumentStatus.SIGNED and signed.number
    assert flow.step_of(assessment) == 9
    disposition_send(actor=umum, subject=assessment, to_role="admin", instruction="Surat sudah ditandatangani")
    disposition_send(actor=admin, subject=assessment, to_role="kabid", instruction="Surat siap dikirim")
    assert flow.step_of(assessment) == 11
    flow.through_reply(users, assessment)
    assert flow.step_of(assessment) == 13
    npknd, summons, assignment, briefing = flow.execution_letters_initialled(users, flow_refresh(assessment))
    assert flow.step_of(assessment) == 16
    # Step 16 (the seed): the head signs the NPKND and initials the summons, the SPT and the briefing.
    document_sign(actor=head, document=npknd)
    document_check(actor=head, document=summons)
    document_check(actor=head, document=assignment)
    with pytest.raises(ServiceError, match="sudah memaraf"):
        document_check(actor=kabid, document=briefing)  # the head of division's own paraf is already there
    assert flow.step_of(assessment) == 16
    briefing = document_check(actor=head, document=briefing)
    assert [row.changed_by for row in initials(briefing)] == [kabid, head]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RUNNING
    assert flow.step_of(assessment) == 17
    # Every step left a history row naming who did it.
    steps = list(assessment.request.status_changes.exclude(step=None).values_list("step", flat=True))
    assert steps == list(range(1, 17))
    assert forwarded.parent_id == raised.pk
    raised.refresh_from_db()
    order.refresh_from_db()
    # The head's order to the head of division was carried out when the latter passed the work on (step 4);
    # once the letters are signed, no disposition about the assessment waits in anyone's inbox.
    assert raised.status == DispositionStatus.FORWARDED and order.status == DispositionStatus.DONE
    assert order.response == "Ditindaklanjuti dalam alur asesmen (langkah 4)"
    assert not Disposition.objects.filter(subject_id=assessment.pk, status=DispositionStatus.OPEN).exists()
    # A4/A5: the reports are due four months after each participant's last day; results close it.
    first, second = assessment.participants.order_by("employee__name")
    assert first.report_due_on == add_months(assessment.facilitation_starts_on, 4)
    # The service's own clock runs from the assessment too (Bangkalan), not from the head's order.
    assert assessment.request.due_on == max(first.report_due_on, second.report_due_on)
    flow.result(users, first)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RUNNING
    flow.result(users, second, jpm="71.25")
    assessment.refresh_from_db()
    assessment.request.refresh_from_db()
    assert assessment.status == AssessmentStatus.DONE
    assert assessment.request.status == RequestStatus.DONE
    assert EmployeeDocument.objects.filter(employee=second.employee, kind="hasil_asesmen").count() == 1
    second.refresh_from_db()
    assert str(second.jpm) == "71.25" and second.category == "Optimal"


def flow_refresh(assessment):  # type: ignore[no-untyped-def]
    assessment.refresh_from_db()
    return assessment


def test_letters_and_records_wait_for_their_step(users, people) -> None:
    assessment = flow.open_assessment(users["admin"])
    with pytest.raises(ServiceError, match="langkah 5"):
        services.letter_draft(actor=users["admin"], assessment=assessment, kind=services.FACILITATION_LETTER)
    with pytest.raises(ServiceError, match="langkah 12"):
        services.reply_record(
            actor=users["kabid"],
            assessment=assessment,
            reply_number="1",
            reply_date=timezone.localdate(),
            reply_note="",
            facilitation_starts_on=timezone.localdate(),
            facilitation_ends_on=timezone.localdate(),
        )
    with pytest.raises(ServiceError, match="bukan surat asesmen"):
        services.letter_draft(actor=users["admin"], assessment=assessment, kind="keputusan_tugas_belajar")
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.participants_add(actor=users["umum"], assessment=assessment, nips=[people.head.nip])


def test_facilitation_at_least_two_days_and_assessment_at_least_one(users, people) -> None:
    assessment = flow.to_step_5(users, [people.head])
    flow.facilitation_letter_signed(users, assessment)
    today = timezone.localdate()
    services.letter_sent_record(actor=users["kabid"], assessment=assessment, sent_on=today - dt.timedelta(days=3))
    one_day = {
        "reply_number": "1",
        "reply_date": today,
        "reply_note": "",
        "facilitation_starts_on": today,
        "facilitation_ends_on": today,
    }
    with pytest.raises(ServiceError, match="minimal 2 hari"):
        services.reply_record(actor=users["kabid"], assessment=assessment, **one_day)
    services.reply_record(
        actor=users["kabid"], assessment=assessment, **{**one_day, "facilitation_ends_on": today + dt.timedelta(days=1)}
    )
    participant = assessment.participants.get()
    with pytest.raises(ServiceError, match="minimal 1 hari"):
        services.schedule_set(actor=users["admin"], participant=participant, assessed_on=today, days=0)
    with pytest.raises(ServiceError, match="di luar masa fasilitasi"):
        services.schedule_set(actor=users["admin"], participant=participant, assessed_on=today, days=3)
    participant = services.schedule_set(actor=users["admin"], participant=participant, assessed_on=today, days=2)
    assert participant.report_due_on == add_months(today + dt.timedelta(days=1), 4)


def test_execution_letters_need_every_participant_scheduled(users, people) -> None:
    assessment = flow.to_step_5(users, [people.head, people.nurse])
    flow.facilitation_letter_signed(users, assessment)
    flow.through_reply(users, assessment)
    disposition_send(actor=users["kabid"], subject=assessment, to_role="admin", instruction="Buat NPKND")
    with pytest.raises(ServiceError, match="Budi Santoso"):
        services.letter_draft(actor=users["admin"], assessment=assessment, kind="npknd")
    # Scheduled, but nobody has checked their papers: nobody is summoned yet, each named with the gap.
    assessment.refresh_from_db()
    for participant in assessment.participants.all():
        services.schedule_set(
            actor=users["admin"], participant=participant, assessed_on=assessment.facilitation_starts_on, days=1
        )
    nurse = assessment.participants.get(employee=people.nurse)
    for paper in nurse.papers.all():
        paper = services.paper_upload(actor=users["admin"], paper=paper, upload=flow.pdf())
        services.paper_verify(actor=users["admin"], paper=paper, valid=True)
    with pytest.raises(ServiceError) as refused:
        services.letter_draft(actor=users["admin"], assessment=assessment, kind="npknd")
    assert str(refused.value).endswith(
        f"Ani Lestari ({people.nurse.nip}): data SIASN belum dimutakhirkan; Budi Santoso ({people.head.nip}): "
        "0 dari 7 berkas sah, data SIASN belum dimutakhirkan."
    )
    flow.papers_ready(users, assessment)
    assert services.letter_draft(actor=users["admin"], assessment=assessment, kind="npknd").kind == "npknd"


def test_participant_uploads_own_papers_and_staff_verify(users, people, tree) -> None:
    assessment = flow.to_step_5(users, [people.teacher])
    participant = assessment.participants.get()
    papers = {p.kind: p for p in participant.papers.all()}
    assert set(papers) == {"portofolio", "sk_pangkat", "sk_jabatan", "pelantikan", "spmt", "foto_4x6", "foto_3x4"}
    assert {p.status for p in papers.values()} == {PaperStatus.MISSING}
    teacher = users["pegawai"]  # the teacher's own log-in
    docx = SimpleUploadedFile("portofolio.docx", _docx_bytes())
    paper = services.paper_upload(actor=teacher, paper=papers["portofolio"], upload=docx)
    assert paper.status == PaperStatus.PENDING and paper.document.extension == "docx"
    with pytest.raises(Exception, match="bukan jenis yang diizinkan"):
        services.paper_upload(
            actor=teacher, paper=papers["spmt"], upload=SimpleUploadedFile("spmt.docx", _docx_bytes())
        )
    with pytest.raises(ServiceError, match="peserta sendiri atau petugas"):
        services.paper_upload(actor=users["operator"], paper=papers["spmt"], upload=flow.pdf("spmt.pdf"))
    with pytest.raises(ServiceError, match="alasan"):
        services.paper_verify(actor=users["admin"], paper=paper, valid=False)
    paper = services.paper_verify(
        actor=users["admin"], paper=paper, valid=False, note="Portofolio belum ditandatangani"
    )
    assert paper.status == PaperStatus.REJECTED
    from bangkom.notifications.models import Notification

    told = list(Notification.objects.filter(recipient=teacher).order_by("id").values_list("text", flat=True))
    title = participant.assessment.title
    assert told == [  # asked for the papers when made a participant, then told which one was refused and why
        f"Anda peserta {title}: unggah dokumen persyaratan asesmen Anda.",
        f"Dokumen Portofolio untuk {title} ditolak: Portofolio belum ditandatangani. Unggah yang benar.",
    ]
    paper = services.paper_upload(actor=teacher, paper=paper, upload=flow.pdf("portofolio.pdf"))
    assert paper.status == PaperStatus.PENDING and paper.note == ""
    with pytest.raises(ServiceError, match="belum diunggah"):
        services.paper_verify(actor=users["admin"], paper=papers["spmt"], valid=True)
    participant = services.siasn_mark_updated(actor=users["kabid"], participant=participant)
    assert participant.siasn_updated_by == users["kabid"]


def test_participant_list_names_every_bad_line(users, people) -> None:
    assessment = flow.open_assessment(users["admin"])
    with pytest.raises(ServiceError) as refused:
        services.participants_add(
            actor=users["admin"],
            assessment=assessment,
            nips=[people.head.nip, "12345", "199901012020011999", people.head.nip],
        )
    message = str(refused.value)
    assert "baris 2, NIP '12345'" in message
    assert "baris 3, NIP '199901012020011999': tidak ada dalam data pegawai" in message
    assert "baris 4" in message and "tertulis dua kali" in message
    assert not assessment.participants.exists()


def test_reports_late_after_four_months(users, people, clock) -> None:
    from bangkom.desk.selectors import reports_late

    start = timezone.localdate() - dt.timedelta(days=200)
    clock(start)  # the assessment was ordered and carried out 200 days ago
    assessment = flow.to_step_5(users, [people.head])
    flow.facilitation_letter_signed(users, assessment)
    flow.through_reply(users, assessment, days_ago=0)
    flow.execution_letters_approved(users, flow_refresh(assessment))
    participant = assessment.participants.get()
    due = participant.report_due_on
    assert due == add_months(start, 4) == flow_refresh(assessment).request.due_on
    assert list(reports_late(users["admin"], due)) == []
    assert list(reports_late(users["admin"], due + dt.timedelta(days=1))) == [participant]
    assert list(reports_late(users["pegawai"], due + dt.timedelta(days=1))) == []


def _docx_bytes() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_the_gates_file_is_checked_row_by_row() -> None:
    shipped = json.loads((DATA / "jpt_assessment.json").read_text(encoding="utf-8"))
    last = parse_assessment_policy(shipped).gates[-1]
    assert (last.step, last.kinds, last.status, last.initialled_by) == (16, ("npknd",), "signed", "pimpinan")
    assert last.initialled_kinds == ("pemanggilan_asesmen", "spt_asesmen", "pengarahan_asesmen")
    broken = copy.deepcopy(shipped)
    broken["gates"][15]["initialled"] = {"by": "pimpinan"}
    with pytest.raises(PolicyError, match=r"gates\[16\].initialled butuh by dan kinds"):
        parse_assessment_policy(broken)
    broken = copy.deepcopy(shipped)
    broken["gates"][4]["status"] = "approved"
    with pytest.raises(PolicyError, match=r"gates\[5\] butuh kinds dan status"):
        parse_assessment_policy(broken)
    broken = copy.deepcopy(shipped)
    del broken["gates"][2]
    with pytest.raises(PolicyError, match=r"gates\[3\] harus langkah 3"):
        parse_assessment_policy(broken)


def _rank(golongan_id: int) -> str:
    golongan = Golongan.objects.get(pk=golongan_id)
    return f"{golongan.pangkat} ({golongan.code})"


def test_the_five_letters_can_be_sent_as_they_are(users, people, tree) -> None:
    """Signed by their posts (the head: the request and the NPKND; the Sekretaris Daerah, above the
    head who initialled them: the summons, the SPT and the briefing), each prints its number, the
    Jakarta date and the signer's name, pangkat and NIP, as PDF/A-2b with every font embedded."""
    hold(users["kabid"], make_employee(tree.root, "198001012005011003", "Kabid Uji"), DIVISION_HEAD)
    head = make_employee(tree.root, "196804121994031007", "Drs. Kepala Badan", golongan_id=42)
    hold(users["pimpinan"], head, HEAD_OF_AGENCY)
    sekda = leader("u_sekda")
    secretary = make_employee(tree.root, "196703031993031002", "Ir. Sekretaris Daerah", golongan_id=44)
    hold(sekda, secretary, REGIONAL_SECRETARY)
    assessment = flow.to_step_5(users, [people.teacher, people.head])
    request_letter = flow.facilitation_letter_signed(users, assessment)
    flow.through_reply(users, flow_refresh(assessment))
    npknd, *initialled = flow.execution_letters_approved(users, flow_refresh(assessment))
    with pytest.raises(ServiceError, match="yang memaraf tidak menandatangani"):
        document_sign(actor=users["pimpinan"], document=initialled[0])
    above = [document_sign(actor=sekda, document=letter) for letter in initialled]
    today = indonesian_date(timezone.localdate())
    for letter, signer, nip, golongan in (
        *((letter, "Drs. Kepala Badan", head.nip, 42) for letter in (request_letter, npknd)),
        *((letter, "Ir. Sekretaris Daerah", secretary.nip, 44) for letter in above),
    ):
        assert letter.status == DocumentStatus.SIGNED, letter.kind
        problems = pdf.sendable_problems(
            bytes(letter.pdf), number=letter.number, day=today, name=signer, nip=nip, rank=_rank(golongan)
        )
        assert problems == [], (letter.kind, problems)
    assert len({letter.number for letter in (request_letter, npknd, *above)}) == 5


def test_step_16_offers_no_signature_where_it_wants_a_paraf_and_a_mistaken_one_is_set_back(
    users, people, monkeypatch
) -> None:
    from bangkom.documents import services as document_services

    head, kabid = users["pimpinan"], users["kabid"]
    assessment = flow.to_step_5(users, [people.head])
    flow.facilitation_letter_signed(users, assessment)
    flow.through_reply(users, assessment)
    assessment.refresh_from_db()
    npknd, summons, spt, briefing = flow.execution_letters_initialled(users, assessment)
    assert flow.step_of(assessment) == 16
    # The head may sign the NPKND; the SPT is theirs to initial, so signing it is refused (and not offered).
    with pytest.raises(ServiceError, match="langkah 16 surat ini diparaf, tidak ditandatangani"):
        document_sign(actor=head, document=spt)
    # A signature given before this rule held (or through any other path) is set back by its signer.
    monkeypatch.setattr(document_services, "sign_refusal", lambda document, actor: None)
    spt = document_sign(actor=head, document=spt)
    monkeypatch.undo()
    void = spt.number
    for actor, reason, message in ((kabid, "keliru", "tidak berwenang"), (head, " ", "alasan penarikan")):
        with pytest.raises(ServiceError, match=message):
            document_services.document_signature_withdraw(actor=actor, document=spt, reason=reason)
    spt = document_services.document_signature_withdraw(actor=head, document=spt, reason="Seharusnya diparaf")
    assert (spt.status, spt.number, spt.sequence, spt.signed_by_id) == (DocumentStatus.CHECKED, "", None, None)
    assert spt.status_changes.last().note == f"Tanda tangan ditarik (nomor {void} batal): Seharusnya diparaf"
    # ... the head initials it as the step wants, signs the NPKND, initials the rest: the assessment runs.
    document_check(actor=head, document=spt)
    document_sign(actor=head, document=npknd)
    for letter in (summons, briefing):
        document_check(actor=head, document=letter)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RUNNING
    # Once carried out, its letters stand.
    signed = npknd.__class__.objects.get(pk=npknd.pk)
    with pytest.raises(ServiceError, match="tidak dapat ditarik"):
        document_services.document_signature_withdraw(actor=head, document=signed, reason="terlambat")


@pytest.mark.parametrize(
    "role", ["admin", "operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"]
)
def test_an_assessment_is_cancelled_with_a_reason_by_who_runs_it_and_its_request_with_it(users, role) -> None:
    assessment = flow.open_assessment(users["admin"])
    if role not in ("admin", "kabid"):  # who runs the JPT assessment
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.assessment_cancel(actor=users[role], assessment=assessment, reason="Pansel dibatalkan")
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.PREPARING
        return
    with pytest.raises(ServiceError, match="alasan"):
        services.assessment_cancel(actor=users[role], assessment=assessment, reason="  ")
    cancelled = services.assessment_cancel(actor=users[role], assessment=assessment, reason="Pansel dibatalkan")
    cancelled.request.refresh_from_db()
    assert (cancelled.status, cancelled.request.status) == (AssessmentStatus.CANCELLED, RequestStatus.CANCELLED)
    with pytest.raises(ServiceError):  # nothing follows a cancellation
        services.assessment_cancel(actor=users[role], assessment=cancelled, reason="lagi")
