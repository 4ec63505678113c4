"""Assessors' scores: own assignments only, 10–100, averaged per element, locked when closed, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bangkom.core.errors import ServiceError
from bangkom.selection.models import RoundCandidate, RoundStatus
from bangkom.selection.selectors import assignments_for, averaged_scores
from bangkom.selection.services import (
    assessment_save,
    assessor_assign,
    candidate_add,
    candidate_set_facts,
    round_move,
    round_open,
    round_screen,
)
from bangkom.selection.tests.test_rounds import official

D = Decimal


@pytest.fixture
def scored(users, tree):
    from bangkom.accounts import roles
    from bangkom.accounts.services import user_create

    second = user_create(username="u_penilai2", password="rahasia-uji-123", role=roles.ASSESSOR)
    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )
    employee = official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
    candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji")
    candidate_set_facts(
        actor=users["admin"], candidate=candidate, proposed_by_unit=True, baperjakat=True, education_conversion=False
    )
    first = assessor_assign(actor=users["admin"], candidate=candidate, assessor=users["penilai"])
    other = assessor_assign(actor=users["admin"], candidate=candidate, assessor=second)
    return selection_round, candidate, first, other, second


def test_scores_are_averaged_per_element_and_feed_the_final_score(users, scored) -> None:
    selection_round, candidate, first, other, second = scored
    from bangkom.notifications.models import Notification

    told = Notification.objects.get(recipient=users["penilai"])  # each assessor hears of their assignment
    assert told.text == f"Anda ditugaskan menilai {candidate.employee.full_name} pada {selection_round.name}."
    assert Notification.objects.filter(recipient=second).count() == 1
    assessment_save(actor=users["penilai"], assessment=first,
                    knowledge_written=D(80), knowledge_interview=D(90), potential_written=D(70), potential_interview=D(75),
                    fitness_health=D(80), fitness_communication=D(80), fitness_commitment=D(70), fitness_mental=D(70),
                    english_written=D(60), english_interview=D(70))  # fmt: skip
    assessment_save(
        actor=second,
        assessment=other,
        knowledge_written=D(90),
        knowledge_interview=D(90),
        potential_written=D(80),
        potential_interview=D(80),
        fitness_health=D(60),
        fitness_communication=D(70),
        fitness_commitment=D(80),
        fitness_mental=D(90),
        english_written=D(70),
    )  # English interview not yet scored
    assert averaged_scores(selection_round)[candidate.pk] == {
        "score_knowledge": D("87.50"),
        "score_potential": D("76.25"),
        "score_fitness": D("75.00"),
        "score_english": D("65.00"),
    }
    # TOEFL 480 on the registry? The official has no English test: BAHASA_INGGRIS fails, but the score is computed.
    round_screen(actor=users["admin"], selection_round=selection_round)
    candidate.refresh_from_db()
    assert candidate.final_score == D("77.13")  # 26.25 + 22.875 + 15 + 13 = 77.125, half-up


def test_only_the_assigned_assessor_scores_and_within_10_to_100(users, scored) -> None:
    _round, _candidate, first, other, second = scored
    with pytest.raises(ServiceError, match="Hanya penilai yang ditugaskan"):
        assessment_save(actor=second, assessment=first, knowledge_written=D(80))
    with pytest.raises(ValidationError) as error:
        assessment_save(
            actor=users["penilai"], assessment=first, knowledge_written=D("9.99"), fitness_mental=D("100.01")
        )
    assert set(error.value.message_dict) == {"knowledge_written", "fitness_mental"}
    first.refresh_from_db()
    assert first.knowledge_written is None  # nothing half-saved
    assert [a.pk for a in assignments_for(users["penilai"])] == [first.pk]
    assert [a.pk for a in assignments_for(second)] == [other.pk]


def test_assignment_rules_lock_and_audit(users, scored, people) -> None:
    selection_round, candidate, first, _other, _second = scored
    with pytest.raises(ValidationError, match="bukan penilai"):
        assessor_assign(actor=users["admin"], candidate=candidate, assessor=users["tspdi"])
    with pytest.raises(ValidationError, match="sudah ditugaskan"):
        assessor_assign(actor=users["admin"], candidate=candidate, assessor=users["penilai"])
    assessment_save(actor=users["penilai"], assessment=first, knowledge_written=D(85))
    assert first.history.first().history_user == users["penilai"]
    round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.INVENTORY)
    round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.SCREENING)
    round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.CLOSED)
    with pytest.raises(ServiceError, match="tidak dapat diubah lagi"):
        assessment_save(actor=users["penilai"], assessment=first, knowledge_written=D(95))
    assert RoundCandidate.objects.get(pk=candidate.pk).assessments.get(
        assessor=users["penilai"]
    ).knowledge_written == D(85)
