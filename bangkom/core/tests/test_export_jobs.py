"""Exports at a province's size run as background jobs: the request only starts one, its file waits in
the storage backend (not in a database row) for the person who asked and nobody else, and is removed
EXPORT_KEEP_HOURS after it was made."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.core.jobs import job_work_run
from bangkom.core.models import DataAccess, Job, JobStatus
from bangkom.core.services import job_output_expired, job_outputs_remove_expired
from bangkom.core.tests.exports import content_of, exported
from bangkom.people.jobs import EXPORT_JOB
from conftest import make_employee

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _media(tmp_path):  # type: ignore[no-untyped-def]
    with override_settings(MEDIA_ROOT=tmp_path / "media", EXPORT_KEEP_HOURS=24):
        yield


def test_the_request_only_starts_the_export_and_a_second_click_joins_it(users, people) -> None:
    admin = _client(users["admin"])
    url = reverse("people:export") + "?q=Siti"
    first = admin.post(url)  # the test's transaction never commits: the job stays queued
    job = Job.objects.get()
    assert first["Location"] == reverse("core:job", args=[job.pk])
    assert (job.status, job.kind, job.params["filters"]["q"], job.output_file.name) == (
        JobStatus.QUEUED,
        EXPORT_JOB,
        "Siti",
        "",
    )
    assert admin.post(url)["Location"] == first["Location"] and Job.objects.count() == 1
    # Another list is another export; another person's identical export is their own.
    admin.post(reverse("people:export") + "?q=Budi")
    _client(users["operator"]).post(url)
    assert Job.objects.count() == 3
    assert admin.get(reverse("core:job-download", args=[job.pk])).status_code == 404  # nothing made yet
    page = admin.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Ekspor data pegawai (XLSX)" in page and 'data-testid="job-link"' not in page


def test_the_file_lives_in_storage_and_only_its_owner_downloads_it(users, people) -> None:
    operator = _client(users["operator"])
    job, response = exported(operator, reverse("people:export"))
    assert job.output_file.name.startswith("exports/") and default_storage.exists(job.output_file.name)
    assert job.output_name.startswith("pegawai-") and job.output_name.endswith(".xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="{job.output_name}"'
    assert load_workbook(io.BytesIO(content_of(response))).active.max_row == 1 + 2  # Disdik's two
    page = operator.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'data-testid="job-link"' in page and "dihapus otomatis 24 jam setelah dibuat" in page
    # The administrator sees every job, yet the file holds the operator's scope and is theirs alone.
    admin = _client(users["admin"])
    page = admin.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'data-testid="job-not-yours"' in page and 'data-testid="job-link"' not in page
    for other in ("admin", "kabid", "pegawai", "nobody"):
        assert _client(users[other]).get(reverse("core:job-download", args=[job.pk])).status_code == 404, other
    assert list(DataAccess.objects.values_list("user__username", flat=True)) == [users["operator"].username]


@pytest.mark.parametrize(
    ("age", "kept"),
    [
        (dt.timedelta(hours=24), True),  # the last moment it is kept
        (dt.timedelta(hours=24, seconds=1), False),
    ],
)
def test_the_file_is_removed_after_the_hours_it_is_kept(users, people, age, kept) -> None:
    admin = _client(users["admin"])
    job, _response = exported(admin, reverse("people:export"))
    stored = job.output_file.name
    now = job.finished_at + age
    assert job_output_expired(job, now=now) is not kept
    assert job_outputs_remove_expired(now=now) == (0 if kept else 1)
    job.refresh_from_db()
    assert default_storage.exists(stored) is kept and bool(job.output_file) is kept
    if not kept:
        response = admin.get(reverse("core:job-download", args=[job.pk]), follow=True)
        assert "sudah dihapus 24 jam setelah dibuat; ekspor lagi" in response.content.decode()
        assert DataAccess.objects.count() == 1  # the first download only


def test_starting_an_export_removes_the_expired_files_of_everyone(users, people) -> None:
    old, _response = exported(_client(users["operator"]), reverse("people:export"))
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(hours=25))
    _client(users["admin"]).post(reverse("people:export"))
    old.refresh_from_db()
    assert not old.output_file and old.status == JobStatus.SUCCEEDED  # the record of the export stays


def test_a_right_lost_before_the_job_runs_stops_it_and_makes_no_file(users, people) -> None:
    from django.contrib.auth.models import Group

    operator = users["operator"]
    _client(operator).post(reverse("people:export"))
    job = Job.objects.get()
    for group in Group.objects.filter(user=operator):
        operator.groups.remove(group)
    job_work_run(Job.objects.select_related("created_by").get(pk=job.pk))
    job.refresh_from_db()
    assert (job.status, job.message, job.output_file.name) == (
        JobStatus.FAILED,
        "Anda tidak berwenang melakukan langkah ini.",
        "",
    )


def test_roles_without_the_export_right_cannot_start_one_and_a_get_changes_nothing(users, people) -> None:
    for role in ("penilai", "pegawai", "kabid", "umum", "nobody"):
        assert _client(users[role]).post(reverse("people:export")).status_code == 403, role
    response = _client(users["admin"]).get(reverse("people:export"))
    assert response.status_code == 405 and "<html" in response.content.decode()
    assert not Job.objects.exists()


def test_the_export_writes_progress_and_counts_every_row(users, tree, monkeypatch) -> None:
    from bangkom.people import export

    monkeypatch.setattr(export, "CHUNK", 7)
    for n in range(30):
        make_employee(tree.dinkes, f"1990010120150311{n:02d}", f"Pegawai {n:02d}")
    seen: list[tuple[int, int]] = []
    from bangkom.core import jobs

    def progress(*, job: Job, done: int, total: int, message: str) -> None:
        seen.append((done, total))
        real(job=job, done=done, total=total, message=message)

    real = jobs.job_progress
    monkeypatch.setattr(jobs, "job_progress", progress)
    admin = _client(users["admin"])
    job, response = exported(admin, reverse("people:export") + f"?unit={tree.dinkes.pk}")
    assert seen == [(0, 31), (7, 31), (14, 31), (21, 31), (28, 31)]  # the nurse and the thirty
    assert (job.done, job.total, job.result["rows"]) == (31, 31, 31)
    assert load_workbook(io.BytesIO(content_of(response))).active.max_row == 32
