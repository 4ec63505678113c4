"""No write crosses a unit: the Disdik operator, posting well-formed bodies that name Dinas Kesehatan's
employees or units, is refused by every write path, and nothing is saved. The same refusals hold
when the services are called directly, so no view, command or hook can bypass them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, RankHistory, TrainingKind
from bangkom.people.services import employee_update, history_add
from bangkom.planning.models import Competency, PlanItem
from bangkom.planning.services import cycle_open, item_add
from bangkom.selection.models import RoundCandidate, SessionDecision
from bangkom.selection.services import candidate_add, member_add, round_move, round_open, session_record, team_create
from bangkom.studies import services as study_services
from bangkom.studies.models import OverseasRequest, StudyApplication
from bangkom.studies.tests import flow as study_flow
from bangkom.training import services as training_services
from bangkom.training.models import Participant, Program
from bangkom.training.tests import flow as training_flow
from conftest import operator_of

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year + 2


def decided_round(users, people):  # type: ignore[no-untyped-def]
    """A closed round whose TSPDI decided two participants: the Disdik head and the Dinkes nurse."""
    admin = users["admin"]
    selection_round = round_open(
        actor=admin, name="Seleksi PKA", level="III", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=5
    )
    candidates = [
        candidate_add(actor=admin, selection_round=selection_round, employee=e, reason="uji")
        for e in (people.head, people.nurse)
    ]
    team = team_create(actor=admin, name="TSPDI", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    chair = member_add(actor=admin, team=team, employee=people.head, position="Sekda", role="ketua")
    session = session_record(
        actor=admin,
        team=team,
        selection_round=selection_round,
        held_on=dt.date(2026, 11, 20),
        agenda="Penetapan",
        attendees=[chair],
    )
    for candidate in candidates:
        SessionDecision.objects.create(session=session, candidate=candidate, decision="ditetapkan_peserta")
    for status in ("penjaringan", "seleksi_administrasi", "ditutup"):
        round_move(actor=admin, selection_round=selection_round, to=status)
    return selection_round


@pytest.fixture
def disdik_program(users, tree) -> Program:  # type: ignore[no-untyped-def]
    training_flow.cost_standard(YEAR)
    program = training_flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1), count=5)
    training_flow.recommended(program, users, today=timezone.localdate())
    training_flow.decreed(program, users)
    return program


def test_round_participants_from_another_unit_are_refused_by_the_page(client, users, people, disdik_program) -> None:
    selection_round = decided_round(users, people)
    client.force_login(users["operator"])
    response = client.post(
        reverse("training:participants-round", args=[disdik_program.pk]),
        {"selection_round": selection_round.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "Di luar unit kerja Anda" in page and "Ani Lestari (199002022015032001, Dinas Kesehatan)" in page
    assert not Participant.objects.filter(program=disdik_program).exists()  # not even the Disdik head


def test_an_operator_over_every_unit_may_take_every_decided_participant(users, people, tree, disdik_program) -> None:
    selection_round = decided_round(users, people)
    with pytest.raises(ServiceError, match="tidak berwenang"):  # the administrator proposes no programs
        training_services.participants_from_round(
            actor=users["admin"], program=disdik_program, selection_round=selection_round
        )
    added = training_services.participants_from_round(
        actor=operator_of(tree.root), program=disdik_program, selection_round=selection_round
    )
    assert {p.employee for p in added} == {people.head, people.nurse}


def test_nip_lines_of_another_unit_are_refused(client, users, people, disdik_program) -> None:
    client.force_login(users["operator"])
    response = client.post(
        reverse("training:participants", args=[disdik_program.pk]),
        {"nips": f"{people.teacher.nip}\n{people.nurse.nip}"},
        follow=True,
    )
    assert f"NIP &#x27;{people.nurse.nip}&#x27;: bukan pegawai Dinas Pendidikan" in response.content.decode()
    assert not Participant.objects.filter(program=disdik_program).exists()


def test_a_program_cannot_be_proposed_for_or_moved_to_another_unit(users, tree) -> None:
    training_flow.cost_standard(YEAR)
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        training_flow.proposal(users["operator"], tree.dinkes, dt.date(YEAR, 12, 1))
    assert not Program.objects.filter(unit=tree.dinkes).exists()
    own = training_flow.proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1))
    fields = {name: getattr(own, name) for name in training_services.PROGRAM_FIELDS} | {"unit": tree.dinkes}
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        training_services.program_update(actor=users["operator"], program=own, **fields)
    own.refresh_from_db()
    assert own.unit == tree.disdik


def test_another_units_program_cannot_be_given_participants_even_by_calling_the_service(users, people, tree) -> None:
    training_flow.cost_standard(YEAR)
    dinkes = operator_of(tree.dinkes)
    other = training_flow.proposal(dinkes, tree.dinkes, dt.date(YEAR, 12, 1))
    training_flow.recommended(other, {**users, "operator": dinkes}, today=timezone.localdate())
    training_flow.decreed(other, users)
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        training_services.participants_add(actor=users["operator"], program=other, nips=[people.nurse.nip])
    assert not other.participants.exists()


def test_a_candidate_from_another_unit_is_refused(client, users, people) -> None:
    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="III", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=5
    )
    client.force_login(users["operator"])
    response = client.post(
        reverse("selection:candidate-add", args=[selection_round.pk]), {"nip": people.nurse.nip, "reason": "usulan"}
    )
    assert "NIP tidak ditemukan dalam cakupan Anda" in response.content.decode()
    with pytest.raises(ServiceError, match="Ani Lestari"):
        candidate_add(
            actor=users["operator"], selection_round=selection_round, employee=people.nurse, reason="x", source="unit"
        )
    assert not RoundCandidate.objects.filter(employee=people.nurse).exists()


def test_registry_writes_about_another_units_employee_are_refused(client, users, people, tree) -> None:
    client.force_login(users["operator"])
    for name in ("people:history-add", "people:edit"):
        args = [people.nurse.nip, "pangkat"] if name == "people:history-add" else [people.nurse.nip]
        assert client.post(reverse(name, args=args), {"golongan": 32, "tmt": "2020-04-01"}).status_code == 404
    with pytest.raises(ServiceError, match="Ani Lestari"):
        history_add(
            actor=users["operator"], row=RankHistory(employee=people.nurse, golongan_id=32, tmt=dt.date(2020, 4, 1))
        )
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        employee_update(actor=users["operator"], employee=people.teacher, unit=tree.dinkes)
    assert not RankHistory.objects.filter(employee=people.nurse).exists()
    assert Employee.objects.get(pk=people.teacher.pk).unit == tree.school


def test_plan_items_and_studies_for_another_units_employee_are_refused(users, people, tree) -> None:
    today = timezone.localdate()
    cycle = cycle_open(
        actor=users["admin"], year=today.year + 1, needs_due=today, verification_due=today, report_due=today
    )
    own_plan, other_plan = cycle.unit_plans.get(unit=tree.disdik), cycle.unit_plans.get(unit=tree.dinkes)
    item = {"competency": Competency.objects.get(pk="11"), "path": "pelatihan", "kind": TrainingKind.objects.get(pk=3),
            "title": "Uji", "jp": 10, "estimated_cost": Decimal(0), "quarter": 1, "provider": "BPSDM"}  # fmt: skip
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        item_add(actor=users["operator"], unit_plan=other_plan, employee=people.nurse, **item)
    with pytest.raises(ServiceError):
        item_add(actor=users["operator"], unit_plan=own_plan, employee=people.nurse, **item)
    assert not PlanItem.objects.exists()
    announcement = study_flow.announcement(users["admin"], today=today)
    with pytest.raises(ServiceError, match="Ani Lestari"):
        study_flow.application(users["operator"], announcement, people.nurse, today=today)
    with pytest.raises(ServiceError, match="Ani Lestari"):
        study_flow.overseas(users["operator"], people.nurse, today=today)
    assert not StudyApplication.objects.exists() and not OverseasRequest.objects.exists()
    assert study_services  # the module the flows call


@pytest.mark.parametrize("role", ["penilai", "tspdi", "pimpinan", "pegawai", "umum"])
def test_roles_without_the_permission_are_refused_by_the_service_itself(users, people, role: str) -> None:
    from bangkom.desk.services import participants_add
    from bangkom.desk.tests import flow as service_flow

    assessment = service_flow.open_assessment(users["admin"])
    with pytest.raises(ServiceError, match="tidak berwenang"):
        participants_add(actor=users[role], assessment=assessment, nips=[people.teacher.nip])
    assert not assessment.participants.exists()


def test_another_units_application_and_program_cannot_be_changed_through_the_services(users, people, tree) -> None:
    today = timezone.localdate()
    announcement = study_flow.announcement(users["admin"], today=today)
    other = study_flow.application(operator_of(people.nurse.unit), announcement, people.nurse, today=today)
    with pytest.raises(ServiceError, match="Ani Lestari"):
        study_services.application_submit(actor=users["operator"], application=other, today=today)
    other.refresh_from_db()
    assert other.status == "disusun"
    training_flow.cost_standard(YEAR)
    program = training_flow.proposal(operator_of(tree.dinkes), tree.dinkes, dt.date(YEAR, 12, 1))
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        training_services.program_submit(actor=users["operator"], program=program, today=today)
    program.refresh_from_db()
    assert program.status == "disusun"
