"""Every form of the app, posted with extreme values as the administrator and as an operator (and the
public forms anonymously): no answer is a server error, and a refused form saves nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Max
from django.test import Client
from django.urls import reverse

from bangkom.accounts.tests.test_role_matrix import POST_ONLY, urls  # noqa: F401 - the matrix's world of objects

pytestmark = pytest.mark.django_db

TEXT_TYPES = {"text", "search", "email", "tel", "url", "password", "number", "date", "datetime-local", "month",
              "time", "hidden", ""}  # fmt: skip
SKIPPED_ACTIONS = ("/keluar/", "/i18n/")  # logging out or switching language ends nothing worth fuzzing
# Logged even when the form is refused: reads, queued jobs, wrong passwords.
NOT_REFUSED = ("core.DataAccess", "core.Job", "accounts.FailedPassword")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, default)
    choices: dict[str, list[str]] = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", ""), method=a.get("method", "get").lower()))
        elif not self.forms or "disabled" in a:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "reset", "image"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a and kind == "radio":
                self.forms[-1].choices.setdefault(a["name"], []).append(a.get("value", "on"))
                return
            self.forms[-1].fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].fields.append((a["name"], "select", ""))
        elif tag == "option" and self._select:
            self.forms[-1].choices.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self.forms[-1].fields.append((a["name"], "textarea", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if any(kind != "hidden" for _n, kind, _d in form.fields)]


HUGE_NUMBER = "999999999999999999999"
LONG_TEXT = "x" * 10_000
ODD_TEXT = "ünïcødé 𝔘 \u202e\x01\x07 ' \" <script>; DROP TABLE"


def extreme_values(kind: str) -> list[str]:
    """The values each variant posts for a field of that kind, in variant order."""
    if kind == "number":
        return [HUGE_NUMBER, "-1", "1e400", "NaN"]
    if kind in ("date", "datetime-local", "month"):
        return ["0001-01-01", "9999-12-31", "31-02-2026", "99999999999-01-01"]
    if kind == "select":
        return [HUGE_NUMBER, "-1", ODD_TEXT, ""]
    return [HUGE_NUMBER, LONG_TEXT, ODD_TEXT, "0001-01-01"]


def payloads(form: Form) -> list[dict[str, Any]]:
    base: dict[str, Any] = {}
    for name, kind, default in form.fields:
        if kind in ("checkbox",):
            base[name] = default or "on"
        elif kind == "file":
            base[name] = SimpleUploadedFile(
                "berkas.pdf", b"%PDF-1.4 bukan pdf sungguhan", content_type="application/pdf"
            )
        elif kind == "select":
            options = [v for v in form.choices.get(name, []) if v]
            base[name] = options[0] if options else ""
        else:
            base[name] = default
    for name, values in form.choices.items():
        if name not in base and values:
            base[name] = values[0]
    variants = []
    for index in range(4):
        payload = dict(base)
        for name, kind, _default in form.fields:
            if kind in ("checkbox", "file") or (kind == "hidden" and index < 2):
                continue  # hidden fields keep their value in half the variants, so validation goes deeper
            payload[name] = extreme_values(kind)[index]
        variants.append(payload)
    return variants


def fingerprint() -> dict[str, tuple[int, Any]]:
    """Rows and the last change of every table of the apps: a refused form must leave it as it was."""
    seen = {}
    for model in apps.get_models():
        label = model._meta.label
        if not label.startswith(("core.", "people.", "selection.", "documents.", "dispatch.", "planning.",
                                 "training.", "studies.", "services.", "workflow.", "accounts.")):  # fmt: skip
            continue
        if label in NOT_REFUSED or model._meta.proxy:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        aggregates: dict[str, Any] = {"n": Count("pk")}
        if "updated_at" in names:
            aggregates["last"] = Max("updated_at")
        row = model._default_manager.aggregate(**aggregates)
        seen[label] = (row["n"], row.get("last"))
    return seen


def refused(response: Any) -> bool:
    if response.status_code in (400, 403, 404, 405, 409, 413):
        return True
    body = response.content.decode(errors="replace")
    return "alert-danger" in body or "invalid-feedback" in body or "is-invalid" in body


def fuzz(client: Client, page: str, problems: list[str]) -> int:
    response = client.get(page)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return 0
    posted = 0
    for form in forms_of(response.content.decode()):
        action = urljoin(page, form.action or page)
        if any(part in action for part in SKIPPED_ACTIONS):
            continue
        for payload in payloads(form):
            before = fingerprint() if form.method == "post" else None
            if form.method == "post":
                for value in payload.values():
                    if hasattr(value, "seek"):
                        value.seek(0)
                answer = client.post(action, payload, follow=True)
            else:
                answer = client.get(action, {k: v for k, v in payload.items() if isinstance(v, str)})
            posted += 1
            if answer.status_code >= 500:
                problems.append(
                    f"{answer.status_code} {form.method.upper()} {action} from {page}: "
                    f"{ {k: str(v)[:30] for k, v in payload.items()} }"
                )
            elif before is not None and refused(answer):
                after = fingerprint()
                changed = [label for label in before if before[label] != after.get(label)]
                if changed:
                    problems.append(f"refused but saved {changed}: POST {action} from {page}")
    return posted


def test_every_form_survives_extreme_values(users, urls) -> None:  # noqa: F811 - the fixture imported above
    problems: list[str] = []
    posted = 0
    pages = [url for name, url in urls.items() if name not in POST_ONLY]
    for role in ("admin", "operator"):
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        for page in pages:
            posted += fuzz(client, page, problems)
    anonymous = Client(raise_request_exception=False)
    for page in (
        reverse("desk:complaint-public"),
        reverse("verification:search"),
        reverse("accounts:login"),
        reverse("accounts:password-reset"),
    ):
        posted += fuzz(anonymous, page, problems)
    assert posted > 300  # the walk reached the forms
    assert problems == [], "\n".join(problems)
