"""The round actions that grow with the number of candidates (inventory, document check, screening)
run as background jobs: the page queues one and opens its progress; a second click while it runs
joins the same job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.jobs import (
    ExportFile,
    JobOutcome,
    Progress,
    export_queue,
    export_work,
    job_pending,
    job_queue,
    job_work,
    jobs_pending,
)
from bangkom.core.models import Job

from . import selectors, services
from .models import SelectionRound
from .reports import tabulation_xlsx

TABULATION_EXPORT = "selection.tabulation_export"
# The tabulation names every candidate with their scores: for who reads rounds and the whole registry.
TABULATION_RIGHTS = ("selection.view_selectionround", "people.view_all_employees")


@dataclass(frozen=True)
class RoundWork:
    title: Promise
    service: Callable[..., int]
    done: Promise  # "%(n)d …" with how many the service returned


ROUND_WORKS: dict[str, RoundWork] = {
    "selection.inventory": RoundWork(
        gettext_lazy("Penjaringan calon"),
        services.inventory_apply,
        gettext_lazy("Penjaringan: %(n)d calon ditambahkan."),
    ),
    "selection.documents": RoundWork(
        gettext_lazy("Pemeriksaan dokumen calon"),
        services.checklist_refresh,
        gettext_lazy("Dokumen diperiksa: %(n)d perubahan."),
    ),
    "selection.screen": RoundWork(
        gettext_lazy("Penyaringan calon"), services.round_screen, gettext_lazy("%(n)d calon disaring.")
    ),
}


def round_job_queue(*, actor: User, selection_round: SelectionRound, kind: str) -> Job:
    """Queue one of the round's long actions (or return the one already queued or running). The
    permission and the round's state are checked now, so a refusal is told at once, and again by
    the service when the job runs."""
    work = ROUND_WORKS[kind]
    require_permission(actor, services.MANAGE)
    services.require_editable(selection_round)
    pending = job_pending(kind, round=selection_round.pk)
    if pending is not None:
        return pending
    title = f"{work.title} · {selection_round.name}"
    return job_queue(actor=actor, kind=kind, title=title, params={"round": selection_round.pk})


def round_jobs_pending(selection_round: SelectionRound) -> list[Job]:
    """The round's long actions still queued or running, shown on its page."""
    return list(jobs_pending(ROUND_WORKS, round=selection_round.pk))


def _run_round_work(kind: str) -> Callable[[Job, Progress], JobOutcome]:
    def run(job: Job, progress: Progress) -> JobOutcome:
        work = ROUND_WORKS[kind]
        selection_round = SelectionRound.objects.get(pk=job.params["round"])
        count = work.service(actor=job.created_by, selection_round=selection_round, progress=progress)
        return JobOutcome(
            message=str(work.done) % {"n": count},
            link=reverse("selection:detail", args=[selection_round.pk]),
            link_label=_("Kembali ke seleksi"),
        )

    return run


for _kind in ROUND_WORKS:
    job_work(_kind)(_run_round_work(_kind))


def tabulation_export_queue(*, actor: User, selection_round: SelectionRound) -> Job:
    """Start the round's tabulation workbook (a province's level IV round lists tens of thousands)."""
    for right in TABULATION_RIGHTS:
        require_permission(actor, right)
    title = _("Tabulasi (XLSX) · %(round)s") % {"round": selection_round.name}
    return export_queue(actor=actor, kind=TABULATION_EXPORT, title=title, params={"round": selection_round.pk})


@export_work(TABULATION_EXPORT)
def _tabulation_export(actor: User, params: dict[str, Any], progress: Progress) -> ExportFile:
    for right in TABULATION_RIGHTS:
        require_permission(actor, right)
    selection_round = selectors.round_for(actor, params["round"])
    progress(0, 0, _("Menyusun tabulasi…"))
    handle, listed = tabulation_xlsx(selection_round)
    return ExportFile(f"tabulasi-seleksi-{selection_round.pk}.xlsx", handle, listed)
