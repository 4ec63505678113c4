from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from bangkom.core.bulk import bulk_insert
from bangkom.people.models import EnglishTest, TrainingRecord


def test_bulk_insert_round_trips_every_field_type(people) -> None:
    before = timezone.now()
    tests = [
        EnglishTest(
            employee=people.teacher, kind_id="TOEFL_ITP", score=Decimal("477.5"), test_date=dt.date(2024, 2, 29)
        ),
        EnglishTest(
            employee=people.nurse,
            kind_id="IELTS",
            score=Decimal("6.5"),
            test_date=dt.date(2025, 12, 31),
            certificate_number="X-1",
        ),
    ]
    trainings = [
        TrainingRecord(
            employee=people.teacher,
            name="PKP",
            kind_id=1,
            structural_level_id=2,
            start_date=dt.date(2020, 1, 6),
            end_date=dt.date(2020, 4, 3),
            jp_hours=189,
        ),
    ]
    assert bulk_insert(EnglishTest, tests, batch_size=1) == 2
    assert bulk_insert(TrainingRecord, trainings) == 1
    stored = {t.kind_id: t for t in EnglishTest.objects.all()}
    assert stored["TOEFL_ITP"].score == Decimal("477.5") and stored["TOEFL_ITP"].test_date == dt.date(2024, 2, 29)
    assert stored["IELTS"].certificate_number == "X-1" and stored["IELTS"].employee == people.nurse
    training = TrainingRecord.objects.get()
    assert (training.structural_level_id, training.jp_hours, training.end_date) == (2, 189, dt.date(2020, 4, 3))
    assert before <= training.created_at <= timezone.now()


def test_reserved_ids_never_collide_with_later_inserts(people) -> None:
    from django.db import transaction

    from bangkom.core.bulk import bulk_insert_with_history
    from bangkom.people.models import RankHistory
    from bangkom.people.services import history_add

    with transaction.atomic():
        rows = [RankHistory(employee=people.nurse, golongan_id=g, tmt=dt.date(2010 + g - 30, 4, 1)) for g in (31, 32)]
        bulk_insert_with_history(RankHistory, rows, user=None, reason="impor uji")
    assert rows[0].pk < rows[1].pk
    assert {r.pk for r in rows} == set(RankHistory.objects.filter(employee=people.nurse).values_list("pk", flat=True))
    later = history_add(actor=None, row=RankHistory(employee=people.nurse, golongan_id=33, tmt=dt.date(2024, 4, 1)))
    assert later.pk > rows[1].pk
    records = RankHistory.history.filter(id__in=[r.pk for r in rows])
    assert {(r.history_type, r.history_change_reason) for r in records} == {("+", "impor uji")}
