"""A civil servant asks to take part in an open program; the operator of their unit endorses it (a
participant is added by the training app's own service) or declines it with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.notifications.models import Notification
from bangkom.selfservice import selectors, services
from bangkom.selfservice.models import InterestStatus
from bangkom.training.tests.flow import cost_standard, proposal, recommended
from conftest import assert_services_refuse_without, make_employee, operator_of

YEAR = timezone.localdate().year + 2


@pytest.fixture
def program(users, tree):  # type: ignore[no-untyped-def]
    cost_standard(YEAR)
    return recommended(
        proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1), count=1), users, today=timezone.localdate()
    )


def test_a_teacher_asks_and_the_operator_endorses_into_the_program(users, people, program) -> None:
    (offered,) = selectors.open_programs(users["pegawai"], timezone.localdate())
    assert offered.program == program and offered.for_my_unit and offered.interest is None
    asked = services.interest_register(actor=users["pegawai"], program=program, motivation="Saya mengelola arsip")
    assert Notification.objects.filter(recipient=users["operator"], text__contains="ingin mengikuti").exists()
    endorsed = services.interest_endorse(actor=users["operator"], interest=asked)
    assert endorsed.status == InterestStatus.ENDORSED
    assert list(program.participants.values_list("employee__nip", flat=True)) == [people.teacher.nip]
    assert Notification.objects.filter(recipient=users["pegawai"], text__contains="terdaftar sebagai peserta").exists()


def test_a_full_program_refuses_the_endorsement_and_the_request_keeps_waiting(users, tree, people, program) -> None:
    colleague = make_employee(tree.school, "199204142019032004", "Rina Wulandari")
    services.interest_endorse(
        actor=users["operator"], interest=services.interest_register(actor=users["pegawai"], program=program)
    )
    other = users["nobody"]
    other.employee = colleague
    other.save()
    second = services.interest_register(actor=other, program=program)
    with pytest.raises(ServiceError):
        services.interest_endorse(actor=users["operator"], interest=second)  # room for one only
    second.refresh_from_db()
    assert second.status == InterestStatus.SUBMITTED and program.participants.count() == 1


def test_declining_needs_a_reason_and_withdrawn_may_ask_again(users, program) -> None:
    asked = services.interest_register(actor=users["pegawai"], program=program)
    with pytest.raises(ValidationError):
        services.interest_decline(actor=users["operator"], interest=asked, note=" ")
    services.interest_withdraw(actor=users["pegawai"], interest=asked)
    again = services.interest_register(actor=users["pegawai"], program=program, motivation="Lagi")
    assert again.pk == asked.pk and again.status == InterestStatus.SUBMITTED
    declined = services.interest_decline(actor=users["operator"], interest=again, note="Kuota untuk arsiparis")
    assert declined.status == InterestStatus.DECLINED
    with pytest.raises(ServiceError):
        services.interest_register(actor=users["pegawai"], program=program)


def test_programs_not_open_or_of_other_units_are_not_offered(users, people, tree, program) -> None:
    draft = proposal(operator_of(tree.dinkes), tree.dinkes, dt.date(YEAR, 12, 1))
    assert [o.program for o in selectors.open_programs(users["pegawai"], timezone.localdate())] == [program]
    with pytest.raises(ServiceError, match="tidak sedang membuka pendaftaran"):
        services.interest_register(actor=users["pegawai"], program=draft)


def test_endorsing_needs_the_permission_and_the_scope(users, tree, program) -> None:
    asked = services.interest_register(actor=users["pegawai"], program=program)
    assert_services_refuse_without(services.ENDORSE_INTEREST, services, ("interest_endorse", "interest_decline"), users)
    with pytest.raises(ServiceError, match="Di luar unit kerja"):
        services.interest_endorse(actor=operator_of(tree.dinkes), interest=asked)


def test_pages_offer_ask_and_decide(users, people, program) -> None:
    pns, operator = Client(), Client()
    pns.force_login(users["pegawai"])
    operator.force_login(users["operator"])
    assert program.title.encode() in pns.get(reverse("selfservice:programs")).content
    pns.post(reverse("selfservice:interest-register", args=[program.pk]), {"motivation": "Arsip sekolah"})
    asked = selectors.my_interests(users["pegawai"]).get()
    queue = operator.get(reverse("selfservice:queue")).content.decode()
    assert f'data-testid="interest-{asked.pk}"' in queue
    operator.post(reverse("selfservice:interest-decide", args=[asked.pk]), {"decision": "setujui"})
    asked.refresh_from_db()
    assert asked.status == InterestStatus.ENDORSED
    assert "Disetujui" in pns.get(reverse("selfservice:programs")).content.decode()


def test_the_programs_page_costs_the_same_queries_with_one_program_or_eleven(
    users, tree, program, django_assert_num_queries
) -> None:
    """Each program offered with the civil servant's own request on it: one, then eleven."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.training.models import Program

    client = Client()
    client.force_login(users["pegawai"])
    url = reverse("selfservice:programs")
    services.interest_register(actor=users["pegawai"], program=program, motivation="Saya mengelola arsip")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(10):
        extra = proposal(users["operator"], tree.disdik, dt.date(YEAR, 11, 1 + n), count=1)
        Program.objects.filter(pk=extra.pk).update(status=program.status)  # recommended, as the first
        extra.refresh_from_db()
        services.interest_register(actor=users["pegawai"], program=extra, motivation=f"Minat {n}")
    with django_assert_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="program-') == 11
