"""Jobs that cannot hang or swell: uploaded files are removed when the job ends, a job whose worker
died is marked stalled and can be queued again or cancelled, and a file of bad rows reports the first
errors and counts the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.core.models import Job, JobStatus
from bangkom.core.services import job_cancel, job_check_stalled, job_create, job_retry
from bangkom.people.importer import validate_file
from bangkom.people.jobs import IMPORT_JOB
from bangkom.people.models import Employee
from bangkom.people.tests.siasn import siasn_csv, siasn_row
from conftest import drain_background_work

pytestmark = pytest.mark.django_db
GOOD = {"nip_baru": "199001012015031001", "tanggal_lahir": "01-01-1990", "jenis_kelamin": "M"}


def _upload(client: Client, path: Path):  # type: ignore[no-untyped-def]
    response = client.post(reverse("people:import"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    drain_background_work()
    return response


@pytest.mark.parametrize(
    ("row", "status"), [(GOOD, JobStatus.SUCCEEDED), ({**GOOD, "tanggal_lahir": "02-01-1990"}, JobStatus.FAILED)]
)
def test_the_uploaded_file_is_removed_when_the_job_ends(users, tree, tmp_path, row, status) -> None:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        client = Client()
        client.force_login(users["admin"])
        _upload(client, siasn_csv([siasn_row(**row)], tmp_path / "siasn.csv"))
        job = Job.objects.get()
        assert job.status == status and not job.input_file
        assert not list((tmp_path / "media").rglob("import-*")), "the SIASN file (NIK, NPWP…) stayed on disk"


def _stalled_job(user, tmp_path: Path) -> Job:  # type: ignore[no-untyped-def]
    job = job_create(actor=user, kind=IMPORT_JOB, input_name="siasn.csv")
    job.input_file.save(
        "import-x.dat", SimpleUploadedFile("x", siasn_csv([siasn_row(**GOOD)], tmp_path / "s.csv").read_bytes())
    )
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=31))
    job.refresh_from_db()
    return job


@override_settings(JOB_STALL_MINUTES=30)
def test_a_job_without_progress_is_stalled_then_retried(users, tree, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        job = _stalled_job(users["admin"], tmp_path)
        fresh = job_create(actor=users["admin"], kind=IMPORT_JOB)
        assert job_check_stalled(job=fresh).status == JobStatus.QUEUED  # 0 minutes old
        client = Client()
        client.force_login(users["admin"])
        page = client.get(reverse("core:job", args=[job.pk])).content.decode()
        assert 'data-testid="job-retry"' in page and "pekerja latar berhenti" in page
        job.refresh_from_db()
        assert job.status == JobStatus.STALLED and job.input_file  # the file is kept for the retry
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
            client.post(reverse("core:job-retry", args=[job.pk]))
        drain_background_work()
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED and not job.input_file
        assert Employee.objects.filter(nip=GOOD["nip_baru"]).exists()


def test_a_stalled_job_is_cancelled_by_its_owner_only(users, tree, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        job = job_check_stalled(job=_stalled_job(users["admin"], tmp_path))
        stored = Path(job.input_file.path)
        for role in ("operator", "pegawai", "kabid"):
            with pytest.raises(ServiceError, match="tidak berwenang"):
                job_cancel(actor=users[role], job=job)
            with pytest.raises(ServiceError, match="tidak berwenang"):
                job_retry(actor=users[role], job=job)
        job = job_cancel(actor=users["admin"], job=job)
        assert job.status == JobStatus.CANCELLED and not stored.exists()
        with pytest.raises(ServiceError, match="sudah tidak ada"):
            job_retry(actor=users["admin"], job=job)


def test_a_file_of_bad_rows_reports_the_first_errors_and_counts_all(tree, tmp_path) -> None:
    rows = [
        siasn_row(**{**GOOD, "nip_baru": f"1990010120150310{n:02d}", "tanggal_lahir": "31-02-1990"}) for n in range(30)
    ]
    rows.append(siasn_row(**GOOD))
    result = validate_file(siasn_csv(rows, tmp_path / "bad.csv"), max_errors=10)
    assert len(result.errors) == 10 and result.error_count >= 30


def test_only_the_columns_bangkom_keeps_are_stored_and_lines_stay_the_agencys(users, tree, tmp_path) -> None:
    """The SIASN file carries NIK, telephone and address: the stored copy has none of them, and an
    error still names the line of the agency's own file (blank lines included)."""
    bad = {**GOOD, "nip_baru": "199001012015031002", "tanggal_lahir": "31-02-1990"}
    source = siasn_csv([siasn_row(**GOOD), siasn_row(**bad)], tmp_path / "siasn.csv")
    lines = source.read_text(encoding="utf-8").splitlines()
    source.write_text("\n".join([lines[0], lines[1], "", lines[2]]) + "\n", encoding="utf-8")  # bad row on line 4
    with override_settings(MEDIA_ROOT=tmp_path / "media", IMPORT_BACKGROUND_BYTES=1):
        client = Client()
        client.force_login(users["admin"])
        with pytest.MonkeyPatch.context() as patch:  # keep the job queued to look at what is stored
            patch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: None)
            _upload(client, source)
        job = Job.objects.get()
        stored = Path(job.input_file.path).read_text(encoding="utf-8")
        assert "nik" not in stored.splitlines()[0].split(",") and "3201234567890001" not in stored
        assert "08123456789" not in stored and "Jl. Rahasia" not in stored
        from bangkom.people.jobs import import_job_run

        import_job_run(job)
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert {e["line"] for e in job.result["errors"]} == {4}


def test_a_file_without_the_required_columns_is_refused_before_a_job_exists(users, tree, tmp_path) -> None:
    path = tmp_path / "salah.csv"
    path.write_text("nama,alamat\nSiti,Jl. Rahasia 1\n", encoding="utf-8")
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        client = Client()
        client.force_login(users["admin"])
        response = _upload(client, path)
    assert response.status_code == 200 and "Kolom wajib tidak ada" in response.content.decode()
    assert not Job.objects.exists() and not (tmp_path / "media").exists()


def test_an_xlsx_file_imports_through_the_upload_page_like_a_csv(users, tree, tmp_path) -> None:
    """The page keeps the upload under a neutral name: the importer tells XLSX from CSV by content."""
    from openpyxl import Workbook

    from bangkom.people.importer import SIASN_COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(SIASN_COLUMNS))
    row = siasn_row(**GOOD)
    sheet.append([row[c] for c in SIASN_COLUMNS])
    path = tmp_path / "Export Data ASN.xlsx"
    workbook.save(path)
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        client = Client()
        client.force_login(users["admin"])
        page = client.get(_upload(client, path)["Location"]).content.decode()
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert "1 baris diimpor." in page and Employee.objects.filter(nip=GOOD["nip_baru"]).exists()


def test_the_configured_backend_holds_the_work_until_its_worker_runs_it(
    users, tree, tmp_path, django_capture_on_commit_callbacks
) -> None:
    """Run as the suite runs (the immediate backend) and again with TASKS_BACKEND=database and =rq:
    the request only queues; the job runs when that backend's worker takes it."""
    from django.conf import settings

    with override_settings(MEDIA_ROOT=tmp_path / "media", JOB_STALL_MINUTES=30):
        job = job_check_stalled(job=_stalled_job(users["admin"], tmp_path))
        with django_capture_on_commit_callbacks(execute=True):
            job_retry(actor=users["admin"], job=job)
        job.refresh_from_db()
        if settings.TASKS_BACKEND == "rq":
            import django_rq

            assert (job.status, django_rq.get_queue("default").count) == (JobStatus.QUEUED, 1)
        elif settings.TASKS_BACKEND == "database":
            from django_tasks_db.models import DBTaskResult

            assert (job.status, DBTaskResult.objects.filter(status="READY").count()) == (JobStatus.QUEUED, 1)
        else:
            assert settings.TASKS_BACKEND == "immediate" and job.status == JobStatus.SUCCEEDED
        drain_background_work()
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED and Employee.objects.filter(nip=GOOD["nip_baru"]).exists()


def test_an_export_runs_on_the_configured_backend_and_its_file_waits_for_its_owner(
    users, people, tmp_path, django_capture_on_commit_callbacks
) -> None:
    """The registry export as the worker of each backend runs it: queued by the request, made by the
    worker, then downloaded by its owner from the job's page."""
    from bangkom.core.tests.exports import content_of

    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        client = Client()
        client.force_login(users["admin"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("people:export"))
        drain_background_work()
        job = Job.objects.get(kind="people.export")
        assert (job.status, job.result["rows"]) == (JobStatus.SUCCEEDED, 3)
        response = client.get(reverse("core:job-download", args=[job.pk]))
        assert response.status_code == 200 and content_of(response).startswith(b"PK")
