"""Training records to SIASN against a stand-in of its web services on 127.0.0.1: the documented request
shapes and tokens, SIASN's id on success, its message on a refusal, retries when it cannot be reached,
the permission to send, the page, and the export file read back by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.accounts.models import User
from bangkom.people.models import Employee, TrainingRecord
from bangkom.people.services import history_add
from bangkom.siasn import services
from bangkom.siasn.models import SiasnHistoryKind, SiasnSubmission, SubmissionStatus
from bangkom.siasn.tests import standin
from conftest import People, assert_services_refuse_without

COURSE = "/apisiasn/1.0/kursus/save"
STRUCTURAL = "/apisiasn/1.0/diklat/save"


@pytest.fixture
def queue(django_capture_on_commit_callbacks: Any) -> Any:
    """Queue as the page does, then let the commit start the background sender (the tests' task
    backend runs it at once)."""

    def queue_and_send(actor: User, records: list[TrainingRecord]) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.submissions_queue(actor=actor, records=records)

    return queue_and_send


def known_to_siasn(state: standin.Standin, employee: Employee, pns_id: str) -> None:
    Employee.objects.filter(pk=employee.pk).update(siasn_id=pns_id)
    employee.siasn_id = pns_id
    state.people[pns_id] = {"id": pns_id, "nipBaru": employee.nip, "nama": employee.name}


def training(employee: Employee, **extra: Any) -> TrainingRecord:
    fields = {
        "name": "Pelatihan Literasi Digital",
        "kind_id": 3,
        "organiser": "BPSDM Provinsi",
        "start_date": dt.date(2026, 3, 2),
        "end_date": dt.date(2026, 3, 4),
        "jp_hours": 24,
        "certificate_number": "800/123/BPSDM/2026",
        **extra,
    }
    return history_add(actor=None, row=TrainingRecord(employee=employee, **fields))


def test_a_course_reaches_siasn_in_the_documented_shape_and_keeps_siasn_id(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any
) -> None:
    known_to_siasn(siasn, people.teacher, "8ae48288-7d7c-4f5e-9a1b-guru")
    record = training(people.teacher)
    assert queue(users["admin"], [record]) == 1
    # Sent by the background task the queueing started (run at once in the tests' task backend).
    submission = SiasnSubmission.objects.get()
    assert submission.status == SubmissionStatus.SENT and submission.history_kind == SiasnHistoryKind.COURSE
    [body] = siasn.saved(COURSE)
    assert body == {
        "id": None,
        "instansiId": "A5EB03E23CCCF6A0E040640A040252AD",
        "institusiPenyelenggara": "BPSDM Provinsi",
        "jenisDiklatId": "3",
        "jenisKursus": "",
        "jenisKursusSertipikat": "T",
        "jumlahJam": 24,
        "lokasiId": "",
        "namaKursus": "Pelatihan Literasi Digital",
        "nomorSertipikat": "800/123/BPSDM/2026",
        "path": [],
        "pnsOrangId": "8ae48288-7d7c-4f5e-9a1b-guru",
        "tahunKursus": 2026,
        "tanggalKursus": "02-03-2026",
        "tanggalSelesaiKursus": "04-03-2026",
    }
    headers = siasn.received[0].headers
    assert headers["Authorization"].startswith("Bearer gw-") and headers["Auth"].startswith("bearer sso-")
    assert len(submission.siasn_id) == 36 and submission.sent_at is not None and submission.attempts == 1
    assert submission.history.first().history_user is None  # type: ignore[attr-defined]  # sent by the installation
    assert submission.history.last().history_user == users["admin"]  # type: ignore[attr-defined]  # queued by


def test_structural_training_goes_to_riwayat_diklat(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any
) -> None:
    known_to_siasn(siasn, people.head, "pns-head")
    record = training(
        people.head, name="PKA Angkatan I", kind_id=1, structural_level_id=3, start_date=dt.date(2026, 5, 4),
        end_date=dt.date(2026, 9, 25), jp_hours=505,
    )  # fmt: skip
    queue(users["admin"], [record])
    [body] = siasn.saved(STRUCTURAL)
    assert body == {
        "bobot": 0,
        "id": None,
        "institusiPenyelenggara": "BPSDM Provinsi",
        "jenisKompetensi": "",
        "jumlahJam": 505,
        "latihanStrukturalId": "3",
        "nomor": "800/123/BPSDM/2026",
        "path": [],
        "pnsOrangId": "pns-head",
        "tahun": 2026,
        "tanggal": "04-05-2026",
        "tanggalSelesai": "25-09-2026",
    }
    assert SiasnSubmission.objects.get().history_kind == SiasnHistoryKind.STRUCTURAL


def test_a_refusal_shows_on_the_record_with_siasn_message_and_can_be_sent_again(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Employee.objects.filter(pk=people.teacher.pk).update(siasn_id="unknown-to-siasn")
    record = training(people.teacher)
    queue(users["admin"], [record])
    submission = SiasnSubmission.objects.get()
    assert (submission.status, submission.message) == (SubmissionStatus.REFUSED, "Data PNS tidak ditemukan")

    client = Client()
    client.force_login(users["admin"])
    page = client.get(reverse("siasn:submissions"))
    assert "Data PNS tidak ditemukan" in page.content.decode() and "Kirim ulang" in page.content.decode()

    known_to_siasn(siasn, people.teacher, "unknown-to-siasn")  # the operator had SIASN fix it
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("siasn:resend", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SENT and submission.message == "" and submission.attempts == 1


def test_an_employee_without_a_siasn_id_is_refused_here_without_a_call(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any
) -> None:
    queue(users["admin"], [training(people.nurse)])
    submission = SiasnSubmission.objects.get()
    assert submission.status == SubmissionStatus.REFUSED
    assert f"PNS ID SIASN pegawai {people.nurse.nip} belum diisi" in submission.message
    assert siasn.received == []


def test_when_siasn_cannot_be_reached_it_is_tried_again_later_then_given_up(
    siasn: standin.Standin, people: People, users: dict[str, User], clock: Any, queue: Any
) -> None:
    known_to_siasn(siasn, people.teacher, "pns-guru")
    start = dt.datetime(2026, 12, 1, 23, 59, tzinfo=dt.UTC)
    clock(start)
    siasn.unavailable = 1
    queue(users["admin"], [training(people.teacher)])
    submission = SiasnSubmission.objects.get()
    assert submission.status == SubmissionStatus.WAITING and submission.attempts == 1
    assert submission.next_attempt_at == start + dt.timedelta(minutes=1)
    assert "HTTP 503" in submission.message and "Dicoba lagi 02-12-2026 07:00" in submission.message  # Jakarta time
    assert services.submissions_send_due().sent == 0  # not due yet
    clock(start + dt.timedelta(minutes=1))
    assert services.submissions_send_due().sent == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SENT and submission.attempts == 2

    other = training(people.teacher, name="Bimtek Arsip", kind_id=8)
    siasn.unavailable = 100
    queue(users["admin"], [other])
    waited = start + dt.timedelta(minutes=1)
    for minutes in services.RETRY_MINUTES:
        waited += dt.timedelta(minutes=minutes)
        clock(waited)
        services.submissions_send_due()
    gave_up = SiasnSubmission.objects.get(training_record=other)
    assert gave_up.status == SubmissionStatus.WAITING and gave_up.next_attempt_at is None
    assert gave_up.attempts == len(services.RETRY_MINUTES) + 1 and "Berhenti mencoba setelah 6 kali" in gave_up.message
    assert gave_up.may_do("resend")


def test_a_token_siasn_no_longer_takes_is_fetched_again_once(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any
) -> None:
    known_to_siasn(siasn, people.teacher, "pns-guru")
    queue(users["admin"], [training(people.teacher)])
    assert siasn.token_requests == 2  # the gateway's and the SSO's, then kept in the cache
    siasn.expire_tokens = True
    queue(users["admin"], [training(people.teacher, name="Bimtek Arsip")])
    assert siasn.token_requests == 4
    assert SiasnSubmission.objects.filter(status=SubmissionStatus.SENT).count() == 2


def test_without_a_configured_connection_nothing_is_sent_and_the_reason_is_shown(
    settings: Any, people: People, users: dict[str, User], queue: Any
) -> None:
    settings.SIASN_API_URL = ""
    queue(users["admin"], [training(people.teacher)])
    submission = SiasnSubmission.objects.get()
    assert submission.status == SubmissionStatus.WAITING and "belum diatur" in submission.message
    assert submission.next_attempt_at is None and submission.may_do("resend")


def test_a_sent_or_revoked_record_is_not_queued_again(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any
) -> None:
    known_to_siasn(siasn, people.teacher, "pns-guru")
    sent = training(people.teacher)
    queue(users["admin"], [sent])
    revoked = training(people.teacher, name="Bimtek Arsip")
    TrainingRecord.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    revoked.refresh_from_db()
    assert queue(users["admin"], [sent, revoked]) == 0
    assert len(siasn.saved(COURSE)) == 1


def test_only_who_may_send_to_siasn_queues_or_exports(users: dict[str, User]) -> None:
    assert_services_refuse_without("siasn.send_to_siasn", services, ("submissions_queue", "submissions_export"), users)


def test_an_operator_with_the_right_sends_only_their_units(
    siasn: standin.Standin, people: People, users: dict[str, User], queue: Any
) -> None:
    from django.contrib.auth.models import Permission

    operator = users["operator"]
    operator.user_permissions.add(Permission.objects.get(codename="send_to_siasn"))
    operator = User.objects.get(pk=operator.pk)
    from bangkom.core.errors import ServiceError

    with pytest.raises(ServiceError, match="Di luar unit kerja Anda"):
        services.submissions_queue(actor=operator, records=[training(people.nurse)])
    assert not SiasnSubmission.objects.exists()


def test_the_page_queues_a_year_and_shows_each_status(
    siasn: standin.Standin, people: People, users: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    known_to_siasn(siasn, people.teacher, "pns-guru")
    training(people.teacher)
    training(people.nurse, name="Bimtek Gizi")  # no SIASN id: refused here
    training(people.teacher, name="Diklat lama", start_date=dt.date(2025, 3, 2), end_date=dt.date(2025, 3, 4))
    client = Client()
    client.force_login(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("siasn:queue"), {"year": 2026}, follow=True)
    assert "2 riwayat diklat tahun 2026 diantrekan ke SIASN" in done.content.decode()
    text = " ".join(client.get(reverse("siasn:submissions")).content.decode().split())  # once the sender ran
    assert "Terkirim: <strong>1</strong>" in text and "Ditolak SIASN: <strong>1</strong>" in text
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("siasn:queue"), {"year": 2026}, follow=True)
    assert "1 riwayat diklat tahun 2026 diantrekan" in again.content.decode()  # the refused one, once more
    bad = client.post(reverse("siasn:queue"), {"year": "20266"}, follow=True)
    assert "Tahun selesai diklat" in bad.content.decode()
    assert Client().get(reverse("siasn:submissions")).status_code == 302
    client.force_login(users["operator"])
    assert client.get(reverse("siasn:submissions")).status_code == 403


def test_the_export_file_carries_siasn_fields_and_opens_in_libreoffice(
    people: People, users: dict[str, User], tmp_path: Path
) -> None:
    Employee.objects.filter(pk=people.teacher.pk).update(siasn_id="pns-guru")
    training(people.teacher, name='=HYPERLINK("http://x")')
    training(people.head, name="PKA", kind_id=1, structural_level_id=3)
    client = Client()
    client.force_login(users["admin"])
    response = client.get(reverse("siasn:export"), {"year": 2026})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('siasn-riwayat-diklat-2026.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    course = [[cell.value for cell in row] for row in workbook["RwKursus"].iter_rows()]
    assert course[0][:4] == ["nipBaru", "nama", "id", "instansiId"] and "tanggalSelesaiKursus" in course[0]
    row = dict(zip(course[0], course[1], strict=True))
    assert (row["nipBaru"], row["pnsOrangId"], row["tanggalKursus"], row["jumlahJam"]) == (
        people.teacher.nip, "pns-guru", "02-03-2026", 24,
    )  # fmt: skip
    assert row["namaKursus"] == '\'=HYPERLINK("http://x")'  # never a live formula
    structural = [[cell.value for cell in row] for row in workbook["RwDiklat"].iter_rows()]
    assert structural[1][0] == people.head.nip and "latihanStrukturalId" in structural[0]

    # LibreOffice itself (Debian's, as `make office` installs it) reads the file back as CSV.
    workbook_path = tmp_path / "siasn.xlsx"
    workbook_path.write_bytes(response.content)
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "csv", "--outdir", str(tmp_path), str(workbook_path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = (tmp_path / "siasn.csv").read_text(encoding="utf-8", errors="replace")
    assert "nipBaru" in text and people.teacher.nip in text and "02-03-2026" in text


def test_the_client_reports_siasn_refusal_of_a_malformed_body_and_refuses_other_schemes(
    siasn: standin.Standin, settings: Any
) -> None:
    from bangkom.siasn.client import SiasnClient, SiasnRefused, SiasnUnavailable

    with pytest.raises(SiasnRefused, match="bobot tidak dikenal"):
        SiasnClient().save_course({"bobot": 1})
    settings.SIASN_API_URL = "file:///etc"
    with pytest.raises(SiasnUnavailable, match="harus http:// atau https://"):
        SiasnClient().save_course({})


def test_the_command_sends_what_is_due(siasn: standin.Standin, people: People, capsys: Any) -> None:
    from django.core.management import call_command

    known_to_siasn(siasn, people.teacher, "pns-guru")
    record = training(people.teacher)
    SiasnSubmission.objects.create(
        training_record=record, history_kind=SiasnHistoryKind.COURSE, next_attempt_at=timezone.now()
    )
    call_command("siasn_send")
    assert "terkirim 1, ditolak 0" in capsys.readouterr().out
    assert SiasnSubmission.objects.get().status == SubmissionStatus.SENT


def test_the_page_costs_the_same_queries_with_one_submission_or_thirty(people: People, users: dict[str, User]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import warm

    client = Client()
    client.force_login(users["admin"])
    counts = []
    for total in (1, 30):
        while SiasnSubmission.objects.count() < total:
            record = training(people.teacher, name=f"Bimtek {SiasnSubmission.objects.count()}")
            SiasnSubmission.objects.create(training_record=record, history_kind=SiasnHistoryKind.COURSE)
        warm(client, reverse("siasn:submissions"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("siasn:submissions")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
