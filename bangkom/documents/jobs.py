"""Drafting a long document (a tabulation or a decree naming hundreds of people: the letter is
rendered and turned into PDF) as a background job, so the request that asks for it returns at once."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.accounts.scope import require_permission
from bangkom.core.errors import ServiceError
from bangkom.core.jobs import JobOutcome, Progress, job_pending, job_queue, job_work
from bangkom.core.models import Job

from . import services

DRAFT_JOB = "documents.draft"


def document_draft_queue(*, actor: User, kind: str, subject: Model) -> Job:
    """Queue drafting `kind` about `subject` (or return the same drafting already queued or running)."""
    require_permission(actor, "documents.draft_document")
    document_kind = services.kind_for(kind)
    params = {"kind": kind, "model": ContentType.objects.get_for_model(subject).pk, "subject": subject.pk}
    pending = job_pending(DRAFT_JOB, **params)
    if pending is not None:
        return pending
    title = _("Menyusun %(kind)s · %(subject)s") % {"kind": document_kind.name, "subject": subject}
    return job_queue(actor=actor, kind=DRAFT_JOB, title=title, params=params)


@job_work(DRAFT_JOB)
def _draft(job: Job, progress: Progress) -> JobOutcome:
    subject = ContentType.objects.get_for_id(job.params["model"]).get_object_for_this_type(pk=job.params["subject"])
    progress(0, 0, _("Menyusun isi dan mengubahnya ke PDF…"))
    if job.created_by is None:  # the person who asked was deleted meanwhile: nobody to draft for
        raise ServiceError(_("Pengguna yang meminta konsep ini sudah tidak ada."))
    document = services.document_generate(actor=job.created_by, kind=job.params["kind"], subject=subject)
    return JobOutcome(
        message=_("Konsep dokumen disusun."),
        link=reverse("documents:detail", args=[document.pk]),
        link_label=_("Buka konsep dokumen"),
    )
