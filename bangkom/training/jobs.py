"""A program's certificates as one PDF (500 STTPs with their curriculum pages: about 20 s of the
converter) are made in the background: the page starts the job and its owner downloads the file."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.core.errors import ServiceError
from bangkom.core.jobs import ExportFile, Progress, export_queue, export_work
from bangkom.core.models import Job

from . import selectors
from .letters import certificates_pdf
from .models import Certificate, CertificateKind, Program

CERTIFICATES_EXPORT = "training.certificates_export"


def _certificates(actor: User, program_id: int, kind: str) -> tuple[Program, list[Certificate]]:
    """The program as `actor` may open it (else a refusal) and its certificates of `kind`."""
    if not selectors.may_open_programs(actor):
        raise ServiceError(_("Anda tidak berwenang melakukan langkah ini."))
    try:
        program = selectors.program_for(actor, program_id)
    except Program.DoesNotExist:
        raise ServiceError(_("Program pelatihan tidak ditemukan.")) from None
    certificates = list(selectors.certificates_of(program).filter(kind=kind))
    if not certificates:
        raise ServiceError(_("Belum ada %(kind)s pada program ini.") % {"kind": CertificateKind(kind).label})
    return program, certificates


def certificates_export_queue(*, actor: User, program: Program, kind: str) -> Job:
    if kind not in CertificateKind.values:
        raise ServiceError(_("Jenis sertifikat '%(kind)s' tidak dikenal.") % {"kind": kind})
    _certificates(actor, program.pk, kind)
    title = _("Semua %(kind)s (PDF) · %(program)s") % {"kind": CertificateKind(kind).label, "program": program.title}
    return export_queue(
        actor=actor, kind=CERTIFICATES_EXPORT, title=title, params={"program": program.pk, "kind": kind}
    )


@export_work(CERTIFICATES_EXPORT)
def _certificates_export(actor: User, params: dict[str, Any], progress: Progress) -> ExportFile:
    program, certificates = _certificates(actor, params["program"], params["kind"])
    progress(0, 0, _("Menyusun %(n)d sertifikat dan mengubahnya ke PDF…") % {"n": len(certificates)})
    content = certificates_pdf(certificates)
    return ExportFile(f"{params['kind']}-program-{program.pk}.pdf", io.BytesIO(content), len(certificates))
