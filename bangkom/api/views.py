"""The administrator's pages for integration clients: the list, a new client (its token shown once)
and revoking a token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.web import AuthenticatedRequest, run_on_form, run_service
from bangkom.people.selectors import units_visible

from . import selectors, services
from .forms import ClientForm


@login_required
@permission_required(services.MANAGE, raise_exception=True)
def clients(request: AuthenticatedRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, units=units_visible(request.user))
    done, issued = run_on_form(
        request,
        form,
        lambda data: services.client_create(
            actor=request.user,
            name=data["name"],
            access=data["access"],
            unit=data["unit"],
            valid_until=data["valid_until"],
            rate_per_minute=data["rate_per_minute"],
        ),
    )
    if done:
        response = render(request, "api/client_token.html", {"issued": issued})
        response["Cache-Control"] = "no-store"  # the token is shown once and must not stay in a cache
        return response
    return render(request, "api/clients.html", {"clients": selectors.clients(), "form": form})


@require_POST
@login_required
@permission_required(services.MANAGE, raise_exception=True)
def client_revoke(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = get_object_or_404(selectors.clients(), pk=client_id)
    run_service(
        request,
        lambda: services.client_revoke(actor=request.user, client=client),
        _("Token klien %(name)s dicabut: permintaan berikutnya ditolak.") % {"name": client.name},
    )
    return redirect("api:clients")
