"""Small helpers the thin views of every app share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from bangkom.core.errors import ServiceError


def run_service(request: HttpRequest, action: Callable[[], Any], success: str | Callable[[Any], str]) -> bool:
    """Run a service; a refusal becomes a message for the user, never an error page. `success` may
    be built from what the service returned."""
    try:
        result = action()
    except (ServiceError, ValidationError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def run_posted(
    request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], Any], success: str, invalid: str
) -> bool:
    """Run an action from a posted form; an invalid form or a refusal becomes a message."""
    if form.is_valid():
        return run_service(request, lambda: action(form.cleaned_data), success)
    messages.error(request, invalid)
    return False
