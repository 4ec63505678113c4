"""Reads of the integration layer, each limited like the pages: a client sees the units it was given
(its user's unit and those below it, or every unit), a person using their session sees what the pages
show them."""

from __future__ import annotations

from django.db.models import QuerySet

from bangkom.accounts.models import User
from bangkom.accounts.scope import employee_scope, flow_scope
from bangkom.people.models import Employee, TrainingRecord
from bangkom.planning.selectors import ledger_employees, with_jp
from bangkom.training.models import Certificate, Program
from bangkom.training.selectors import programs_visible

from .models import ApiClient
from .services import token_digest


def client_by_token(token: str) -> ApiClient | None:
    if len(token) > 200:  # no token is that long; not worth a digest and a query
        return None
    return ApiClient.objects.select_related("user", "user__unit").filter(token_digest=token_digest(token)).first()


def clients() -> QuerySet[ApiClient]:
    return ApiClient.objects.select_related("user__unit", "created_by")


def is_client(user: User) -> bool:
    return hasattr(user, "api_client")


def employees(user: User) -> QuerySet[Employee]:
    return Employee.objects.filter(employee_scope(user)).select_related(
        "unit", "golongan", "position_kind", "eselon", "education_level"
    )


def training_records(user: User) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(employee_scope(user, prefix="employee__")).select_related(
        "employee", "kind", "structural_level"
    )


def ledger(user: User, year: int) -> QuerySet[Employee]:
    """Every PNS in scope with the JP they earned in `year` (0 when none), one row each."""
    return with_jp(ledger_employees(user), year).select_related("unit")


def programs(user: User) -> QuerySet[Program]:
    if is_client(user):
        # A client reads the programs of its units (or all): it proposes and reviews nothing.
        scope = flow_scope(user, sees_all_with=["people.view_all_employees"], own_unit_with=None)
        return Program.objects.select_related("unit", "kind").filter(scope)
    return programs_visible(user)


def certificates(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(employee_scope(user, prefix="participant__employee__")).select_related(
        "participant__employee", "participant__program"
    )
