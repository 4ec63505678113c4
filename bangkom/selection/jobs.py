"""The round actions that grow with the number of candidates (inventory, document check, screening)
run as background jobs: the page queues one and opens its progress; a second click while it runs
joins the same job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.jobs import JobOutcome, Progress, job_pending, job_queue, job_work, jobs_pending
from bangkom.core.models import Job

from . import services
from .models import SelectionRound


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
