"""Scoped reads of training programs: BKPSDM sees every unit's programs in one place, an operator
those of their own unit and its sub-units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import flow_scope, own_units, sees_all, unit_scope
from bangkom.core.formats import rupiah
from bangkom.core.waiting import Waiting, combined, dated, listed
from bangkom.people.models import Unit
from bangkom.planning import analysis as planning_analysis
from bangkom.planning.models import CostStandard, DevelopmentPath, ItemStatus, PlanItem
from bangkom.planning.selectors import cost_standard_for

from .models import (
    Certificate,
    MaterialKind,
    Participant,
    Presence,
    Program,
    ProgramStatus,
    Supervision,
)
from .policy import policy

REVIEW = "training.review_program"
PROPOSE = "training.propose_program"
ISSUE = "training.issue_certificate"


def may_open_programs(user: User) -> bool:
    return user.has_perm(REVIEW) or user.has_perm(PROPOSE) or user.has_perm(ISSUE)


def sees_all_programs(user: User) -> bool:
    return sees_all(user, REVIEW, ISSUE)


def programs_visible(user: User) -> QuerySet[Program]:
    scope = flow_scope(user, sees_all_with=[REVIEW, ISSUE], own_unit_with=PROPOSE)
    return Program.objects.select_related("unit", "kind").filter(scope)


def program_list(user: User) -> QuerySet[Program]:
    return programs_visible(user).annotate(
        participant_total=Count("participants", distinct=True),
        missed_supervisions=Count(
            "supervisions",
            filter=Q(supervisions__carried_out_on__isnull=True, supervisions__due_on__lt=timezone.localdate()),
            distinct=True,
        ),
    )


def program_for(user: User, program_id: int) -> Program:
    return programs_visible(user).get(pk=program_id)


def proposing_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope(user))


def needs_of_units(units: QuerySet[Unit]) -> QuerySet[PlanItem]:
    """The training needs the units planned (not rejected) that a proposal may answer."""
    return (
        PlanItem.objects.filter(unit_plan__unit__in=units, path=DevelopmentPath.TRAINING)
        .exclude(status=ItemStatus.REJECTED)
        .select_related("employee", "unit_plan__cycle")
        .order_by("-unit_plan__cycle__year", "title", "employee__name")
    )


# --- Review ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetCheck:
    total: Decimal
    per_person: Decimal
    standard: CostStandard | None
    limit: Decimal | None

    @property
    def within(self) -> bool | None:
        return None if self.limit is None else self.per_person <= self.limit


def budget_check(program: Program) -> BudgetCheck:
    """Criterion (b): the budget per participant against the year's cost standard for the kind."""
    total = sum((line.total for line in program.budget_lines.all()), Decimal(0))
    per_person = (total / program.participant_count).quantize(Decimal(1)) if program.participant_count else total
    standard = cost_standard_for(program.year, DevelopmentPath.TRAINING, program.kind_id)
    limit = planning_analysis.cost_limit(standard.max_per_person, standard.max_per_jp, program.jp) if standard else None
    return BudgetCheck(total=total, per_person=per_person, standard=standard, limit=limit)


@dataclass(frozen=True)
class Suggestion:
    met: bool
    reason: str


def criterion_suggestions(program: Program) -> dict[str, Suggestion]:
    """What the proposal itself shows for each criterion, as a starting point for the reviewer; the
    reviewer's own finding is what counts."""
    technical = program.kind_id in policy().technical_kinds
    needs = program.plan_items.count() + program.competencies.count()
    check = budget_check(program)
    if check.limit is None:
        budget = Suggestion(False, _("Tidak ada standar biaya %(year)s untuk jenis ini.") % {"year": program.year})
    else:
        budget = Suggestion(
            bool(check.within),
            _("Biaya per peserta %(cost)s, batas standar %(limit)s.")
            % {"cost": rupiah(check.per_person), "limit": rupiah(check.limit)},
        )
    instructors = list(program.instructors.all())
    organisers = list(program.organisers.all())
    uncertified = [o.name for o in organisers if not o.certified]
    kinds = set(program.materials.values_list("kind", flat=True))
    missing = [MaterialKind(k).label for k in MaterialKind.values if k not in kinds]
    return {
        "a": Suggestion(
            technical and needs > 0,
            _("Jenis %(kind)s%(technical)s; %(needs)d kebutuhan/kompetensi dirujuk.")
            % {
                "kind": program.kind.name,
                "needs": needs,
                "technical": "" if technical else _(" (bukan diklat teknis)"),
            },
        ),
        "b": budget,
        "c": Suggestion(program.participant_count > 0, _("%(count)d peserta.") % {"count": program.participant_count}),
        "d": Suggestion(
            bool(instructors) and all(i.qualification.strip() for i in instructors),
            _("%(count)d pengajar dengan kualifikasi tercatat.") % {"count": len(instructors)},
        ),
        "e": Suggestion(bool(program.facilities.strip()), program.facilities[:120]),
        "f": Suggestion(
            bool(organisers) and not uncertified,
            _("Belum bersertifikat TOC dan MOT: %(names)s.") % {"names": ", ".join(uncertified)}
            if uncertified
            else _("%(count)d penyelenggara bersertifikat TOC dan MOT.") % {"count": len(organisers)},
        ),
        "g": Suggestion(
            not missing,
            _("Belum diunggah: %(kinds)s.") % {"kinds": ", ".join(str(m) for m in missing)}
            if missing
            else _("Kurikulum, modul dan bahan tayang diunggah."),
        ),
    }


# --- Execution -------------------------------------------------------------------------------


def participants_of(program: Program) -> QuerySet[Participant]:
    return (
        program.participants.select_related("employee", "employee__unit", "training_record")
        .annotate(
            present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT)),
            recorded=Count("attendance"),
        )
        .order_by("employee__name", "id")
    )


def supervisions_missed(today: dt.date) -> QuerySet[Supervision]:
    """Quarters whose supervision was not carried out by the quarter's end."""
    return (
        Supervision.objects.filter(carried_out_on__isnull=True, due_on__lt=today)
        .select_related("program", "program__unit")
        .order_by("due_on", "program__title")
    )


def supervisions_due(today: dt.date) -> QuerySet[Supervision]:
    return (
        Supervision.objects.filter(carried_out_on__isnull=True, due_on__gte=today)
        .exclude(program__status=ProgramStatus.DRAFT)
        .select_related("program", "program__unit")
        .order_by("due_on", "program__title")
    )


def certificates_of(program: Program) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(participant__program=program)
        .select_related("participant__employee__golongan", "participant__employee__unit", "template")
        .order_by("kind", "sequence")
    )


def certificate_by_code(code: str) -> Certificate:
    return Certificate.objects.select_related("participant__employee", "participant__program__unit").get(
        code=code.strip().upper()
    )


def program_totals(programs: QuerySet[Program]) -> dict[str, int]:
    """Counts per status for the overview of every unit's programs."""
    rows = programs.order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def programs_waiting_for(user: User, today: dt.date, limit: int) -> tuple[int, list[Waiting]]:
    """Proposals and activity reports for BKPSDM's reviewers; returned proposals and reports for the
    unit's proposers ("Tugas saya")."""
    from .models import ProgramStatus

    def item(what: str) -> Any:
        return lambda p: Waiting(
            what, f"{p.title} ({p.unit.name})", reverse("training:detail", args=[p.pk]), dated(p.updated_at)
        )

    visible = programs_visible(user).order_by("updated_at", "id")
    reviews = user.has_perm(REVIEW)
    own = visible.filter(own_units(user, with_permission=PROPOSE))
    return combined(
        listed(
            visible.filter(status=ProgramStatus.SUBMITTED) if reviews else Program.objects.none(),
            limit,
            item(_("Telaah usulan program")),
        ),
        listed(
            visible.filter(status=ProgramStatus.REPORTED) if reviews else Program.objects.none(),
            limit,
            item(_("Periksa laporan kegiatan")),
        ),
        listed(own.filter(status=ProgramStatus.RETURNED), limit, item(_("Lengkapi usulan program yang dikembalikan"))),
        listed(own.filter(status=ProgramStatus.FINISHED), limit, item(_("Sampaikan laporan kegiatan"))),
    )


def home_panel(user: User, today: dt.date) -> dict[str, Any] | None:
    """The home's part of training: supervisions missed and due within 30 days."""
    if not user.has_perm(REVIEW):
        return None
    missed = list(supervisions_missed(today)[:10])
    soon = list(supervisions_due(today).filter(due_on__lte=today + dt.timedelta(days=30))[:10])
    return {"supervisions_missed": missed, "supervisions_soon": soon} if missed or soon else None
