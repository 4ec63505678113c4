"""When a record's dates can be true: the one place that states the temporal rules of every record.

Four kinds of rule:
- `Happened`: an event that took place is not after today (Asia/Jakarta). Today moves, so this is
  checked by `full_clean` (every service validates through it), never by the database.
- `NotBefore`: one date of a row is not before another (an end before its start, a reply before
  the letter it answers). Also a database `CheckConstraint`, so no write path can skip it.
- `YearRange`: a year between a first year and today's year plus `ahead` (histories: up to this
  year; plans and budgets: up to next year). The database holds the fixed frame
  `first`..`YEAR_CEILING`; the moving upper bound is checked by `full_clean`.
- `Recent`: a date a request was received, not backdated more than `days` before it is entered
  (a backdated receipt would make a late service look on time).

Each model's Meta takes its constraints from `constraints_for(label)`; `TemporalRules.clean_fields`
applies the rest. `violations(model)` finds existing rows that break a rule (the migrations that
add the constraints record and repair them, the `records_check` command reports the rest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HISTORY_FIRST_YEAR = 1950  # no civil servant in service has a history before it
PLAN_FIRST_YEAR = 2000  # plans, budgets, certificates and cycles are kept from the system's era
YEAR_CEILING = 2100  # the database's outer frame for any year column


@dataclass(frozen=True)
class Happened:
    field: str


@dataclass(frozen=True)
class NotBefore:
    field: str
    start: str


@dataclass(frozen=True)
class YearRange:
    field: str
    first: int = HISTORY_FIRST_YEAR
    ahead: int = 0


@dataclass(frozen=True)
class Recent:
    field: str
    days: int = 31


Rule = Happened | NotBefore | YearRange | Recent


def _happened(*fields: str) -> tuple[Happened, ...]:
    return tuple(Happened(name) for name in fields)


RULES: dict[str, tuple[Rule, ...]] = {
    "people.Employee": _happened("birth_date", "tmt_cpns", "tmt_pns", "golongan_tmt", "position_tmt"),
    "people.RankHistory": _happened("tmt", "sk_date"),
    "people.PositionHistory": _happened("tmt", "sk_date"),
    "people.EducationHistory": (YearRange("graduation_year"),),
    "people.SkpRecord": (YearRange("year"),),
    "people.EnglishTest": _happened("test_date"),
    "people.TrainingRecord": (*_happened("start_date", "end_date"), NotBefore("end_date", "start_date")),
    "selfservice.LearningReport": (*_happened("start_date", "end_date"), NotBefore("end_date", "start_date")),
    "planning.PlanningCycle": (
        YearRange("year", first=PLAN_FIRST_YEAR, ahead=1),
        NotBefore("verification_due", "needs_due"),
        NotBefore("report_due", "verification_due"),
    ),
    "planning.CostStandard": (YearRange("year", first=PLAN_FIRST_YEAR, ahead=1),),
    "planning.CompetencyLevel": _happened("assessed_on"),
    "planning.Realisation": _happened("carried_out_on"),
    "training.Program": (NotBefore("end_date", "start_date"),),
    "training.Discussion": _happened("held_on"),
    # Scheduled with its program, which is proposed a year or more ahead.
    "training.Supervision": (*_happened("carried_out_on"), YearRange("year", first=PLAN_FIRST_YEAR, ahead=5)),
    "training.Certificate": (YearRange("year", first=PLAN_FIRST_YEAR),),
    "dispatch.Dispatch": (
        *_happened("requested_on", "agreement_date"),
        Recent("requested_on"),
        NotBefore("end_date", "start_date"),
    ),
    "dispatch.MonitoringNote": _happened("noted_on"),
    "selection.SelectionRound": (NotBefore("closes_on", "opens_on"),),
    "selection.SelectionTeam": (NotBefore("period_end", "period_start"),),
    "selection.TeamSession": _happened("held_on"),
    "services.ServiceRequest": (
        *_happened("received_on", "finished_on"),
        Recent("received_on"),
        NotBefore("due_on", "received_on"),
        NotBefore("finished_on", "received_on"),
    ),
    "services.JobTargetAssessment": (
        *_happened("letter_sent_on", "reply_date"),
        NotBefore("reply_date", "letter_sent_on"),
        NotBefore("facilitation_starts_on", "letter_sent_on"),
        NotBefore("facilitation_ends_on", "facilitation_starts_on"),
    ),
    "services.Participant": (*_happened("report_received_on"), NotBefore("report_received_on", "assessed_on")),
    "services.Complaint": (
        *_happened("received_on", "answered_on"),
        Recent("received_on"),
        NotBefore("respond_by", "received_on"),
        NotBefore("resolve_by", "received_on"),
        NotBefore("answered_on", "received_on"),
    ),
    "studies.StudyAnnouncement": (
        YearRange("year", first=PLAN_FIRST_YEAR, ahead=1),
        NotBefore("closes_on", "opens_on"),
        NotBefore("study_starts_on", "closes_on"),
    ),
    "studies.StudyAssignment": (*_happened("graduated_on"), NotBefore("ends_on", "starts_on")),
    "studies.OverseasRequest": (NotBefore("ends_on", "starts_on"),),
    "documents.PostHolder": (NotBefore("end", "start"),),
}


def rules_for(label: str) -> tuple[Rule, ...]:
    return RULES.get(label, ())


def _constraint_name(label: str, rule: NotBefore | YearRange) -> str:
    return f"{label.split('.')[1].lower()}_{rule.field}_{'order' if isinstance(rule, NotBefore) else 'year'}"


def allowed(rule: NotBefore | YearRange) -> Q:
    """The rows the database accepts under a rule (an empty date is not judged)."""
    if isinstance(rule, NotBefore):
        return (
            Q(**{f"{rule.field}__isnull": True})
            | Q(**{f"{rule.start}__isnull": True})
            | Q(**{f"{rule.field}__gte": F(rule.start)})
        )
    return Q(**{f"{rule.field}__gte": rule.first, f"{rule.field}__lte": YEAR_CEILING})


def constraints_for(label: str) -> list[models.BaseConstraint]:
    """The database's share of a model's rules, for its Meta.constraints."""
    return [
        models.CheckConstraint(
            condition=allowed(rule),
            name=_constraint_name(label, rule),
            violation_error_message=gettext_lazy("Tanggal atau tahun tidak mungkin (aturan %(name)s)."),
        )
        for rule in rules_for(label)
        if isinstance(rule, NotBefore | YearRange)
    ]


def _label(instance: models.Model, name: str) -> str:
    return str(getattr(instance._meta.get_field(name), "verbose_name", name))


def rule_error(instance: models.Model, rule: Rule, today: dt.date) -> str | None:
    """What is wrong with one row under one rule, in the user's words, or None."""
    message = _broken(instance, rule, today)
    return capfirst(message) if message else None


def shown(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else str(value)


def _broken(instance: models.Model, rule: Rule, today: dt.date) -> str | None:
    value = getattr(instance, rule.field, None)
    if value is None or value == "":
        return None
    field, value_text = _label(instance, rule.field), shown(value)
    if isinstance(rule, Happened):
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if value > today:
            return _("%(field)s %(value)s belum terjadi: tanggal itu sesudah hari ini (%(today)s).") % {
                "field": field,
                "value": value_text,
                "today": shown(today),
            }
    elif isinstance(rule, NotBefore):
        start = getattr(instance, rule.start, None)
        if start is not None and value < start:
            start_label = _label(instance, rule.start)
            return _("%(field)s (%(value)s) tidak boleh sebelum %(start)s (%(start_value)s).") % {
                "field": field,
                "value": value_text,
                "start": start_label,
                "start_value": shown(start),
            }
    elif isinstance(rule, YearRange):
        last = today.year + rule.ahead
        if not isinstance(value, int) or not rule.first <= value <= last:
            return _("%(field)s %(value)s tidak mungkin: isi tahun antara %(first)d dan %(last)d.") % {
                "field": field,
                "value": value_text,
                "first": rule.first,
                "last": last,
            }
    elif isinstance(rule, Recent):
        created = getattr(instance, "created_at", None)
        entered = timezone.localtime(created).date() if created else today
        if value < entered - dt.timedelta(days=rule.days):
            return _("%(field)s %(value)s terlalu jauh ke belakang: paling lama %(days)d hari sebelum dicatat.") % {
                "field": field,
                "value": value_text,
                "days": rule.days,
            }
    return None


def errors_of(instance: models.Model, exclude: set[str] | None = None, today: dt.date | None = None) -> dict[str, str]:
    """Every rule a row breaks, by field (the first broken rule of each field)."""
    today = today or timezone.localdate()
    found: dict[str, str] = {}
    for rule in rules_for(instance._meta.label):
        if rule.field in found or (exclude and rule.field in exclude):
            continue
        message = rule_error(instance, rule, today)
        if message:
            found[rule.field] = message
    return found


def _is_year(instance: Any, name: str) -> bool:
    return any(isinstance(r, YearRange) and r.field == name for r in rules_for(instance._meta.label)) and isinstance(
        getattr(instance, name, None), int
    )


class TemporalRules:
    """Mixin of every model: `full_clean` applies the model's temporal rules to its fields."""

    def clean_fields(self, exclude: Any = None) -> None:
        collected: dict[str, Any] = {}
        try:
            super().clean_fields(exclude)  # type: ignore[misc]
        except ValidationError as error:
            collected = error.error_dict
        # A year outside its frame gets the year's own message, not the column's integer range
        # (PostgreSQL's smallint stops at 32767): the reader learns which years are possible.
        skip = set(exclude or ()) | {name for name in collected if not _is_year(self, name)}
        for name, message in errors_of(self, skip).items():  # type: ignore[arg-type]
            collected[name] = [ValidationError(message)]
        if collected:
            raise ValidationError(collected)


def violations(model: type[models.Model], today: dt.date | None = None) -> Iterator[tuple[models.Model, Rule, str]]:
    """Existing rows of a model that break its rules, with the rule and the message."""
    today = today or timezone.localdate()
    rules = rules_for(model._meta.label)
    if not rules:
        return
    for rule in rules:
        if isinstance(rule, Happened):
            suspect = Q(**{f"{rule.field}__gt": today})
        elif isinstance(rule, NotBefore):
            suspect = ~allowed(rule)
        elif isinstance(rule, YearRange):
            suspect = Q(**{f"{rule.field}__lt": rule.first}) | Q(**{f"{rule.field}__gt": today.year + rule.ahead})
        else:
            suspect = Q(**{f"{rule.field}__lt": today - dt.timedelta(days=rule.days)})
        for row in model._default_manager.filter(suspect).order_by("pk").iterator(chunk_size=500):
            message = rule_error(row, rule, today)
            if message:
                yield row, rule, message


def record_and_repair(label: str) -> Any:
    """A migration step run before a model's constraints are added: each stored row that breaks one
    is written to RecordProblem with its original value, then repaired (an end before its start
    takes the start; a year outside the frame takes the nearest bound) so the constraint can hold."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(label)
        problems = apps.get_model("core", "RecordProblem")
        today = timezone.localdate()
        for rule in rules_for(label):
            if not isinstance(rule, NotBefore | YearRange):
                continue
            for row in model._default_manager.exclude(allowed(rule)).order_by("pk"):
                original = getattr(row, rule.field)
                if isinstance(rule, NotBefore):
                    repaired = getattr(row, rule.start)
                else:
                    repaired = min(max(original, rule.first), YEAR_CEILING)
                message = rule_error(row, rule, today) or _constraint_name(label, rule)
                problems.objects.get_or_create(
                    label=label,
                    object_id=str(row.pk),
                    field=rule.field,
                    problem=message[:500],
                    defaults={
                        "original_value": shown(original)[:100],
                        "repaired_value": shown(repaired)[:100],
                        "found_by": "migrasi",
                    },
                )
                model._default_manager.filter(pk=row.pk).update(**{rule.field: repaired})
                print(f"  {label} #{row.pk} {rule.field}: {shown(original)} -> {shown(repaired)} ({message})")

    return run
