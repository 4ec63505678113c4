"""The temporal rules: one statement per record, enforced by full_clean (so by every service) and,
within a row, by the database; existing bad rows are reported, never dropped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from bangkom.core import temporal
from bangkom.core.models import RecordProblem
from bangkom.core.services import record_problems_find
from bangkom.people.models import SkpRating, SkpRecord, TrainingRecord
from bangkom.people.services import history_add
from bangkom.planning.models import PlanningCycle
from bangkom.planning.services import cycle_open

UTC = dt.UTC


def _training(people: Any, start: dt.date, end: dt.date) -> TrainingRecord:
    return TrainingRecord(
        employee=people.teacher, name="Pelatihan Uji", kind_id=8, start_date=start, end_date=end, jp_hours=20
    )


def test_every_rule_names_a_real_field_of_a_real_model() -> None:
    for label, rules in temporal.RULES.items():
        model = apps.get_model(label)
        for rule in rules:
            model._meta.get_field(rule.field)
            if isinstance(rule, temporal.NotBefore):
                model._meta.get_field(rule.start)


@pytest.mark.django_db
def test_an_event_on_jakartas_new_year_counts_as_happened_at_00_30(people: Any, clock: Any) -> None:
    # 00:30 WIB on 1 January 2027 is still 31 December 2026 in UTC.
    clock(dt.datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    row = history_add(actor=None, row=_training(people, dt.date(2027, 1, 1), dt.date(2027, 1, 1)))
    assert row.pk
    with pytest.raises(ValidationError) as refused:
        history_add(actor=None, row=_training(people, dt.date(2027, 1, 1), dt.date(2027, 1, 2)))
    assert refused.value.message_dict == {
        "end_date": ["Tanggal selesai 02-01-2027 belum terjadi: tanggal itu sesudah hari ini (01-01-2027)."]
    }
    assert TrainingRecord.objects.filter(employee=people.teacher).count() == 1


@pytest.mark.django_db
def test_a_training_may_not_end_before_it_starts_in_the_service_and_in_the_database(people: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        history_add(actor=None, row=_training(people, dt.date(2024, 5, 6), dt.date(2024, 5, 4)))
    assert refused.value.message_dict["end_date"] == [
        "Tanggal selesai (04-05-2024) tidak boleh sebelum tanggal mulai (06-05-2024)."
    ]
    row = history_add(actor=None, row=_training(people, dt.date(2024, 5, 4), dt.date(2024, 5, 6)))
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingRecord.objects.filter(pk=row.pk).update(end_date=dt.date(2024, 5, 3))
    assert history_add(actor=None, row=_training(people, dt.date(2024, 5, 6), dt.date(2024, 5, 6))).pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "accepted"), [(1949, False), (1950, True), (2026, True), (2027, False), (1800, False)]
)
def test_an_skp_year_lies_between_1950_and_this_year(people: Any, clock: Any, year: int, accepted: bool) -> None:
    clock(dt.datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    row = SkpRecord(employee=people.teacher, year=year, rating_id=SkpRating.objects.values_list("pk", flat=True)[0])
    if accepted:
        assert history_add(actor=None, row=row).pk
        return
    with pytest.raises(ValidationError) as refused:
        history_add(actor=None, row=row)
    assert refused.value.message_dict["year"] == [f"Tahun {year} tidak mungkin: isi tahun antara 1950 dan 2026."]


@pytest.mark.django_db
def test_a_cycle_is_opened_for_next_year_at_most(users: dict[str, Any], clock: Any) -> None:
    clock(dt.datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    dates = {
        "needs_due": dt.date(2026, 12, 10),
        "verification_due": dt.date(2026, 12, 20),
        "report_due": dt.date(2027, 12, 31),
    }
    for year in (2029, 99999999999):
        with pytest.raises(ValidationError, match="isi tahun antara 2000 dan 2027"):
            cycle_open(actor=users["admin"], year=year, **dates)
    assert not PlanningCycle.objects.exists()
    assert cycle_open(actor=users["admin"], year=2027, **dates).year == 2027


@pytest.mark.django_db
def test_records_check_lists_future_events_once_and_changes_nothing(people: Any, capsys: Any) -> None:
    row = history_add(actor=None, row=_training(people, dt.date(2024, 5, 4), dt.date(2024, 5, 6)))
    future = timezone.localdate() + dt.timedelta(days=180)
    TrainingRecord.objects.filter(pk=row.pk).update(start_date=future, end_date=future)  # a row from before the rule
    call_command("records_check")
    call_command("records_check")
    problems = RecordProblem.objects.filter(label="people.TrainingRecord", object_id=str(row.pk))
    assert sorted(problems.values_list("field", flat=True)) == ["end_date", "start_date"]
    assert problems.get(field="end_date").original_value == future.strftime("%d-%m-%Y")
    assert TrainingRecord.objects.get(pk=row.pk).end_date == future
    assert "2 temuan." in capsys.readouterr().out
    assert {p.pk for p in record_problems_find()} == set(problems.values_list("pk", flat=True))


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_records_and_repairs_rows_the_new_constraints_refuse(reference: None) -> None:
    before = [("planning", "0001_initial"), ("training", "0001_initial")]
    old = _migrate(before)
    try:
        user = old.get_model("accounts", "User").objects.create(username="pembuat")
        cycle = old.get_model("planning", "PlanningCycle")
        huge = 32767 if connection.vendor == "postgresql" else 99999999999  # SQLite keeps any integer
        dates = {
            "needs_due": dt.date(2026, 12, 1),
            "verification_due": dt.date(2026, 12, 15),
            "report_due": dt.date(2028, 1, 31),
            "opened_by_id": user.pk,
        }
        wild = cycle.objects.create(year=huge, **dates)
        ahead = cycle.objects.create(year=2029, **dates)
        unit = old.get_model("people", "Unit").objects.create(code="U1", name="Unit", kind="opd", path="0001", depth=1)
        program = old.get_model("training", "Program").objects.create(
            unit_id=unit.pk, title="Program terbalik", kind_id=old.get_model("people", "TrainingKind").objects.first().pk,
            target_participants="Guru", participant_count=10, jp=10, start_date=dt.date(2026, 5, 6),
            end_date=dt.date(2026, 5, 4), venue="Aula", facilities="Proyektor", proposed_by_id=user.pk,
        )  # fmt: skip
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    problems = {(p.label, p.object_id, p.field): p for p in RecordProblem.objects.all()}
    assert problems[("planning.PlanningCycle", str(wild.pk), "year")].original_value == str(huge)
    assert problems[("planning.PlanningCycle", str(wild.pk), "year")].repaired_value == "2100"
    assert problems[("training.Program", str(program.pk), "end_date")].original_value == "04-05-2026"
    assert problems[("training.Program", str(program.pk), "end_date")].repaired_value == "06-05-2026"
    assert ("planning.PlanningCycle", str(ahead.pk), "year") not in problems  # within the frame: left as it is
    assert PlanningCycle.objects.get(pk=ahead.pk).year == 2029
    # ... and the check that runs on every record lists it, with the repaired one.
    listed = {(p.label, p.object_id) for p in record_problems_find()}
    assert ("planning.PlanningCycle", str(ahead.pk)) in listed
    assert ("planning.PlanningCycle", str(wild.pk)) in listed


@pytest.mark.django_db
def test_the_administrator_reads_the_problems_found_and_nobody_edits_them(users: dict[str, Any]) -> None:
    from django.test import Client
    from django.urls import reverse

    RecordProblem.objects.create(
        label="planning.PlanningCycle",
        object_id="7",
        field="year",
        original_value="99999999999",
        repaired_value="2100",
        problem="Tahun tidak mungkin",
        found_by="migrasi",
    )
    client = Client()
    client.force_login(users["admin"])
    page = client.get(reverse("admin:core_recordproblem_changelist"))
    assert page.status_code == 200 and "99999999999" in page.content.decode()
    assert client.get(reverse("admin:core_recordproblem_add")).status_code == 403
