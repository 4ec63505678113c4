from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from bangkom.core.waiting import forget

logger = logging.getLogger(__name__)


class LanguageMiddleware:
    """Indonesian unless the user picked another language with the switcher (its cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: office computers
    often run an English browser, and the agency's staff expect the Indonesian interface."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


FORM_OVERHEAD_BYTES = 1024 * 1024
SPREADSHEET_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")
FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)


class DataAccessLogMiddleware:
    """Every file handed to a signed-in user (an export, a paper, a letter, a certificate) leaves a
    row in the export and download log: who, what, when, how many rows (when the view says), from
    where. One place for all downloads, so no new view can forget it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.headers.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if response.status_code == 200 and disposition and user is not None and user.is_authenticated:
            self._record(request, user, response, disposition)
        return response

    def _record(self, request: HttpRequest, user: Any, response: HttpResponse, disposition: str) -> None:
        from .models import DataAccess, DataAccessAction
        from .net import client_address

        found = FILENAME.search(disposition)
        kind = response.headers.get("Content-Type", "").split(";")[0]
        DataAccess.objects.create(
            user=user,
            action=DataAccessAction.EXPORT if kind in SPREADSHEET_TYPES else DataAccessAction.DOWNLOAD,
            what=unquote(found.group(1))[:255] if found else request.path[:255],
            path=request.get_full_path()[:500],
            rows=getattr(response, "exported_rows", None),
            address=client_address(request) or None,
        )


class UploadSizeMiddleware:
    """Refuse a request body larger than the largest upload the app takes (IMPORT_MAX_BYTES plus the
    form around it) before anything reads it: no 10 GB file is ever written to a temporary folder."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = max(settings.IMPORT_MAX_BYTES, settings.DOCUMENT_MAX_BYTES) + FORM_OVERHEAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            from django.shortcuts import render
            from django.template.defaultfilters import filesizeformat

            reason = _("Kiriman %(size)s melebihi batas unggahan %(limit)s.") % {
                "size": filesizeformat(length),
                "limit": filesizeformat(limit),
            }
            return render(request, "errors/400.html", {"reason": reason}, status=413)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A GET on an address that only takes POST (a bookmarked action, a link opened twice) gets the
    project's Indonesian page instead of Django's empty 405 response; the Allow header is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "errors/405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page


class WaitingCountMiddleware:
    """A person who acts (any POST) may have done something that waited on them: their "Tugas saya"
    count is computed afresh on the next page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            forget([user.pk])
        return response


class StoredFileDamagedMiddleware:
    """A generated letter whose stored bytes no longer match their fingerprint (altered or damaged
    in the storage backend) is refused with a page that says so, and logged for the administrator;
    never a stack trace, never the altered file."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .errors import refusal_text
        from .stored import StoredContentDamaged

        if not isinstance(exception, StoredContentDamaged):
            return None
        logger.error("Stored file damaged on %s: %s", request.path, exception)
        return render(request, "errors/500.html", {"reason": refusal_text(exception)}, status=500)
