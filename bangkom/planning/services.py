"""Every write of the planning cycle (Purbalingga's procedure): the request to the units, their plans,
BKPSDM's verification per item, consolidation into the agency's plan document, the PPK's approval,
the realisations and the evaluation report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_employees_in_scope, require_permission, require_unit_in_scope
from bangkom.core.errors import ServiceError
from bangkom.core.services import history_by
from bangkom.core.state_machine import status_move, status_start
from bangkom.desk.services import request_attach, request_cancel, request_follow, request_start, service_standard
from bangkom.documents.models import Document, DocumentStatus
from bangkom.documents.services import document_generate
from bangkom.notifications.services import notify_responsible
from bangkom.people.models import Employee, EmployeeType, TrainingKind, TrainingRecord, Unit
from bangkom.people.services import history_add

from .models import (
    CYCLE_TRANSITIONS,
    ITEM_TRANSITIONS,
    UNIT_PLAN_TRANSITIONS,
    Competency,
    CompetencyLevel,
    CycleStatus,
    DevelopmentPath,
    ItemStatus,
    PlanItem,
    PlanningCycle,
    Realisation,
    UnitPlan,
    UnitPlanStatus,
)
from .selectors import gap_analysis

PLAN_DOCUMENT = "rencana_pengembangan_kompetensi"
MANAGE = "planning.manage_planning"  # BKPSDM: cycles, verification, consolidation, evaluation
PLAN = "planning.plan_unit"  # a unit's own plan and its realisation
APPROVE = "planning.approve_plan"  # the head who approves the agency's plan
EVALUATION_DOCUMENT = "evaluasi_pengembangan_kompetensi"
ITEM_FIELDS = ("competency", "path", "kind", "title", "jp", "estimated_cost", "quarter", "provider")


SERVICE_CODE = "pengembangan-kompetensi-pns"
# The steps of the service standard (Purbalingga's nine) each status of the cycle has done: opened =
# the request to the units (1); consolidated = the units' answers verified and inventoried (2-4);
# approved = put to the PPK (5); evaluated = realisation reported, verified and sent to the head (6-9).
STEPS_DONE: dict[str, int] = {
    CycleStatus.OPEN: 1,
    CycleStatus.CONSOLIDATED: 4,
    CycleStatus.APPROVED: 5,
    CycleStatus.EVALUATED: 9,
}


def _request_sync(*, actor: User, cycle: PlanningCycle, note: str = "") -> None:
    """Bring the cycle's service request up to the steps its status shows done, as a dispatch does.
    It checks no permission of its own: it only follows a move of the cycle that did."""
    if cycle.request is None:
        return  # a cycle opened before the service standard was followed
    if cycle.status == CycleStatus.CANCELLED:
        cycle.request = request_cancel(actor=actor, request=cycle.request, reason=note)
        return
    cycle.request = request_follow(
        actor=actor,
        request=cycle.request,
        steps_done=STEPS_DONE[cycle.status],
        note=note,
        delivered=cycle.status == CycleStatus.EVALUATED,
    )


def _move_cycle(cycle: PlanningCycle, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        cycle,
        to=to,
        transitions=CYCLE_TRANSITIONS,
        history=cycle.status_changes,
        actor=actor,
        note=note,
        labels=CycleStatus,
    )
    cycle.save(update_fields=["status", "updated_at"])
    _request_sync(actor=actor, cycle=cycle, note=note)


# Who waits on a unit's plan after a move, keyed (from, to) with None for any origin.
PLAN_NOTICES: dict[tuple[str | None, str], tuple[str, Any]] = {
    (None, UnitPlanStatus.SUBMITTED): (MANAGE, gettext_lazy("Rencana %(unit)s siklus %(year)s menunggu verifikasi.")),
    (None, UnitPlanStatus.RETURNED): (
        PLAN,
        gettext_lazy("Rencana %(unit)s siklus %(year)s dikembalikan untuk perbaikan: %(note)s"),
    ),
    (UnitPlanStatus.SUBMITTED, UnitPlanStatus.VERIFIED): (
        PLAN,
        gettext_lazy("Rencana %(unit)s siklus %(year)s diverifikasi BKPSDM."),
    ),
    (UnitPlanStatus.REPORTED, UnitPlanStatus.VERIFIED): (
        PLAN,
        gettext_lazy("Laporan realisasi %(unit)s siklus %(year)s dikembalikan: %(note)s"),
    ),
    (None, UnitPlanStatus.REPORTED): (
        MANAGE,
        gettext_lazy("Laporan realisasi %(unit)s siklus %(year)s menunggu evaluasi."),
    ),
}


def _move_plan(plan: UnitPlan, *, actor: User, to: str, note: str = "") -> None:
    origin = plan.status
    status_move(
        plan,
        to=to,
        transitions=UNIT_PLAN_TRANSITIONS,
        history=plan.status_changes,
        actor=actor,
        note=note,
        labels=UnitPlanStatus,
    )
    notice = PLAN_NOTICES.get((origin, to)) or PLAN_NOTICES.get((None, to))
    if notice is not None:
        permission, message = notice
        notify_responsible(
            permission,
            plan.unit,
            actor=actor,
            message=message,
            params={"unit": plan.unit.name, "year": plan.cycle.year, "note": note},
            link=reverse("planning:unit-plan", args=[plan.pk]),
        )


def _move_item(item: PlanItem, *, actor: User, to: str, note: str = "") -> None:
    status_move(
        item,
        to=to,
        transitions=ITEM_TRANSITIONS,
        history=item.status_changes,
        actor=actor,
        note=note,
        labels=ItemStatus,
    )


def _locked_cycle(cycle: PlanningCycle) -> PlanningCycle:
    return PlanningCycle.objects.select_for_update().get(pk=cycle.pk)


def _locked_plan(plan: UnitPlan) -> UnitPlan:
    return UnitPlan.objects.select_for_update().select_related("cycle", "unit").get(pk=plan.pk)


# --- The cycle ------------------------------------------------------------------------------


@transaction.atomic
def cycle_open(
    *,
    actor: User,
    year: int,
    needs_due: dt.date,
    verification_due: dt.date,
    report_due: dt.date,
    request_note: str = "",
    today: dt.date | None = None,
) -> PlanningCycle:
    """Open next year's cycle and ask every OPD for its needs: each gets its (empty) unit plan."""
    require_permission(actor, MANAGE)
    today = today or timezone.localdate()
    if year <= today.year:
        raise ServiceError(
            _("Rencana disusun untuk tahun berikutnya: tahun %(year)s sudah berjalan atau lewat.") % {"year": year}
        )
    if PlanningCycle.objects.filter(year=year).exclude(status=CycleStatus.CANCELLED).exists():
        raise ServiceError(_("Siklus perencanaan tahun %(year)s sudah dibuka.") % {"year": year})
    if needs_due < today:
        raise ServiceError(_("Batas pengiriman kebutuhan tidak boleh sebelum hari ini."))
    if report_due < verification_due:
        raise ServiceError(_("Batas laporan realisasi tidak boleh sebelum batas verifikasi."))
    units = list(Unit.objects.filter(depth=1).order_by("path"))
    if not units:
        raise ServiceError(_("Belum ada perangkat daerah (unit kerja tingkat pertama) yang dapat dimintai kebutuhan."))
    cycle = PlanningCycle(
        year=year,
        needs_due=needs_due,
        verification_due=verification_due,
        report_due=report_due,
        request_note=request_note,
        opened_by=actor,
    )
    cycle.full_clean()
    cycle.request = request_start(
        actor=actor,
        service=service_standard(SERVICE_CODE),
        title=str(cycle),
        received_on=today,
        applicant=_("BKPSDM"),
    )
    cycle.save()
    request_attach(cycle.request, cycle)
    status_start(cycle, history=cycle.status_changes, actor=actor)
    _request_sync(actor=actor, cycle=cycle, note=_("Permintaan kebutuhan kepada unit kerja"))
    plans = UnitPlan.objects.bulk_create([UnitPlan(cycle=cycle, unit=unit) for unit in units])
    for plan in UnitPlan.objects.filter(pk__in=[p.pk for p in plans]):
        status_start(plan, history=plan.status_changes, actor=actor, note=_("Permintaan kebutuhan dari BKPSDM"))
    return cycle


@transaction.atomic
def cycle_consolidate(*, actor: User, cycle: PlanningCycle, today: dt.date | None = None) -> Document:
    """Inventory the verified unit plans into the agency's plan document, to be put to the PPK. A unit
    that sent nothing holds it back until its deadline has passed; after it, the units left out are
    named in the cycle's history."""
    require_permission(actor, MANAGE)
    today = today or timezone.localdate()
    cycle = _locked_cycle(cycle)
    pending = cycle.unit_plans.filter(status__in=[UnitPlanStatus.SUBMITTED, UnitPlanStatus.RETURNED])
    if pending.exists():
        names = ", ".join(p.unit.name for p in pending.select_related("unit"))
        raise ServiceError(_("Verifikasi rencana unit kerja ini belum selesai: %(units)s.") % {"units": names})
    silent = [p.unit.name for p in cycle.unit_plans.filter(status=UnitPlanStatus.DRAFT).select_related("unit")]
    if silent and today <= cycle.needs_due:
        raise ServiceError(
            _("%(count)d unit kerja belum mengirim kebutuhan dan batasnya (%(due)s) belum lewat: %(units)s.")
            % {"count": len(silent), "due": cycle.needs_due.strftime("%d-%m-%Y"), "units": ", ".join(silent)}
        )
    if not cycle.unit_plans.filter(status=UnitPlanStatus.VERIFIED, items__status=ItemStatus.ACCEPTED).exists():
        raise ServiceError(_("Belum ada rencana unit kerja yang diverifikasi dengan kegiatan yang diterima."))
    note = (
        _("Dikonsolidasikan tanpa %(count)d unit kerja yang tidak mengirim kebutuhan sampai batasnya: %(units)s.")
        % {"count": len(silent), "units": _names_within(silent, 600)}
        if silent
        else ""
    )
    _move_cycle(cycle, actor=actor, to=CycleStatus.CONSOLIDATED, note=note)
    return document_generate(actor=actor, kind=PLAN_DOCUMENT, subject=cycle, permission=MANAGE)


def _names_within(names: list[str], limit: int) -> str:
    """The names joined, as many as fit in `limit` characters (a history note holds 1,000), then how
    many more: 36 silent units of a real agency do not fit in one line."""
    shown: list[str] = []
    for name in names:
        if len(", ".join([*shown, name])) > limit:
            return _("%(names)s dan %(more)d lainnya") % {"names": ", ".join(shown), "more": len(names) - len(shown)}
        shown.append(name)
    return ", ".join(shown)


def _latest_document(cycle: PlanningCycle, kind: str) -> Document | None:
    return (
        Document.objects.filter(
            kind=kind, subject_type=ContentType.objects.get_for_model(PlanningCycle), subject_id=cycle.pk
        )
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def cycle_cancel(*, actor: User, cycle: PlanningCycle, reason: str) -> PlanningCycle:
    """Cancel a cycle opened by mistake (a wrong year, wrong deadlines) while units are still asked:
    it stays in the list as cancelled, with the reason, and its year may be opened again."""
    require_permission(actor, MANAGE)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan pembatalan siklus."))
    cycle = _locked_cycle(cycle)
    if cycle.unit_plans.exclude(status=UnitPlanStatus.DRAFT).exists():
        raise ServiceError(
            _("Siklus %(year)s tidak dapat dibatalkan: unit kerja sudah mengirim kebutuhannya.") % {"year": cycle.year}
        )
    _move_cycle(cycle, actor=actor, to=CycleStatus.CANCELLED, note=reason.strip())
    return cycle


@transaction.atomic
def cycle_approve(*, actor: User, cycle: PlanningCycle, note: str = "") -> PlanningCycle:
    """The PPK's approval: the plan becomes the reference for execution. Its document must be signed."""
    require_permission(actor, APPROVE)
    cycle = _locked_cycle(cycle)
    document = _latest_document(cycle, PLAN_DOCUMENT)
    if cycle.status == CycleStatus.CONSOLIDATED and (document is None or document.status != DocumentStatus.SIGNED):
        raise ServiceError(_("Dokumen rencana pengembangan kompetensi harus ditandatangani sebelum disetujui."))
    _move_cycle(cycle, actor=actor, to=CycleStatus.APPROVED, note=note)
    return cycle


@transaction.atomic
def cycle_return(*, actor: User, cycle: PlanningCycle, note: str) -> PlanningCycle:
    """The PPK sends the consolidated plan back to BKPSDM with the reason."""
    require_permission(actor, APPROVE)
    if not note.strip():
        raise ServiceError(_("Tuliskan alasan pengembalian rencana."))
    cycle = _locked_cycle(cycle)
    _move_cycle(cycle, actor=actor, to=CycleStatus.OPEN, note=note)
    return cycle


@transaction.atomic
def cycle_evaluate(*, actor: User, cycle: PlanningCycle, note: str = "") -> Document:
    """Close the year with the evaluation report to the head of region (P5)."""
    require_permission(actor, MANAGE)
    cycle = _locked_cycle(cycle)
    _move_cycle(cycle, actor=actor, to=CycleStatus.EVALUATED, note=note)
    return document_generate(actor=actor, kind=EVALUATION_DOCUMENT, subject=cycle, permission=MANAGE)


# --- Current levels -------------------------------------------------------------------------


@transaction.atomic
def competency_level_record(
    *,
    actor: User | None,
    employee: Employee,
    competency: Competency,
    level: int,
    source: str,
    assessed_on: dt.date,
) -> CompetencyLevel:
    require_employees_in_scope(actor, [employee])
    row = CompetencyLevel(
        employee=employee,
        competency=competency,
        level=level,
        source=source,
        assessed_on=assessed_on,
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    return row


# --- A unit's plan --------------------------------------------------------------------------


def _editable(plan: UnitPlan) -> None:
    plan.cycle.require(
        "collect_needs", _("Siklus perencanaan %(year)s tidak sedang menerima kebutuhan.") % {"year": plan.cycle.year}
    )
    if not plan.may_do("edit"):
        raise ServiceError(
            _("Rencana %(unit)s berstatus %(status)s dan tidak dapat diubah.")
            % {"unit": plan.unit.name, "status": plan.get_status_display()}
        )


def _check_item(plan: UnitPlan, item: PlanItem) -> None:
    employee = item.employee
    if employee.employee_type != EmployeeType.PNS or not employee.unit.path.startswith(plan.unit.path):
        raise ServiceError(
            _("%(name)s bukan PNS pada %(unit)s.") % {"name": employee.full_name, "unit": plan.unit.name}
        )
    if item.path == DevelopmentPath.EDUCATION:
        item.kind = None
    item.full_clean()


def _snapshot_levels(item: PlanItem) -> None:
    """Keep the gap the item closes as it stood when it was planned."""
    found = {g.competency: g for g in gap_analysis(item.employee).gaps}
    gap = found.get(item.competency_id)
    item.required_level = gap.required if gap else None
    item.current_level = gap.current if gap else None


@transaction.atomic
def item_add(
    *, actor: User, unit_plan: UnitPlan, employee: Employee, competency: Competency, path: str,
    kind: TrainingKind | None, title: str, jp: int, estimated_cost: Decimal, quarter: int, provider: str,
) -> PlanItem:  # fmt: skip
    require_permission(actor, PLAN)
    plan = _locked_plan(unit_plan)
    require_unit_in_scope(actor, plan.unit)
    require_employees_in_scope(actor, [employee])
    _editable(plan)
    item = PlanItem(
        unit_plan=plan, employee=employee, competency=competency, path=path, kind=kind, title=title, jp=jp,
        estimated_cost=estimated_cost, quarter=quarter, provider=provider,
    )  # fmt: skip
    _check_item(plan, item)
    _snapshot_levels(item)
    item.save()
    status_start(item, history=item.status_changes, actor=actor)
    return item


@transaction.atomic
def item_update(*, actor: User, item: PlanItem, **fields: object) -> PlanItem:
    """Correct an item; one that was returned goes back to verification with the fix noted."""
    require_permission(actor, PLAN)
    plan = _locked_plan(item.unit_plan)
    require_unit_in_scope(actor, plan.unit)
    _editable(plan)
    item = PlanItem.objects.select_for_update().select_related("employee__unit").get(pk=item.pk)
    item.require(
        "edit",
        _("Kegiatan berstatus %(status)s tidak diubah lagi oleh unit kerja.") % {"status": item.get_status_display()},
    )
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ServiceError(_("Data %(names)s tidak dapat diubah di sini.") % {"names": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(item, name, value)
    history_by(item, actor)
    _check_item(plan, item)
    _snapshot_levels(item)
    if item.status == ItemStatus.RETURNED:
        _move_item(item, actor=actor, to=ItemStatus.PENDING, note=_("Diperbaiki unit kerja"))
    item.save()
    return item


@transaction.atomic
def item_remove(*, actor: User, item: PlanItem) -> None:
    require_permission(actor, PLAN)
    plan = _locked_plan(item.unit_plan)
    require_unit_in_scope(actor, plan.unit)
    _editable(plan)
    item.require("edit", _("Kegiatan yang sudah diterima atau ditolak tidak dihapus."))
    item.delete()


@transaction.atomic
def unit_plan_submit(*, actor: User, unit_plan: UnitPlan, note: str = "") -> UnitPlan:
    require_permission(actor, PLAN)
    plan = _locked_plan(unit_plan)
    require_unit_in_scope(actor, plan.unit)
    _editable(plan)
    if not plan.items.exists():
        raise ServiceError(_("Rencana %(unit)s belum berisi kegiatan.") % {"unit": plan.unit.name})
    returned = plan.items.filter(status=ItemStatus.RETURNED).select_related("employee")
    if returned.exists():
        names = "; ".join(f"{i.employee.full_name}: {i.title}" for i in returned)
        raise ServiceError(_("Perbaiki dahulu kegiatan yang dikembalikan: %(items)s.") % {"items": names})
    _move_plan(plan, actor=actor, to=UnitPlanStatus.SUBMITTED, note=note)
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    return plan


@transaction.atomic
def item_verify(*, actor: User, item: PlanItem, decision: str, note: str = "") -> PlanItem:
    """BKPSDM's verdict on one item against the organisation's needs: accept, return or reject."""
    require_permission(actor, MANAGE)
    plan = _locked_plan(item.unit_plan)
    plan.require("verify", _("Hanya rencana yang sudah dikirim yang diverifikasi."))
    if decision not in (ItemStatus.ACCEPTED, ItemStatus.RETURNED, ItemStatus.REJECTED):
        raise ServiceError(_("Keputusan verifikasi %(value)r tidak dikenal.") % {"value": decision})
    if decision != ItemStatus.ACCEPTED and not note.strip():
        raise ServiceError(_("Tuliskan catatan untuk kegiatan yang dikembalikan atau ditolak."))
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.status != decision:
        _move_item(item, actor=actor, to=decision, note=note)
    item.verification_note = note
    item.save(update_fields=["status", "verification_note", "updated_at"])
    return item


@transaction.atomic
def unit_plan_verify(*, actor: User, unit_plan: UnitPlan, note: str = "") -> UnitPlan:
    """Finish verifying a unit's plan: back to the unit when an item was returned, else verified."""
    require_permission(actor, MANAGE)
    plan = _locked_plan(unit_plan)
    if plan.items.filter(status=ItemStatus.PENDING).exists():
        raise ServiceError(_("Masih ada kegiatan yang belum diverifikasi."))
    returned = plan.items.filter(status=ItemStatus.RETURNED).count()
    to = UnitPlanStatus.RETURNED if returned else UnitPlanStatus.VERIFIED
    if returned and not note.strip():
        note = _("%(n)d kegiatan dikembalikan untuk diperbaiki.") % {"n": returned}
    _move_plan(plan, actor=actor, to=to, note=note)
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def unit_plan_reopen(*, actor: User, unit_plan: UnitPlan, note: str) -> UnitPlan:
    """Send a verified plan back to its unit while the cycle takes needs again, e.g. after the PPK
    returned the consolidated plan; the unit corrects it and sends it for verification once more."""
    require_permission(actor, MANAGE)
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang harus diperbaiki unit kerja."))
    plan = _locked_plan(unit_plan)
    plan.cycle.require(
        "collect_needs", _("Rencana yang sudah diverifikasi dibuka kembali hanya selama siklus menerima kebutuhan.")
    )
    _move_plan(plan, actor=actor, to=UnitPlanStatus.RETURNED, note=note)
    plan.save(update_fields=["status", "updated_at"])
    return plan


# --- Realisation ----------------------------------------------------------------------------


@transaction.atomic
def realisation_record(
    *, actor: User, item: PlanItem, actual_cost: Decimal, training_record: TrainingRecord | None = None,
    start_date: dt.date | None = None, end_date: dt.date | None = None, jp: int | None = None,
    organiser: str = "", certificate_number: str = "",
) -> Realisation:  # fmt: skip
    """Record that an accepted item was carried out. Training links an existing training record of the
    employee or writes a new one into their history, so it counts towards their JP; formal education
    is realised by its date and cost."""
    require_permission(actor, PLAN)
    plan = _locked_plan(item.unit_plan)
    require_unit_in_scope(actor, plan.unit)
    year = plan.cycle.year
    plan.cycle.require("realise", _("Realisasi dicatat setelah rencana disetujui PPK dan sebelum dievaluasi."))
    plan.require("realise", _("Laporan realisasi %(unit)s sudah dikirim.") % {"unit": plan.unit.name})
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("employee", "kind").get(pk=item.pk)
    item.require("realise", _("Hanya kegiatan yang diterima dalam rencana yang direalisasikan."))
    if Realisation.objects.filter(item=item).exists():
        raise ServiceError(_("Realisasi kegiatan ini sudah dicatat."))
    if item.path == DevelopmentPath.EDUCATION:
        if end_date is None:
            raise ServiceError(_("Isi tanggal pelaksanaan pendidikan."))
        record, carried_out_on, hours = None, end_date, jp or item.jp
    elif training_record is not None:
        if training_record.employee_id != item.employee_id:
            raise ServiceError(_("Riwayat diklat itu milik pegawai lain."))
        if Realisation.objects.filter(training_record=training_record).exists():
            raise ServiceError(_("Riwayat diklat itu sudah menjadi realisasi kegiatan lain."))
        record, carried_out_on, hours = training_record, training_record.end_date, training_record.jp_hours
    else:
        if not (start_date and end_date and jp):
            raise ServiceError(_("Isi tanggal mulai, tanggal selesai dan JP pelatihan, atau pilih riwayat diklatnya."))
        record = history_add(
            actor=actor,
            row=TrainingRecord(
                employee=item.employee,
                name=item.title,
                kind=item.kind,
                organiser=organiser or item.provider,
                start_date=start_date,
                end_date=end_date,
                jp_hours=jp,
                certificate_number=certificate_number,
            ),
        )
        carried_out_on, hours = end_date, jp
    if carried_out_on.year != year:
        raise ServiceError(
            _("Pelaksanaan %(date)s di luar tahun rencana %(year)s.")
            % {"date": carried_out_on.strftime("%d-%m-%Y"), "year": year}
        )
    realisation = Realisation(
        item=item,
        training_record=record,
        carried_out_on=carried_out_on,
        jp=hours,
        actual_cost=actual_cost,
        recorded_by=actor,
    )
    realisation.full_clean()
    realisation.save()
    return realisation


@transaction.atomic
def unit_plan_report(*, actor: User, unit_plan: UnitPlan, note: str = "") -> UnitPlan:
    """The unit's report of what was carried out (evaluation step 2)."""
    require_permission(actor, PLAN)
    plan = _locked_plan(unit_plan)
    plan.cycle.require("realise", _("Laporan realisasi dikirim selama pelaksanaan rencana yang disetujui."))
    _move_plan(plan, actor=actor, to=UnitPlanStatus.REPORTED, note=note)
    plan.realisation_note = note
    plan.save(update_fields=["status", "realisation_note", "updated_at"])
    return plan


@transaction.atomic
def unit_report_return(*, actor: User, unit_plan: UnitPlan, note: str) -> UnitPlan:
    require_permission(actor, MANAGE)
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang harus dilengkapi unit kerja."))
    plan = _locked_plan(unit_plan)
    plan.cycle.require("realise", _("Laporan realisasi dikembalikan selama pelaksanaan rencana yang disetujui."))
    _move_plan(plan, actor=actor, to=UnitPlanStatus.VERIFIED, note=note)
    plan.save(update_fields=["status", "updated_at"])
    return plan
