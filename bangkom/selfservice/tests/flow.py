"""Steps the self-service tests (and the role matrix) share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.people.models import TrainingKind
from bangkom.selfservice import services
from bangkom.selfservice.models import LearningReport
from conftest import SAMPLE_PDF

WEBINAR = 9  # SIASN jenis diklat "Seminar" (a webinar is reported as one)


def certificate(content: bytes = SAMPLE_PDF, name: str = "sertifikat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def report(actor: User, **fields: Any) -> LearningReport:
    """A webinar of 3 JP that ended yesterday, reported by `actor` with a one-page PDF certificate."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    upload = fields.pop("upload", None) or certificate(SAMPLE_PDF + fields.get("name", "").encode())
    data = {
        "kind": TrainingKind.objects.get(pk=WEBINAR),
        "name": "Webinar Literasi Digital ASN",
        "organiser": "Kementerian Kominfo",
        "start_date": yesterday,
        "end_date": yesterday,
        "jp_claimed": 3,
        "certificate_number": "",
        **fields,
    }
    return services.report_submit(actor=actor, upload=upload, **data)
