"""The JP ledger's workbook as a background export: at a province it lists every PNS under the norm,
100,000 rows and more, so the page only starts it and its owner downloads the file when it is made."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.jobs import ExportFile, Progress, export_queue, export_work
from bangkom.core.models import Job
from bangkom.people.models import Unit

from . import reports, selectors

LEDGER_EXPORT_JOB = "planning.jp_export"
JP_REPORT = "planning.view_jp_report"


def ledger_export_queue(*, actor: User, year: int, opd: Unit | None) -> Job:
    require_permission(actor, JP_REPORT)
    title = _("Ekspor Rekap JP %(year)d (XLSX)") % {"year": year}
    if opd is not None:
        title = f"{title} · {opd.name}"
    params = {"year": year, "opd": opd.pk if opd is not None else None}
    return export_queue(actor=actor, kind=LEDGER_EXPORT_JOB, title=title, params=params)


@export_work(LEDGER_EXPORT_JOB)
def _ledger_export(actor: User, params: dict[str, Any], progress: Progress) -> ExportFile:
    require_permission(actor, JP_REPORT)
    opd = Unit.objects.filter(pk=params["opd"], depth=1).first() if params["opd"] else None
    ledger = selectors.jp_ledger(actor, params["year"], opd=opd)
    behind = selectors.behind(actor, ledger.year, ledger.norm, opd=opd)
    total = ledger.total.employees - ledger.total.reached  # from the summary rows: no count of the registry
    message = _("Menulis PNS yang belum mencapai norma…")
    progress(0, total, message)
    handle, named = reports.ledger_xlsx(ledger, behind, progress=lambda done: progress(done, total, message))
    return ExportFile(f"rekap-jp-{ledger.year}.xlsx", handle, named)
