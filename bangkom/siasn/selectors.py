from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope
from bangkom.people.models import TrainingRecord

from .models import SiasnSubmission, SubmissionStatus


def records_of_year(user: User, year: int) -> QuerySet[TrainingRecord]:
    """The training records that count, ended in `year`, of the employees in the user's scope."""
    return (
        TrainingRecord.objects.counted()
        .filter(employee_scope(user, prefix="employee__"), end_date__year=year)
        .select_related("employee", "kind")
        .order_by("employee__nip", "end_date", "id")
    )


def records_to_send(user: User, year: int) -> QuerySet[TrainingRecord]:
    """Those not sent nor already on their way: new ones, refused ones, and those given up on."""
    on_the_way = Q(siasn_submission__status=SubmissionStatus.WAITING, siasn_submission__next_attempt_at__isnull=False)
    return records_of_year(user, year).exclude(siasn_submission__status=SubmissionStatus.SENT).exclude(on_the_way)


def submissions(user: User) -> QuerySet[SiasnSubmission]:
    return SiasnSubmission.objects.filter(employee_scope(user, prefix="training_record__employee__")).select_related(
        "training_record__employee", "training_record__kind"
    )


def status_counts(user: User) -> dict[str, int]:
    rows = submissions(user).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}
