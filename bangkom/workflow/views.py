"""Thin views: the inbox of dispositions, one disposition with its chain, and its steps. Sending about
a record happens on that record's page through `web.send_about`, after its app has checked the scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.web import AuthenticatedRequest, found, run_step, with_form

from . import selectors, services
from .forms import DispositionForm, ReasonForm, ResponseForm

SEND = services.SEND


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm(SEND) and not selectors.inbox(request.user).exists():
        raise PermissionDenied
    return render(
        request,
        "workflow/inbox.html",
        {
            "inbox": selectors.inbox(request.user),
            "sent": selectors.sent(request.user)[:50],
            "today": timezone.localdate(),
        },
    )


@login_required
def detail(request: AuthenticatedRequest, disposition_id: int) -> HttpResponse:
    disposition = found(lambda: selectors.disposition_for(request.user, disposition_id))
    visible = selectors.dispositions_visible(request.user)
    subject_url = getattr(disposition.subject, "get_absolute_url", None)
    return render(
        request,
        "workflow/detail.html",
        {
            "disposition": disposition,
            "today": timezone.localdate(),
            "parent": visible.filter(pk=disposition.parent_id).first() if disposition.parent_id else None,
            "forwards": visible.filter(parent=disposition),
            "changes": disposition.status_changes.select_related("changed_by"),
            "subject_url": subject_url() if subject_url else "",
            "addressed": selectors.addressed_to(request.user, disposition),
            "own": disposition.sent_by_id == request.user.pk and disposition.status == "terbuka",
            "forward_form": DispositionForm(),
            "response_form": ResponseForm(),
            "reason_form": ReasonForm(),
        },
    )


STEPS: dict[str, tuple[type[Any], Any, str]] = {
    "selesai": (ResponseForm, services.disposition_complete, _("Disposisi ditindaklanjuti.")),
    "teruskan": (DispositionForm, services.disposition_forward, _("Disposisi diteruskan.")),
    "tarik": (ReasonForm, services.disposition_withdraw, _("Disposisi ditarik.")),
}


@require_POST
@login_required
def disposition_step(request: AuthenticatedRequest, disposition_id: int, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404
    disposition = found(lambda: selectors.disposition_for(request.user, disposition_id))
    form_class, service, success = STEPS[name]
    return run_step(
        request,
        with_form(
            form_class(request.POST) if form_class else None,
            lambda data: service(actor=request.user, disposition=disposition, **data),
        ),
        str(success),
        redirect("workflow:detail", disposition_id=disposition.pk),
    )
