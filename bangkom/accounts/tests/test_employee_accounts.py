"""Accounts for every civil servant: opened in bulk by the operator, activated with a one-time code,
following the employee between units, closed when they leave the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts import services
from bangkom.accounts.models import Activation, ActivationStatus, User
from bangkom.accounts.selectors import AccountState, account_state, employee_accounts
from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, LegalStatus
from bangkom.people.services import employee_update
from bangkom.people.signals import registry_bulk_written
from conftest import assert_services_refuse_without, make_employee, operator_of

GOOD_PASSWORD = "Belajar-Terus-2026"


def _password_works(username: str, password: str) -> bool:
    return User.objects.get(username=username).check_password(password)


def _open(actor: User, *employees: Employee) -> services.AccountsOpened:
    return services.employee_accounts_open(actor=actor, employees=list(employees))


def test_operator_opens_accounts_for_their_units_only(tree, people) -> None:
    operator = operator_of(tree.disdik)
    opened = _open(operator, people.teacher, people.head)
    assert [i.employee.nip for i in opened.issued] == [people.head.nip, people.teacher.nip]  # by unit, then name
    teacher = User.objects.get(username=people.teacher.nip)
    assert teacher.employee == people.teacher and teacher.first_name == "Siti Rahayu"
    assert not teacher.has_usable_password() and teacher.is_active
    assert set(teacher.groups.values_list("name", flat=True)) == {"pegawai"}
    assert account_state(Employee.objects.select_related("user").get(pk=people.teacher.pk)) == AccountState.WAITING
    # The code is shown once: only a keyed digest is stored.
    code = opened.issued[1].code
    assert len(code) == 11 and code[5] == "-"
    stored = Activation.objects.get(user=teacher)
    assert code not in stored.digest and stored.issued_by == operator
    assert stored.expires_at == pytest.approx(timezone.now() + dt.timedelta(days=30), abs=dt.timedelta(minutes=1))
    with pytest.raises(ServiceError, match="Ani Lestari"):  # Dinkes is not the Disdik operator's
        _open(operator, people.nurse)
    assert not User.objects.filter(username=people.nurse.nip).exists()


def test_opening_again_replaces_the_code_of_an_account_never_activated(tree, people) -> None:
    operator = operator_of(tree.disdik)
    first = _open(operator, people.teacher).issued[0].code
    second = _open(operator, people.teacher).issued[0]
    assert not second.new_account and second.code != first
    assert User.objects.filter(username=people.teacher.nip).count() == 1
    statuses = list(Activation.objects.order_by("id").values_list("status", flat=True))
    assert statuses == [ActivationStatus.REPLACED, ActivationStatus.WAITING]
    with pytest.raises(ServiceError, match="tidak cocok"):
        services.account_activate(nip=people.teacher.nip, code=first, password=GOOD_PASSWORD)
    services.account_activate(nip=people.teacher.nip, code=second.code, password=GOOD_PASSWORD)


def test_active_accounts_taken_names_and_those_who_left_are_skipped_with_the_reason(tree, people, users) -> None:
    operator = operator_of(tree.disdik)
    someone = make_employee(tree.school, "199105052019032002", "Dewi Kartika")
    User.objects.create_user(username=someone.nip, password="x")  # a name taken by an unrelated account
    retired = make_employee(tree.school, "196001011985031001", "Slamet Riyadi", legal_status_id="99")
    opened = _open(operator, people.teacher, someone, retired)  # the teacher has u_pegawai, in use
    assert opened.issued == []
    reasons = {employee.nip: reason for employee, reason in opened.skipped}
    assert "u_pegawai sudah aktif" in reasons[people.teacher.nip]
    assert "sudah dipakai akun lain" in reasons[someone.nip]
    assert "berhenti sebagai PNS (Pensiun)" in reasons[retired.nip]


def test_activation_sets_the_password_and_a_code_works_once(tree, people) -> None:
    issued = _open(operator_of(tree.disdik), people.teacher).issued[0]
    typed = issued.code.lower().replace("-", " ")  # as read from paper: spaces, lower case
    user = services.account_activate(nip=f" {people.teacher.nip} ", code=typed, password=GOOD_PASSWORD)
    assert _password_works(people.teacher.nip, GOOD_PASSWORD)
    activation = Activation.objects.get(user=user)
    assert activation.status == ActivationStatus.USED and activation.used_at is not None
    with pytest.raises(ServiceError, match="tidak cocok"):
        services.account_activate(nip=people.teacher.nip, code=issued.code, password="Lain-Lagi-2026")


def test_a_weak_password_is_refused_without_using_the_code_up(tree, people) -> None:
    issued = _open(operator_of(tree.disdik), people.teacher).issued[0]
    with pytest.raises(ValidationError) as refused:
        services.account_activate(nip=people.teacher.nip, code=issued.code, password="12345678")
    assert "password" in refused.value.error_dict
    assert Activation.objects.get().status == ActivationStatus.WAITING
    assert Activation.objects.get().failures == 0
    services.account_activate(nip=people.teacher.nip, code=issued.code, password=GOOD_PASSWORD)


def test_five_wrong_codes_block_the_code_even_the_right_one_after(tree, people) -> None:
    issued = _open(operator_of(tree.disdik), people.teacher).issued[0]
    for attempt in range(5):
        with pytest.raises(ServiceError, match="5 kali salah"):
            services.account_activate(nip=people.teacher.nip, code="AAAAA-AAAAA", password=GOOD_PASSWORD)
        assert Activation.objects.get().failures == attempt + 1
    assert Activation.objects.get().status == ActivationStatus.BLOCKED
    with pytest.raises(ServiceError):
        services.account_activate(nip=people.teacher.nip, code=issued.code, password=GOOD_PASSWORD)
    assert not User.objects.get(username=people.teacher.nip).has_usable_password()


def test_an_expired_code_is_refused(tree, people, clock) -> None:
    issued = _open(operator_of(tree.disdik), people.teacher).issued[0]
    clock(issued.expires_at + dt.timedelta(seconds=1))
    with pytest.raises(ServiceError, match="tidak berlaku"):
        services.account_activate(nip=people.teacher.nip, code=issued.code, password=GOOD_PASSWORD)
    clock(issued.expires_at - dt.timedelta(seconds=1))
    services.account_activate(nip=people.teacher.nip, code=issued.code, password=GOOD_PASSWORD)


def test_an_unknown_nip_gets_the_same_answer_as_a_wrong_code(tree, people) -> None:
    _open(operator_of(tree.disdik), people.teacher)
    with pytest.raises(ServiceError) as unknown:
        services.account_activate(nip="199912312020121001", code="AAAAA-AAAAA", password=GOOD_PASSWORD)
    with pytest.raises(ServiceError) as wrong:
        services.account_activate(nip=people.teacher.nip, code="AAAAA-AAAAA", password=GOOD_PASSWORD)
    assert str(unknown.value) == str(wrong.value)


def test_a_new_code_replaces_a_forgotten_password_only_when_used(tree, people) -> None:
    operator = operator_of(tree.disdik)
    first = _open(operator, people.teacher).issued[0]
    user = services.account_activate(nip=people.teacher.nip, code=first.code, password=GOOD_PASSWORD)
    renewed = services.account_code_renew(actor=operator, user=user)
    assert _password_works(user.username, GOOD_PASSWORD)  # still works meanwhile
    services.account_activate(nip=user.username, code=renewed.code, password="Password-Baru-2027")
    assert not _password_works(user.username, GOOD_PASSWORD)
    assert _password_works(user.username, "Password-Baru-2027")


def test_the_account_follows_the_employee_to_another_unit(tree, people) -> None:
    disdik, dinkes = operator_of(tree.disdik), operator_of(tree.dinkes)
    first = _open(disdik, people.teacher).issued[0]
    user = services.account_activate(nip=people.teacher.nip, code=first.code, password=GOOD_PASSWORD)
    employee_update(actor=None, employee=people.teacher, unit=tree.dinkes)
    user.refresh_from_db()
    assert user.is_active and user.employee_id == people.teacher.pk
    with pytest.raises(ServiceError, match="Di luar unit kerja"):
        services.account_code_renew(actor=disdik, user=user)
    assert services.account_code_renew(actor=dinkes, user=user).employee == people.teacher
    assert [e.nip for e in employee_accounts(dinkes)] == [people.nurse.nip, people.teacher.nip]  # Ani, Siti
    client = Client()
    client.force_login(user)
    assert client.get(reverse("people:detail", args=[people.teacher.nip])).status_code == 200


def test_leaving_the_service_closes_the_account_and_its_sessions(tree, people) -> None:
    first = _open(operator_of(tree.disdik), people.teacher).issued[0]
    user = services.account_activate(nip=people.teacher.nip, code=first.code, password=GOOD_PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("selfservice:home")).status_code == 200
    employee_update(actor=None, employee=people.teacher, legal_status=LegalStatus.objects.get(pk="99"))
    user.refresh_from_db()
    assert not user.is_active
    assert client.get(reverse("selfservice:home")).status_code == 302  # the session no longer counts
    with pytest.raises(ServiceError, match="berhenti sebagai PNS"):
        services.account_code_renew(actor=operator_of(tree.disdik), user=user)


def test_the_import_closes_accounts_of_those_it_marks_as_retired(tree, people) -> None:
    first = _open(operator_of(tree.disdik), people.teacher, people.head).issued
    for issued in first:
        services.account_activate(nip=issued.employee.nip, code=issued.code, password=GOOD_PASSWORD)
    Employee.objects.filter(pk=people.head.pk).update(legal_status_id="88")  # as the bulk import writes
    registry_bulk_written.send(sender=Employee)
    states = dict(User.objects.filter(employee__isnull=False).values_list("username", "is_active"))
    assert states == {people.head.nip: False, people.teacher.nip: True}


def test_opening_accounts_needs_the_permission_in_the_service_itself(users) -> None:
    assert_services_refuse_without(
        services.OPEN_ACCOUNTS, services, ("employee_accounts_open", "account_code_renew"), users
    )


def test_a_unit_of_600_is_opened_in_a_constant_number_of_queries(tree) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.people.models import Employee as Model

    base = make_employee(tree.school, "198001012005011999", "Pegawai 0")
    Model.objects.bulk_create([
        Model(nip=f"19800101200501{n:04d}"[:14] + f"1{n:03d}", name=f"Pegawai {n}", birth_date=base.birth_date,
              gender="1", unit=tree.school)
        for n in range(1, 600)
    ])  # fmt: skip
    client = Client()
    client.force_login(operator_of(tree.disdik))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("accounts:employee-accounts-open"), {"unit": tree.school.pk})
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(queries) - len(inserts) <= 20  # reads and updates: none per employee
    assert len(inserts) <= 20  # users, their role and codes in batches (SQLite caps a statement's variables)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert User.objects.filter(groups__name="pegawai").count() == 600
    assert Activation.objects.filter(status=ActivationStatus.WAITING).count() == 600
    assert response.content.count(b'data-testid="code"') == 600


def test_pages_open_accounts_and_the_person_activates_on_the_public_page(tree, people) -> None:
    operator = Client()
    operator.force_login(operator_of(tree.disdik))
    page = operator.get(reverse("accounts:employee-accounts"), {"unit": tree.school.pk})
    assert page.status_code == 200 and people.teacher.nip.encode() in page.content
    assert people.nurse.nip.encode() not in operator.get(reverse("accounts:employee-accounts")).content
    response = operator.post(reverse("accounts:employee-accounts-open"), {"employee": [people.teacher.pk]})
    code = response.context["opened"].issued[0].code
    person = Client()
    form = {"nip": people.teacher.nip, "code": code, "password": GOOD_PASSWORD, "password_again": "Lain"}
    refused = person.post(reverse("accounts:activate"), form)
    assert refused.status_code == 200 and "Kedua kata sandi tidak sama" in refused.content.decode()
    done = person.post(reverse("accounts:activate"), {**form, "password_again": GOOD_PASSWORD})
    assert done.status_code == 302
    assert person.get(reverse("people:detail", args=[people.teacher.nip])).status_code == 200
    listed = operator.get(reverse("accounts:employee-accounts"), {"state": AccountState.ACTIVE})
    assert [e.nip for e, _state in listed.context["rows"]] == [people.teacher.nip]


@pytest.mark.parametrize("nip", ["12345", "1985031520100120031", "19850315201001200A"])
def test_the_activation_form_names_a_bad_nip(nip: str, db) -> None:
    response = Client().post(
        reverse("accounts:activate"), {"nip": nip, "code": "x", "password": "a", "password_again": "a"}
    )
    assert "NIP" in response.content.decode() and "18 angka" in response.content.decode()


def test_a_code_goes_by_e_mail_when_the_registry_has_an_address(
    tree, people, smtp, django_capture_on_commit_callbacks
) -> None:
    import re

    from conftest import REFUSED_ADDRESS

    Employee.objects.filter(pk=people.teacher.pk).update(email="siti@sd1.example.go.id")
    Employee.objects.filter(pk=people.head.pk).update(email=REFUSED_ADDRESS)
    someone = make_employee(tree.school, "199105052019032002", "Dewi Kartika")  # no address: printed
    with django_capture_on_commit_callbacks(execute=True):
        opened = _open(operator_of(tree.disdik), people.teacher, people.head, someone)
    assert [i.employee.nip for i in opened.issued] == [someone.nip]
    assert sorted(address for _e, address in opened.emailed) == sorted(["siti@sd1.example.go.id", REFUSED_ADDRESS])
    ((to, message),) = smtp.messages
    assert to == ["siti@sd1.example.go.id"]
    body = message.get_payload(decode=True).decode()  # type: ignore[attr-defined]
    assert people.teacher.nip in body and "/akun/aktivasi/" in body
    code = re.search(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}", body).group(0)  # type: ignore[union-attr]
    assert (
        Activation.objects.get(user__username=people.teacher.nip, status="menunggu").emailed_to
        == "siti@sd1.example.go.id"
    )
    services.account_activate(nip=people.teacher.nip, code=code, password=GOOD_PASSWORD)
    failed = Activation.objects.get(user__username=people.head.nip)
    assert failed.status == ActivationStatus.REPLACED and "550" in failed.email_error
    listed = {e.nip: e for e in employee_accounts(operator_of(tree.disdik))}
    assert "550" in listed[people.head.nip].email_error


def test_ticked_values_that_are_no_record_are_left_out(tree, people) -> None:
    client = Client()
    client.force_login(operator_of(tree.disdik))
    for posted in ({"employee": ["999999999999999999999", "abc", "-1"]}, {"unit": "999999999999999999999"}):
        response = client.post(reverse("accounts:employee-accounts-open"), posted)
        assert response.status_code == 302  # back to the list with "choose first", never an error page
    assert not User.objects.filter(username=people.teacher.nip).exists()
