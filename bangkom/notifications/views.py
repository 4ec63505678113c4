"""The bell's page: one's notifications, newest first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.web import AuthenticatedRequest

from . import selectors, services

PER_PAGE = 30


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.mine(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_open(
        actor=request.user, notification=selectors.notification_for(request.user, notification_id)
    )
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()})
    return redirect(notification.link if notification.link and safe else "notifications:list")


@require_POST
@login_required
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.notifications_read_all(actor=request.user)
    messages.success(request, _("%(n)d notifikasi ditandai sudah dibaca.") % {"n": count})
    return redirect("notifications:list")
