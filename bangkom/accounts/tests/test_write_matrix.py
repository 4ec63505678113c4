"""Every form page of the role matrix, posted by every role that may not use it, with a valid body
(the administrator's own form, filled as the page offers it) for the matrix's objects, including
other units' employees, plans, programs and applications: the refusal is the matrix's (403 or 404)
and not one row is written anywhere. (The role matrix itself posts empty bodies.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client

from bangkom.accounts.tests.test_role_matrix import MATRIX, POST_ONLY, ROLES, urls  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
REFUSING_ROLES = ("operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody")


def _plain(value: object) -> object:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.date | Decimal):
        return str(value)
    if isinstance(value, list | tuple) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return [_plain(item) for item in items]
    return "" if value is None else value


def valid_body(admin: Client, url: str) -> dict[str, object] | None:
    """The administrator's form on that page, as the page fills it in (None when it has no form)."""
    response = admin.get(url)
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if form is None or not hasattr(form, "fields"):
        return None
    body: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, "") and getattr(field, "choices", None):
            choices = [c for c, _label in field.choices if c not in ("", None)]
            value = choices[0] if choices else ""
        if value in (None, "") and field.required:
            value = {"DateField": "2026-11-02", "IntegerField": 1, "DecimalField": "1"}.get(
                type(field).__name__, "Isian uji"
            )
        body[form.add_prefix(name)] = _plain(value)
    return body


def _rows() -> int:
    return sum(model.objects.count() for model in apps.get_models() if model._meta.managed)


@pytest.mark.parametrize("role", REFUSING_ROLES)
def test_refused_roles_write_nothing_with_valid_bodies(role: str, users, urls) -> None:  # noqa: F811
    admin = Client()
    admin.force_login(users["admin"])
    client = Client()
    client.force_login(users[role])
    index = ROLES.index(role)
    bodies = {}
    for name, url in urls.items():
        if name in POST_ONLY or MATRIX[name][index] not in (403, 404) or MATRIX[name][0] != 200:
            continue
        body = valid_body(admin, url)
        if body is not None:
            bodies[name] = (url, body)
    assert len(bodies) >= 15, sorted(bodies)  # the form pages: edits, histories, proposals, plans, studies…
    before = _rows()
    got = {name: client.post(url, body).status_code for name, (url, body) in bodies.items()}
    assert got == {name: MATRIX[name][index] for name in bodies}
    assert _rows() == before
