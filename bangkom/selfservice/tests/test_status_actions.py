"""A civil servant's reports, corrections and interests say what may be done and in which colour
their status shows; so do the papers checked anywhere."""

from __future__ import annotations

from bangkom.core.models import PaperStatus
from bangkom.core.state_machine import StatusActions
from bangkom.selfservice.models import (
    CorrectionRequest,
    CorrectionStatus,
    InterestStatus,
    LearningReport,
    ProgramInterest,
    ReportStatus,
)
from bangkom.studies.models import Paper


def allowed(record: StatusActions) -> set[str]:
    return record.actions_allowed()


def test_reports_corrections_and_interests() -> None:
    R = ReportStatus
    assert {s: allowed(LearningReport(status=s)) for s in R} == {
        R.SUBMITTED: {"withdraw"}, R.RETURNED: {"revise", "withdraw"}, R.ACCEPTED: set(), R.REJECTED: set(),
        R.WITHDRAWN: set(),
    }  # fmt: skip
    assert [LearningReport(status=s).status_tone for s in R] == [
        "secondary",
        "warning",
        "success",
        "danger",
        "secondary",
    ]
    assert [allowed(CorrectionRequest(status=s)) for s in CorrectionStatus] == [{"withdraw"}, set(), set(), set()]
    assert [CorrectionRequest(status=s).status_tone for s in CorrectionStatus] == [
        "secondary", "success", "danger", "secondary",
    ]  # fmt: skip
    assert [allowed(ProgramInterest(status=s)) for s in InterestStatus] == [
        {"withdraw", "show"}, {"show"}, {"show"}, set(),
    ]  # fmt: skip


def test_a_papers_colour() -> None:
    assert [Paper(status=s).status_tone for s in PaperStatus] == ["secondary", "secondary", "success", "danger"]
