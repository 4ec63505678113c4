"""The program pages: refusals on the form, constant query counts, downloads, and the public
verification page that shows only what verifying needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bangkom.core.models import Job
from bangkom.core.tests.exports import content_of, exported
from bangkom.training import services
from bangkom.training.models import Certificate, Program
from bangkom.training.policy import policy
from conftest import operator_of, page_text

from . import flow

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year + 2


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_bad_proposal_names_each_field_and_saves_nothing(users, tree) -> None:
    response = client_for(users["operator"]).post(
        reverse("training:create"),
        {"unit": tree.dinkes.pk, "title": "", "kind": "3", "target_participants": "PNS", "participant_count": "0",
         "jp": "20", "start_date": f"{YEAR}-03-05", "end_date": f"{YEAR}-03-01", "venue": "Aula", "facilities": "-"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"unit", "title", "participant_count", "end_date"}
    assert Program.objects.count() == 0


def test_a_proposal_is_drafted_from_the_form(users, tree) -> None:
    client = client_for(users["operator"])
    response = client.post(
        reverse("training:create"),
        {"unit": tree.disdik.pk, "title": "Bimtek SIPD", "kind": "8", "target_participants": "Operator keuangan",
         "participant_count": "30", "jp": "24", "start_date": f"{YEAR}-03-02", "end_date": f"{YEAR}-03-04",
         "venue": "Aula Disdik", "facilities": "Proyektor"},
    )  # fmt: skip
    program = Program.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training:detail", args=[program.pk])
    response = client.post(
        reverse("training:detail-add", args=[program.pk, "anggaran"]),
        {
            "anggaran-component": "Konsumsi",
            "anggaran-volume": "-1",
            "anggaran-unit_label": "OH",
            "anggaran-unit_cost": "50000",
        },
        follow=True,
    )
    assert "Volume" in response.content.decode() and program.budget_lines.count() == 0
    client.post(
        reverse("training:detail-add", args=[program.pk, "anggaran"]),
        {
            "anggaran-component": "Konsumsi",
            "anggaran-volume": "90",
            "anggaran-unit_label": "OH",
            "anggaran-unit_cost": "50000",
        },
    )
    assert program.budget_lines.get().total == Decimal(4_500_000)
    page = client.get(reverse("training:detail", args=[program.pk])).content.decode()
    assert "Rp4.500.000" in page and "Rp150.000" in page  # 90 × Rp50.000, per participant of 30


def test_list_queries_do_not_grow_with_programs(users, tree) -> None:
    admin = client_for(users["admin"])
    url = reverse("training:list")
    admin.get(url)
    flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 5, 1))
    before = queries(admin, url)
    for n in range(4):
        unit, proposer = (tree.dinkes, operator_of(tree.dinkes)) if n % 2 else (tree.disdik, users["operator"])
        flow.proposal(proposer, unit, dt.date(YEAR, 6, n + 1))
    assert queries(admin, url) == before


def test_the_operator_sees_only_their_units_programs(users, tree) -> None:
    own = flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 5, 1))
    flow.proposal(operator_of(tree.dinkes), tree.dinkes, dt.date(YEAR, 5, 1))
    page = client_for(users["operator"]).get(reverse("training:list"))
    assert [p.pk for p in page.context["page"]] == [own.pk]


@pytest.fixture
def certificate(users, people, tree):
    flow.cost_standard(YEAR)
    program = flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1))
    flow.running(program, users, [people.teacher.nip], today=timezone.localdate())
    flow.finished(program, users, {people.teacher.nip: Decimal("88.5")})
    return services.certificates_issue(actor=users["pimpinan"], program=program, kind="sttp")[0]


def test_anyone_verifies_a_certificate_without_logging_in(people, certificate) -> None:
    response = Client().get(reverse("verification:certificate", args=[certificate.code.lower()]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat SAH" in page and certificate.number in page and "Siti Rahayu" in page
    assert "Bimtek Pengelolaan Arsip Dinamis" in page
    for private in (people.teacher.nip, "88.5", "88,5", "Dinas Pendidikan", "SD Negeri 1"):
        assert private not in page, private
    search = Client().get(reverse("verification:search"), {"kode": certificate.code})
    assert search.status_code == 200 and certificate.number in search.content.decode()


def test_an_unknown_or_revoked_code_is_not_shown_as_valid(users, certificate) -> None:
    response = Client().get(reverse("verification:certificate", args=["AAAA-BBBB-CCCC"]))
    assert response.status_code == 404 and "Tidak ada sertifikat" in response.content.decode()
    services.certificate_revoke(actor=users["pimpinan"], certificate=certificate, reason="Salah nama")
    page = Client().get(reverse("verification:certificate", args=[certificate.code])).content.decode()
    revoked_on = timezone.localtime(Certificate.objects.get(pk=certificate.pk).revoked_at).strftime("%d-%m-%Y")
    assert "DICABUT" in page and f"Dicabut pada {revoked_on}" in page and "SAH" not in page
    assert "Salah nama" not in page  # the internal reason stays with the staff


def test_certificate_downloads_are_pdfs(users, certificate) -> None:
    client = client_for(users["operator"])
    program = certificate.participant.program
    one = client.get(reverse("training:certificate", args=[program.pk, certificate.pk]))
    job, every = exported(client, reverse("training:certificates", args=[program.pk, "sttp"]))
    assert one["Content-Type"] == every["Content-Type"] == "application/pdf"
    assert one.content.startswith(b"%PDF") and content_of(every).startswith(b"%PDF")
    assert (job.output_name, job.result["rows"]) == (f"sttp-program-{program.pk}.pdf", 1)
    assert client.post(reverse("training:certificates", args=[program.pk, "ijazah"])).status_code == 404
    # A kind the program has none of: told on the program's page, no job.
    refused = client.post(reverse("training:certificates", args=[program.pk, "piagam"]), follow=True)
    assert "Belum ada Piagam pada program ini." in refused.content.decode()
    assert Job.objects.count() == 1


def test_a_revoked_sttp_leaves_the_jp_ledger_and_its_pdf_says_dicabut(users, people, certificate) -> None:
    from bangkom.documents.tests import pdf
    from bangkom.planning.selectors import jp_totals

    record = people.teacher.training_records.get()
    year = record.end_date.year
    assert jp_totals(year)[people.teacher.pk] == 20
    services.certificate_revoke(actor=users["pimpinan"], certificate=certificate, reason="Daftar hadir dipalsukan")
    record.refresh_from_db()
    assert record.revoked_at is not None and certificate.number in record.revoke_reason
    assert jp_totals(year).get(people.teacher.pk) is None  # the JP no longer counts anywhere
    latest = record.history.order_by("-history_id").first()
    assert latest.history_change_reason.startswith(f"STTP {certificate.number} dicabut")
    # The history still shows the training, marked revoked and not counted.
    page = client_for(users["admin"]).get(reverse("people:detail", args=[people.teacher.nip])).content.decode()
    assert 'data-revoked="1"' in page and "tidak dihitung" in page
    # The PDF still downloads, every page headed DICABUT with its date, still PDF/A with fonts embedded.
    program = certificate.participant.program
    content = client_for(users["operator"]).get(reverse("training:certificate", args=[program.pk, certificate.pk]))
    day = timezone.localdate(Certificate.objects.get(pk=certificate.pk).revoked_at)
    text = " ".join(pdf.text(content.content).split())
    assert "DICABUT" in text and "TIDAK BERLAKU" in text and str(day.year) in text
    assert "dipalsukan" not in text
    assert pdf.pdfa_identification(content.content) == ("2", "B")
    assert pdf.fonts_not_embedded(content.content) == []


def test_a_discussion_and_a_supervision_are_corrected_and_cancelled_from_the_program_page(users, people, tree) -> None:
    today = timezone.localdate()
    flow.cost_standard(YEAR)
    program = flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1))
    services.program_submit(actor=users["operator"], program=program, today=today)
    services.criteria_review(
        actor=users["admin"], program=program, findings=dict.fromkeys(policy().criterion_codes, (True, ""))
    )
    discussion = services.discussion_record(
        actor=users["admin"], program=program, held_on=today, attendees="BKPSDM", notes="Disetujui."
    )
    client = client_for(users["admin"])
    fix = reverse("training:discussion-fix", args=[program.pk, discussion.pk, "koreksi"])
    corrected = {"held_on": today.isoformat(), "attendees": "BKPSDM, Disdik", "notes": "Disetujui dengan catatan."}
    # Without a reason the form names the field and nothing changes.
    refused = page_text(client.post(fix, corrected, follow=True))
    assert "Alasan" in refused and "Pembahasan dikoreksi." not in refused
    discussion.refresh_from_db()
    assert discussion.attendees == "BKPSDM"
    assert "Pembahasan dikoreksi." in page_text(
        client.post(fix, {**corrected, "reason": "Peserta terlewat"}, follow=True)
    )
    discussion.refresh_from_db()
    assert (discussion.attendees, discussion.history.latest("history_id").history_change_reason) == (
        "BKPSDM, Disdik",
        "Peserta terlewat",
    )
    cancel = reverse("training:discussion-fix", args=[program.pk, discussion.pk, "batal"])
    assert "Pembahasan dibatalkan." in page_text(client.post(cancel, {"reason": "Rapat program lain"}, follow=True))
    discussion.refresh_from_db()
    assert discussion.cancelled and discussion.cancel_reason == "Rapat program lain"
    # An action the page does not offer, or a discussion of no program here, is not found.
    assert (
        client.post(reverse("training:discussion-fix", args=[program.pk, discussion.pk, "hapus"]), {}).status_code
        == 404
    )
    missing = reverse("training:discussion-fix", args=[program.pk, 999_999, "batal"])
    assert client.post(missing, {"reason": "x"}).status_code == 404


def test_a_supervision_recorded_for_the_wrong_quarter_is_taken_back_from_the_page(users, people, tree) -> None:
    today = timezone.localdate()
    flow.cost_standard(YEAR)
    program = flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1))
    flow.running(program, users, [people.teacher.nip], today=today)
    supervision = program.supervisions.get()
    services.supervision_record(
        actor=users["admin"], supervision=supervision, carried_out_on=today, findings="Sesuai", follow_up="-"
    )
    client = client_for(users["admin"])
    clear = reverse("training:supervision-clear", args=[program.pk, supervision.pk])
    assert "Catatan supervisi dibatalkan." not in page_text(client.post(clear, {"reason": ""}, follow=True))
    supervision.refresh_from_db()
    assert supervision.carried_out_on == today
    assert "Catatan supervisi dibatalkan." in page_text(client.post(clear, {"reason": "Triwulan keliru"}, follow=True))
    supervision.refresh_from_db()
    assert (supervision.carried_out_on, supervision.findings) == (None, "")
    # Taken back twice: the service's refusal is the page's message.
    assert "belum dicatat" in page_text(client.post(clear, {"reason": "lagi"}, follow=True))
    other = reverse("training:supervision-clear", args=[program.pk, 999_999])
    assert client.post(other, {"reason": "x"}).status_code == 404
