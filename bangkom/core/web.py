"""Small helpers the thin views of every app share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bangkom.core.errors import ServiceError, refusal_text
from bangkom.core.uploads import XLSX_MIME

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from bangkom.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is signed in (for the type checker;
    at run time it is Django's own request)."""

    user: User
    htmx: HtmxDetails


# A year a filter may ask for: wide enough for any record, narrow enough for every database.
YEARS = (1900, 2200)


def query_text(data: Any, name: str = "q", limit: int = 150) -> str:
    """A search text from a query string, trimmed to `limit`; NUL characters dropped (PostgreSQL
    refuses them in text, and nobody types them)."""
    return str(data.get(name, "")).replace("\x00", "").strip()[:limit]


def query_year(request: HttpRequest, name: str = "tahun") -> int | None:
    """The year a list is filtered by, or None when absent; anything else is a 400, never a 500."""
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or not YEARS[0] <= int(text[:5]) <= YEARS[1] or len(text) > 4:
        raise BadRequest(
            _("Tahun %(value)r tidak sah: isi tahun antara %(low)d dan %(high)d.")
            % {"value": text[:20], "low": YEARS[0], "high": YEARS[1]}
        )
    return int(text)


ID_DIGITS_MAX = 18  # a database key fits 63 bits; a longer number is no record (and SQLite overflows on it)


def posted_ids(request: HttpRequest, name: str, limit: int) -> list[int]:
    """The record keys ticked on a page (`name` repeated), at most `limit` of them; anything that is not
    a key (letters, 21 digits) is left out rather than sent to the database."""
    values = request.POST.getlist(name)[:limit]
    return [int(value) for value in values if value.isdigit() and len(value) <= ID_DIGITS_MAX]


def run_service(request: HttpRequest, action: Callable[[], Any], success: str | Callable[[Any], str]) -> bool:
    """Run a service; a refusal becomes a message for the user, never an error page. `success` may
    be built from what the service returned."""
    try:
        result = action()
    except (ServiceError, ValidationError) as error:
        messages.error(request, refusal_text(error))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def job_started(
    request: HttpRequest, start: Callable[[], Any], back: Callable[[], HttpResponse], success: str = ""
) -> HttpResponse:
    """Run the service that queues a background job (an export): open the job's page, where its file
    waits when it is made, or go `back` with the refusal as a message."""
    started: list[Any] = []
    if run_service(
        request,
        lambda: started.append(start()),
        success or _("Ekspor dimulai; berkasnya dapat diunduh di halaman ini setelah selesai."),
    ):
        return redirect("core:job", job_id=started[0].pk)
    return back()


def run_on_form(request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], Any]) -> tuple[bool, Any]:
    """On POST, run an action with the valid form's data. A refusal is shown on the form itself, so
    what the user typed stays on the page. Returns whether it ran, and what it returned."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, action(form.cleaned_data)
    except (ServiceError, ValidationError) as error:
        refusal_on_form(form, error)
        return False, None


def refusal_on_form(form: Any, error: ServiceError | ValidationError) -> None:
    """Show a refusal on the form: a field's error beside that field when the form has it, otherwise
    above the form (the message names its field, e.g. a date the service derived)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(None, error if isinstance(error, ValidationError) else ValidationError(str(error)))


def form_refusal(form: Any) -> ServiceError:
    """An invalid form posted from a page that shows no form errors: one message naming every field."""
    problems = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    ]
    return ServiceError(_("Isian belum benar: %(problems)s") % {"problems": "; ".join(problems)})


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook the browser downloads under `filename`."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def found(load: Callable[[], Any]) -> Any:
    """What a scoped selector loads, or 404 when it is not there for this user."""
    try:
        return load()
    except ObjectDoesNotExist:
        raise Http404 from None


def run_step(request: HttpRequest, action: Callable[[], Any], success: str, back: HttpResponse) -> HttpResponse:
    """A POST-only step: a refusal becomes a message; a result that asks to be opened next (a drafted
    letter, `open_after_step`) opens, otherwise the user goes `back`."""
    outcome: dict[str, Any] = {}

    def run() -> Any:
        outcome["result"] = action()
        return outcome["result"]

    if run_service(request, run, success) and getattr(outcome.get("result"), "open_after_step", False):
        return redirect(outcome["result"].get_absolute_url())
    return back


def with_form(form: Any | None, action: Callable[[dict[str, Any]], Any]) -> Callable[[], Any]:
    """The action with the posted form's values (none when the step takes no form), for `run_service`
    and `run_step`; an invalid form is a refusal naming every field and what is wrong with it."""

    def run() -> Any:
        if form is None:
            return action({})
        if not form.is_valid():
            raise form_refusal(form)
        return action(form.cleaned_data)

    return run
