"""What other apps' views use of dispositions: the panel a record's page shows and sending a
disposition about that record (after the record's own app has checked the user's scope)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _

from bangkom.core.web import AuthenticatedRequest, run_step, with_form

from . import selectors, services
from .forms import DispositionForm

SEND = services.SEND


def panel(user: Any, subject: models.Model) -> dict[str, Any]:
    """What the disposition panel of a record's page shows (templates/workflow/_panel.html)."""
    return {
        "dispositions": list(selectors.of_subject(subject)),
        "disposition_form": DispositionForm() if user.has_perm(SEND) else None,
    }


def send_about(request: AuthenticatedRequest, subject: models.Model, back: HttpResponse) -> HttpResponse:
    """POST of the panel's form on a record the caller already found in the user's scope."""
    return run_step(
        request,
        with_form(
            DispositionForm(request.POST),
            lambda data: services.disposition_send(actor=request.user, subject=subject, **data),
        ),
        _("Disposisi dikirim."),
        back,
    )
