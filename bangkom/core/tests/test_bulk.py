from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from bangkom.core.bulk import JsonText, bulk_insert
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


def test_bulk_set_writes_the_named_fields_of_each_row_and_nothing_else(people, users) -> None:
    from bangkom.core.bulk import bulk_set
    from bangkom.core.models import Job

    tests = [
        EnglishTest(employee=people.teacher, kind_id="TOEFL_ITP", score=Decimal("450"), test_date=dt.date(2024, 1, 2)),
        EnglishTest(employee=people.nurse, kind_id="IELTS", score=Decimal("5.5"), test_date=dt.date(2024, 3, 4)),
        EnglishTest(employee=people.head, kind_id="IELTS", score=Decimal("6"), test_date=dt.date(2024, 5, 6)),
    ]
    for test in tests:
        test.save()
    rows = [(tests[0].pk, Decimal("477.5"), "BARU"), (tests[1].pk, Decimal("7.0"), "")]
    assert bulk_set(EnglishTest, ["score", "certificate_number"], rows) == 2
    stored = {t.pk: t for t in EnglishTest.objects.all()}
    assert (stored[tests[0].pk].score, stored[tests[0].pk].certificate_number) == (Decimal("477.5"), "BARU")
    assert (stored[tests[1].pk].score, stored[tests[1].pk].test_date) == (Decimal("7.0"), dt.date(2024, 3, 4))
    assert stored[tests[2].pk].score == Decimal("6")  # not passed: untouched
    jobs = [Job.objects.create(kind="uji", created_by=users["admin"]) for _ in range(3)]
    when = timezone.now()
    text = {"teks": "Ä → 'kutip'"}
    rows = [(jobs[0].pk, {}, None), (jobs[1].pk, {"n": 1, **text}, None), (jobs[2].pk, {"n": 2, **text}, when)]
    assert bulk_set(Job, ["result", "finished_at"], rows) == 3 and bulk_set(Job, ["result"], []) == 0
    stored_jobs = {j.pk: j for j in Job.objects.all()}
    assert [stored_jobs[j.pk].result for j in jobs] == [{}, {"n": 1, **text}, {"n": 2, **text}]
    assert stored_jobs[jobs[1].pk].finished_at is None and stored_jobs[jobs[2].pk].finished_at == when
    # JSON the caller encoded already is stored as that document, not as a JSON string of it.
    encoded = JsonText('[{"kode": "SKP", "keterangan": "Predikat \\u201cBaik\\u201d: 100 %"}]')
    assert bulk_set(Job, ["result"], [(jobs[0].pk, encoded)]) == 1
    assert Job.objects.get(pk=jobs[0].pk).result == [{"kode": "SKP", "keterangan": "Predikat “Baik”: 100 %"}]
    assert Job.objects.filter(pk=jobs[0].pk, result__0__kode="SKP").exists()  # a document the database can query


def test_bulk_set_of_changed_rows_only_leaves_equal_rows_alone(people, users) -> None:
    """Three rows, one already holding the values: two written (counted), the equal one untouched,
    nulls and JSON compared as values; a second pass writes nothing."""
    from bangkom.core.bulk import bulk_set
    from bangkom.core.models import Job

    jobs = [Job.objects.create(kind="uji", created_by=users["admin"], result={"n": n}) for n in range(3)]
    when = timezone.now()
    rows = [
        (jobs[0].pk, JsonText('{"n": 0}'), None),  # what it holds already
        (jobs[1].pk, {"n": 10}, None),  # another document
        (jobs[2].pk, {"n": 2}, when),  # same document, a date where there was none
    ]
    assert bulk_set(Job, ["result", "finished_at"], rows, changed_only=True) == 2
    stored = {j.pk: (j.result, j.finished_at) for j in Job.objects.all()}
    assert [stored[j.pk] for j in jobs] == [({"n": 0}, None), ({"n": 10}, None), ({"n": 2}, when)]
    assert bulk_set(Job, ["result", "finished_at"], rows, changed_only=True) == 0
