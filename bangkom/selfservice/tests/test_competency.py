"""A civil servant reads their own gaps and plan items; nobody else's."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from bangkom.planning.tests.conftest import INTEGRITY, add_item, cycle, positions  # noqa: F401 - fixtures
from bangkom.selfservice.selectors import my_competency


def test_my_gaps_and_my_plan_items_only(users, people, cycle) -> None:  # noqa: F811
    mine = add_item(
        users["operator"], cycle.disdik, people.teacher, title="Pelatihan pelayanan prima", jp=24, cost=1_500_000
    )
    add_item(users["operator"], cycle.disdik, people.head, title="Pelatihan kepemimpinan", jp=40, cost=2_000_000)
    seen = my_competency(users["pegawai"])
    assert [item.title for item in seen.items] == ["Pelatihan pelayanan prima"]
    assert seen.items[0] == mine and seen.items[0].unit_plan.cycle.year == 2027
    assert seen.analysis.standard is not None  # a pelaksana's standard: level 1 in each managerial competency
    gaps = {g.competency: (g.required, g.current) for g in seen.analysis.gaps}
    assert gaps[INTEGRITY] == (1, None)  # never measured: shown as such, never as a zero gap
    client = Client()
    client.force_login(users["pegawai"])
    page = client.get(reverse("selfservice:competency")).content.decode()
    assert "Pelatihan pelayanan prima" in page and "Pelatihan kepemimpinan" not in page
    assert "belum diukur" in page
