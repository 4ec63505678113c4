"""Schemathesis against the API's own OpenAPI schema on the demo data: every operation, with data made
from the schema (valid and invalid), never answers with a server error, and every answer matches the
schema (status code, content type, body)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from bangkom.accounts.models import User
from bangkom.api import services
from bangkom.api.models import ApiAccess

EXAMPLES = 20  # per operation and mode


@pytest.fixture
def demo_token(reference: None, admin_user: User) -> str:
    call_command("generate_demo", "--size", "80", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return services.client_create(
        actor=admin_user,
        name="Schemathesis",
        access=list(ApiAccess.values),
        unit=None,
        valid_until=timezone.localdate() + dt.timedelta(days=1),
        rate_per_minute=6000,
    ).token


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Iterator[None]:
    """Requests through the WSGI handler end by closing "old" database connections, which would close
    the test's own (in its transaction) on PostgreSQL; Django's test client turns this off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_keeps_the_test_connection")
def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(demo_token: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {demo_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10

    for operation in operations:

        @given(case=operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case: Any) -> None:
            # A report the schema allows may still break a rule no schema can say (a training that
            # ends in the future, a NIP whose digits contradict the record): those are 400s.
            excluded = [positive_data_acceptance] if case.method == "POST" else []
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        answers_as_documented()
