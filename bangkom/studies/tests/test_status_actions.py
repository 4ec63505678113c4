"""What may be done to an announcement, an application, a study assignment and an overseas request,
declared on the models (hand-written tables from the flows of seed tugas belajar)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bangkom.core.state_machine import StatusActions
from bangkom.studies.models import (
    AnnouncementStatus,
    ApplicationStatus,
    AssignmentStatus,
    OverseasRequest,
    OverseasStatus,
    StudyAnnouncement,
    StudyApplication,
    StudyAssignment,
)

A, R = AnnouncementStatus, OverseasStatus  # R: an overseas request


def allowed(record: StatusActions) -> set[str]:
    return record.actions_allowed()


def test_an_announcements_actions_and_its_registration_days() -> None:
    today = timezone.localdate()
    now_open = {"opens_on": today, "closes_on": today}
    assert allowed(StudyAnnouncement(status=A.DRAFT, **now_open)) == {"edit", "open"}
    assert allowed(StudyAnnouncement(status=A.OPEN, **now_open)) == {"take_applications", "close"}
    after = {"opens_on": today - dt.timedelta(days=10), "closes_on": today - dt.timedelta(days=1)}
    assert allowed(StudyAnnouncement(status=A.OPEN, **after)) == {"close"}  # past its last day
    assert allowed(StudyAnnouncement(status=A.CLOSED, **after)) == {"screen", "rank"}
    assert allowed(StudyAnnouncement(status=A.RANKED, **after)) == {"decide", "reopen_screening"}
    assert allowed(StudyAnnouncement(status=A.DECIDED, **after)) == set()


def test_an_applications_an_assignments_and_an_overseas_requests_actions() -> None:
    S = ApplicationStatus
    assert {s: allowed(StudyApplication(status=s)) for s in S} == {
        S.DRAFT: {"edit"}, S.AWAITING_UNIT: {"endorse"}, S.RETURNED_BY_UNIT: {"edit"}, S.DECLINED_BY_UNIT: set(),
        S.SUBMITTED: {"check", "score"}, S.RETURNED: {"edit"}, S.SELECTED: set(), S.NOT_SELECTED: set(),
    }  # fmt: skip
    assert {s: allowed(StudyAssignment(status=s)) for s in AssignmentStatus} == {
        AssignmentStatus.RUNNING: {"follow"}, AssignmentStatus.COMPLETED: set(), AssignmentStatus.STOPPED: set(),
    }  # fmt: skip
    assert {s: allowed(OverseasRequest(status=s)) for s in R} == {
        R.DRAFT: {"edit", "upload_papers"}, R.SUBMITTED: {"decide"}, R.RETURNED: {"edit", "upload_papers"},
        R.APPROVED: {"upload_papers", "report", "show_report"}, R.REJECTED: set(),
        R.REPORTED: {"check_report", "show_report"}, R.COMPLETED: {"show_report"},
    }  # fmt: skip
