"""The read-heavy pages read the replica; who one is, and every write, stay on the primary."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from bangkom.core import routers
from bangkom.people.models import Employee, Unit
from conftest import make_employee

pytestmark = [
    pytest.mark.django_db(databases=["default", "replica"]),
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="the replica stands beside PostgreSQL only"),
]


def fill_replica(tree) -> None:
    """What streaming replication would have copied, and one row that only the replica holds."""
    Unit.objects.using("replica").bulk_create(
        [
            Unit(id=u.id, code=u.code, name=u.name, kind=u.kind, parent_id=u.parent_id, path=u.path, depth=u.depth)
            for u in (tree.root, tree.disdik, tree.school, tree.dinkes)
        ]
    )
    Employee.objects.using("replica").bulk_create(
        [
            Employee(
                nip="198001012005011001", name="Replika Saja", birth_date="1980-01-01", gender="1", unit=tree.disdik
            ),
        ]
    )


@override_settings(DATABASE_REPLICA_READS=True)
def test_lists_the_ledger_and_the_dashboard_read_the_replica(users, tree, people) -> None:
    fill_replica(tree)
    client = Client()
    client.force_login(users["admin"])  # the session and the user exist on the primary only
    page = client.get(reverse("people:list"))
    assert page.status_code == 200
    names = [e.name for e in page.context["page"]]
    assert names == ["Replika Saja"]  # not Siti Rahayu, Budi Santoso, Ani Lestari of the primary
    ledger = client.get(reverse("planning:jp"), {"year": 2026}).context["ledger"]
    assert ledger.total.employees == 0  # the replica holds no figures yet
    assert client.get(reverse("core:dashboard")).status_code == 200


@override_settings(DATABASE_REPLICA_READS=True)
def test_a_write_made_while_reading_the_replica_goes_to_the_primary(users, tree, people) -> None:
    fill_replica(tree)
    token = routers._reading_replica.set(True)
    try:
        made = make_employee(tree.dinkes, "199101012015031001", "Tulis Utama")
    finally:
        routers._reading_replica.reset(token)
    assert Employee.objects.using("default").filter(pk=made.pk).exists()
    assert not Employee.objects.using("replica").filter(nip="199101012015031001").exists()


def test_without_replica_reads_the_pages_read_the_primary(users, tree, people) -> None:
    fill_replica(tree)
    client = Client()
    client.force_login(users["admin"])
    names = {e.name for e in client.get(reverse("people:list")).context["page"]}
    assert names == {"Siti Rahayu", "Budi Santoso", "Ani Lestari"}
