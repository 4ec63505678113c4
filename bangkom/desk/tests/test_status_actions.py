"""What may be done to a service request, a JPT assessment, a complaint and a dispatch in each status."""

from __future__ import annotations

from bangkom.core.state_machine import StatusActions
from bangkom.desk.models import (
    AssessmentStatus,
    Complaint,
    ComplaintStatus,
    JobTargetAssessment,
    RequestStatus,
    ServiceRequest,
)
from bangkom.dispatch.models import Dispatch, DispatchStatus


def allowed(record: StatusActions) -> set[str]:
    return record.actions_allowed()


def test_requests_assessments_complaints_and_dispatches() -> None:
    assert {s: allowed(ServiceRequest(status=s)) for s in RequestStatus} == {
        RequestStatus.IN_PROGRESS: {"work"}, RequestStatus.DONE: set(), RequestStatus.REJECTED: set(),
        RequestStatus.CANCELLED: set(),
    }  # fmt: skip
    S = AssessmentStatus
    assert {s: allowed(JobTargetAssessment(status=s)) for s in S} == {
        S.PREPARING: {"prepare", "cancel"}, S.RUNNING: {"record_results", "cancel"}, S.DONE: set(), S.CANCELLED: set(),
    }  # fmt: skip
    C = ComplaintStatus
    assert {s: allowed(Complaint(status=s)) for s in C} == {
        C.RECEIVED: {"assign", "dismiss"}, C.ASSIGNED: {"assign"}, C.ANSWERED: {"assign", "close"},
        C.CLOSED: set(), C.DISMISSED: set(),
    }  # fmt: skip
    D = DispatchStatus
    assert {s: allowed(Dispatch(status=s)) for s in D} == {
        D.PROPOSED: {"edit"}, D.AGREED: {"edit"}, D.RUNNING: {"edit", "follow"}, D.RESULTS: {"edit"},
        D.EVALUATED: set(), D.CANCELLED: set(),
    }  # fmt: skip
