"""The round's long actions run as background jobs: the request only queues them, a second click
joins the running job, a refusal is told at once, a failure saves nothing and says so in Indonesian,
and a stalled job is queued again without any file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.core.bulk import bulk_set
from bangkom.core.errors import ServiceError
from bangkom.core.jobs import job_work_run
from bangkom.core.models import Job, JobStatus
from bangkom.core.services import job_check_stalled, job_retry
from bangkom.documents.models import Document
from bangkom.people.models import Employee
from bangkom.selection import services
from bangkom.selection.jobs import round_job_queue
from bangkom.selection.models import RoundCandidate, RoundStatus, SelectionRound
from bangkom.selection.services import round_open
from bangkom.selection.tests.test_rounds import official
from conftest import drain_background_work

pytestmark = pytest.mark.django_db


def _round(users, tree) -> SelectionRound:  # type: ignore[no-untyped-def]
    official(tree.disdik, "197201012000031001", "Kepala Dinas", "22", 43)
    official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
    return round_open(
        actor=users["admin"],
        name="Seleksi PKN II",
        level="II",
        ruleset_id="bima-2018",
        as_of=dt.date(2026, 11, 23),
        quota=2,
    )


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_request_only_queues_and_a_second_click_joins_the_job(users, tree) -> None:
    selection_round = _round(users, tree)
    admin = _client(users["admin"])
    url = reverse("selection:inventory", args=[selection_round.pk])
    first = admin.post(url)  # the transaction of the test never commits: the job stays queued
    job = Job.objects.get()
    assert first["Location"] == reverse("core:job", args=[job.pk])
    assert (job.status, job.kind, job.params) == (
        JobStatus.QUEUED,
        "selection.inventory",
        {"round": selection_round.pk},
    )
    assert not selection_round.candidates.exists()
    assert admin.post(url)["Location"] == first["Location"] and Job.objects.count() == 1
    page = admin.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
    assert 'data-testid="round-job"' in page and "Penjaringan calon · Seleksi PKN II" in page
    job_work_run(job)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.SUCCEEDED, "Penjaringan: 2 calon ditambahkan.")
    assert selection_round.candidates.count() == 2
    assert (
        'data-testid="round-job"'
        not in admin.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
    )
    # Each candidate the inventory added has its audited "created" row, by the one who ran it.
    rows = RoundCandidate.history.filter(round_id=selection_round.pk)
    assert sorted((row.history_type, row.history_user_id) for row in rows) == [("+", users["admin"].pk)] * 2


@pytest.mark.parametrize("role", ["operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"])
def test_only_a_selection_manager_may_queue_or_run_a_round_action(users, tree, role) -> None:
    selection_round = _round(users, tree)
    for kind in ("selection.inventory", "selection.documents", "selection.screen"):
        with pytest.raises(ServiceError):
            round_job_queue(actor=users[role], selection_round=selection_round, kind=kind)
    for service in (services.inventory_apply, services.checklist_refresh, services.round_screen):
        with pytest.raises(ServiceError):
            service(actor=users[role], selection_round=selection_round)
    assert not Job.objects.exists()


def test_a_closed_round_refuses_at_once_and_a_job_that_finds_it_closed_fails_saving_nothing(users, tree) -> None:
    selection_round = _round(users, tree)
    job = round_job_queue(actor=users["admin"], selection_round=selection_round, kind="selection.inventory")
    SelectionRound.objects.filter(pk=selection_round.pk).update(status=RoundStatus.CLOSED)  # closed while it waited
    job_work_run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "tidak dapat diubah lagi" in job.message
    assert not selection_round.candidates.exists()
    selection_round.refresh_from_db()
    with pytest.raises(ServiceError, match="tidak dapat diubah lagi"):
        round_job_queue(actor=users["admin"], selection_round=selection_round, kind="selection.screen")


def test_an_unexpected_error_fails_the_job_with_an_indonesian_message_and_no_verdicts(users, tree, monkeypatch) -> None:
    selection_round = _round(users, tree)
    services.inventory_apply(actor=users["admin"], selection_round=selection_round)

    def broken(model, fields, rows):  # type: ignore[no-untyped-def]
        bulk_set(model, fields, rows)  # the verdicts are written, then the disk fills: all of it is undone
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "bulk_set", broken)
    job = round_job_queue(actor=users["admin"], selection_round=selection_round, kind="selection.screen")
    job_work_run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Terjadi kesalahan sistem; tidak ada yang disimpan. Hubungi administrator."
    assert set(selection_round.candidates.values_list("category", flat=True)) == {""}
    selection_round.refresh_from_db()
    assert selection_round.screened_at is None


def test_a_stalled_round_job_is_queued_again_without_a_file(users, tree, django_capture_on_commit_callbacks) -> None:
    selection_round = _round(users, tree)
    job = round_job_queue(actor=users["admin"], selection_round=selection_round, kind="selection.inventory")
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=2))
    job.refresh_from_db()
    job = job_check_stalled(job=job)
    assert job.status == JobStatus.STALLED
    with pytest.raises(ServiceError):
        job_retry(actor=users["operator"], job=job)  # neither its owner nor an administrator of jobs
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(actor=users["admin"], job=job)
    drain_background_work()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and selection_round.candidates.count() == 2


def test_the_tabulation_is_drafted_in_the_background_and_linked_from_its_job(users, tree, run_job) -> None:
    selection_round = _round(users, tree)
    services.inventory_apply(actor=users["admin"], selection_round=selection_round)
    services.round_screen(actor=users["admin"], selection_round=selection_round)
    admin = _client(users["admin"])
    page = run_job(admin, reverse("selection:tabulation-document", args=[selection_round.pk])).content.decode()
    document = Document.objects.get(kind="tabulasi_seleksi")
    assert "Konsep dokumen disusun." in page and 'data-status="succeeded"' in page
    assert f'href="{reverse("documents:detail", args=[document.pk])}" data-testid="job-link"' in page
    assert document.drafted_by == users["admin"] and document.pdf
    # Someone else cannot open that job's page.
    assert _client(users["operator"]).get(reverse("core:job", args=[Job.objects.get().pk])).status_code == 404


def test_screening_and_decisions_leave_audit_rows_with_who_and_why(users, tree) -> None:
    """The bulk writes are audited: the screening as a row of the round's history (who, how many),
    each TSPDI decision as its own history row, changes appended, never overwritten."""
    from bangkom.selection.models import Decision, MemberRole, SessionDecision
    from bangkom.selection.services import decisions_record, member_add, session_record, team_create

    selection_round = _round(users, tree)
    services.inventory_apply(actor=users["admin"], selection_round=selection_round)
    services.round_screen(actor=users["admin"], selection_round=selection_round)
    screened = selection_round.history.filter(history_change_reason__startswith="Penyaringan").get()
    assert (screened.history_user, screened.history_change_reason) == (users["admin"], "Penyaringan: 2 calon dinilai")
    team = team_create(
        actor=users["admin"], name="TSPDI", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    chair = member_add(
        actor=users["admin"], team=team, employee=Employee.objects.first(), position="Sekda", role=MemberRole.CHAIR
    )
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=dt.date(2026, 11, 23),
        agenda="Sidang",
        attendees=[chair],
    )
    candidates = list(selection_round.candidates.select_related("employee"))
    decisions_record(actor=users["admin"], session=session, rows=[(c, Decision.NOT_PASSED, "") for c in candidates])
    decisions_record(actor=users["admin"], session=session, rows=[(candidates[0], Decision.ADMIN_PASSED, "ulang")])
    rows = SessionDecision.history.order_by("history_id")
    assert [(r.history_type, r.decision, r.history_user) for r in rows] == [
        ("+", Decision.NOT_PASSED, users["admin"]),
        ("+", Decision.NOT_PASSED, users["admin"]),
        ("~", Decision.ADMIN_PASSED, users["admin"]),
    ]
    assert {r.history_change_reason for r in rows} == {"Keputusan sidang 23-11-2026"}
