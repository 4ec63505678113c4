"""The planning pages: refusals as messages, files that open, and query counts that do not grow."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from bangkom.core.tests.exports import content_of, exported
from bangkom.people.models import JpNorm, TrainingRecord
from bangkom.people.selectors import jp_norm
from bangkom.people.services import history_add
from bangkom.planning.models import PlanItem
from conftest import make_employee, page_text, shown_panel

from .conftest import add_item

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_bad_item_is_refused_field_by_field(users, people, cycle) -> None:
    client = client_for(users["operator"])
    url = reverse("planning:employee", args=[cycle.disdik.pk, people.head.nip])
    response = client.post(
        url,
        {"competency": "11", "path": "pelatihan", "kind": "", "title": "Bimtek", "jp": "0", "estimated_cost": "-5",
         "quarter": "5", "provider": "BPSDM"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"kind", "jp", "estimated_cost", "quarter"}
    # ... and the message above the page names each field and what is wrong with it
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Isian belum benar: ")
    assert all(str(response.context["form"].fields[name].label) in message for name in errors)
    assert not PlanItem.objects.exists()


def test_nip_outside_the_unit_is_named(users, people, cycle) -> None:
    client = client_for(users["operator"])
    response = client.get(reverse("planning:unit-plan", args=[cycle.disdik.pk]), {"nip": people.nurse.nip})
    assert response.status_code == 200
    assert f"NIP {people.nurse.nip} bukan PNS pada Dinas Pendidikan." in response.content.decode()
    response = client.get(reverse("planning:unit-plan", args=[cycle.disdik.pk]), {"nip": people.teacher.nip})
    assert response["Location"] == reverse("planning:employee", args=[cycle.disdik.pk, people.teacher.nip])


def test_gap_page_shows_levels_and_gaps(users, people, cycle) -> None:
    from bangkom.planning.models import Competency
    from bangkom.planning.services import competency_level_record

    competency_level_record(
        actor=users["operator"],
        employee=people.head,
        competency=Competency.objects.get(pk="11"),
        level=2,
        source="asesmen",
        assessed_on=dt.date(2026, 5, 1),
    )
    client = client_for(users["operator"])
    response = client.get(reverse("planning:employee", args=[cycle.disdik.pk, people.head.nip]))
    gaps = {g.competency: (g.required, g.current, g.size) for g in response.context["gaps"].gaps}
    assert gaps["11"] == (3, 2, 1)
    assert gaps["15"] == (3, None, None)  # not assessed: shown as unknown, not as no gap
    assert response.context["form"].initial["competency"] == "11"


def test_refused_step_is_a_message(users, cycle) -> None:
    client = client_for(users["operator"])
    response = client.post(reverse("planning:submit", args=[cycle.disdik.pk]), follow=True)
    assert "Rencana Dinas Pendidikan belum berisi kegiatan." in response.content.decode()


def test_plan_workbook_lists_every_item_with_its_flag(users, people, cycle, cost_standard) -> None:
    add_item(users["operator"], cycle.disdik, people.head, title="Bimtek Mahal", jp=10, cost=1_500_000)
    add_item(users["operator"], cycle.disdik, people.teacher, title="E-Learning", jp=10, cost=0, kind=16)
    response = client_for(users["admin"]).get(reverse("planning:plan-xlsx", args=[cycle.cycle.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Rincian per PNS"]
    rows = {row[6]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Bimtek Mahal"][9:11] == (1_500_000, "di atas standar (batas Rp1.000.000)")
    assert rows["E-Learning"][10] is None


def test_ledger_workbook_and_page(users, people, tree) -> None:
    for person, jp in ((people.head, 20), (people.teacher, 19)):
        history_add(
            actor=None,
            row=TrainingRecord(
                employee=person,
                name="Diklat",
                kind_id=3,
                start_date=dt.date(2026, 3, 1),
                end_date=dt.date(2026, 3, 3),
                jp_hours=jp,
            ),
        )
    client = client_for(users["admin"])
    response = client.get(reverse("planning:jp"), {"year": 2026})
    ledger = response.context["ledger"]
    assert (ledger.total.employees, ledger.total.reached, ledger.total.bands) == (3, 1, [1, 0, 1, 1])
    # As shown: 1 of 3 reached (33,3 %), 39 JP over 3 PNS is 13,0 on average; each unit opens its ledger.
    page = response.content.decode()
    cells = "".join(f'<td class="text-end">{cell}</td>' for cell in ("3", "1", "33,3%", "13,0", "1", "0", "1", "1"))
    assert '<tr class="fw-bold"><td>Jumlah</td>' + cells + "</tr>" in page
    assert len(ledger.rows) >= 2
    for row in ledger.rows:
        assert f'<a href="?year=2026&amp;opd={row.unit_id}">{row.name}</a>' in page
    assert [(r.nip, r.jp, r.shortfall) for r in response.context["behind"]] == [
        (people.nurse.nip, 0, 20),
        (people.teacher.nip, 19, 1),
    ]
    nurse = people.nurse
    assert (
        f'<tr data-nip="{nurse.nip}"><td><a href="/pegawai/{nurse.nip}/">{nurse.nip}</a></td>'
        f"<td>{escape(nurse.full_name)}</td><td>{escape(nurse.unit.name)}</td>"
        '<td class="text-end">0</td><td class="text-end">20</td></tr>'
    ) in page
    job, response = exported(client, f"{reverse('planning:jp-xlsx')}?year=2026")
    assert (job.params, job.result["rows"]) == ({"year": 2026, "opd": None}, 2)
    book = load_workbook(io.BytesIO(content_of(response)))
    summary = list(book["Per perangkat daerah"].iter_rows(min_row=4, values_only=True))
    assert summary[-1] == ("Jumlah", 3, 1, 33.3, 39, 13.0, 1, 0, 1, 1)
    assert [r[0] for r in book["Belum 20 JP"].iter_rows(min_row=4, values_only=True)] == [
        people.nurse.nip,
        people.teacher.nip,
    ]
    operator = client_for(users["operator"]).get(reverse("planning:jp"), {"year": 2026})
    assert operator.context["ledger"].total.employees == 2  # Disdik only


def test_dashboard_asks_the_operator_and_counts_jp(users, cycle) -> None:
    page = client_for(users["operator"]).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="plan-request"' in page and "31-01-2027" in page
    assert 'data-testid="jp-attainment"' in page
    assert (
        'data-testid="plan-request"' not in client_for(users["admin"]).get(reverse("core:dashboard")).content.decode()
    )


def test_the_operators_home_shows_each_of_its_units_with_its_jp_and_latest_plan(users, people, cycle, clock) -> None:
    clock(dt.date(2026, 12, 31))
    history_add(
        actor=None,
        row=TrainingRecord(
            employee=people.teacher,
            name="Diklat",
            kind_id=3,
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 3, 3),
            jp_hours=20,
        ),
    )
    response = client_for(users["operator"]).get(reverse("core:dashboard"))
    # Disdik's own people, then its school: the head's 0 JP first (furthest behind), the teacher's 20.
    units = shown_panel(response, "planning")["units"]
    assert [(row.name, row.employees, row.reached, row.total_jp, row.average_jp, plan) for row, plan in units] == [
        ("Dinas Pendidikan", 1, 0, 0, 0.0, cycle.disdik),
        ("SD Negeri 1", 1, 1, 20, 20.0, None),
    ]
    html = page_text(response)
    assert 'data-testid="my-units"' in html and "Mencapai 20 JP tahun 2026" in html and "2027: " in html
    # BKPSDM sees every unit on its ledger, not an operator's table; general affairs sees neither.
    assert shown_panel(client_for(users["admin"]).get(reverse("core:dashboard")), "planning")["units"] is None
    with pytest.raises(KeyError):
        shown_panel(client_for(users["umum"]).get(reverse("core:dashboard")), "planning")


def test_list_pages_use_a_fixed_number_of_queries(users, people, tree, cycle, clock) -> None:
    clock(dt.date(2027, 12, 10))  # the year's training has happened
    admin = client_for(users["admin"])
    urls = [
        reverse("planning:cycle", args=[cycle.cycle.pk]),
        reverse("planning:unit-plan", args=[cycle.disdik.pk]),
        reverse("planning:evaluation", args=[cycle.cycle.pk]),
        reverse("planning:jp") + "?year=2027",
        reverse("planning:list"),
    ]
    add_item(users["operator"], cycle.disdik, people.head, title="Satu", jp=10, cost=0)
    for url in urls:  # warm the per-process caches (content types) so only the page's own queries count
        admin.get(url)
    before = [queries(admin, url) for url in urls]
    for n in range(4):
        person = make_employee(tree.school, f"198001012005011{n + 1:03d}", f"Guru {n}")
        add_item(users["operator"], cycle.disdik, person, title=f"Kegiatan {n}", jp=10, cost=0)
        history_add(
            actor=None,
            row=TrainingRecord(
                employee=person,
                name="Diklat",
                kind_id=3,
                start_date=dt.date(2027, 3, 1),
                end_date=dt.date(2027, 3, 3),
                jp_hours=5,
            ),
        )
    assert [queries(admin, url) for url in urls] == before


def test_the_norm_in_force_is_used(users, people) -> None:
    JpNorm.objects.create(hours=24, valid_from=dt.date(2027, 1, 1), legal_source="Perbup uji 2027")
    assert (jp_norm(2026), jp_norm(2027)) == (20, 24)  # the shipped PP 11/2017 norm, then the new one
    history_add(
        actor=None,
        row=TrainingRecord(
            employee=people.teacher,
            name="Diklat",
            kind_id=3,
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 3, 3),
            jp_hours=20,
        ),
    )
    page = page_text(client_for(users["admin"]).get(reverse("people:detail", args=[people.teacher.nip])))
    assert "≥ 20" in page
    JpNorm.objects.create(
        hours=24, valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 12, 31), legal_source="Perbup uji 2026"
    )
    page = client_for(users["admin"]).get(reverse("people:detail", args=[people.teacher.nip])).content.decode()
    assert "kurang dari 24" in page
    call_command("load_reference", stdout=io.StringIO())  # reloading keeps the administrator's rows
    assert JpNorm.objects.count() == 3 and jp_norm(2026) == 24


def test_the_behind_list_pages_by_name_and_filters_by_band(users, people, tree) -> None:
    for n in range(60):
        person = make_employee(tree.school, f"198001012005011{n + 1:03d}", f"Guru {n:02d}")
        if n % 3:  # two in three have 5 JP (band 1–9), one in three none
            history_add(
                actor=None,
                row=TrainingRecord(
                    employee=person,
                    name="Diklat",
                    kind_id=3,
                    start_date=dt.date(2026, 3, 1),
                    end_date=dt.date(2026, 3, 3),
                    jp_hours=5,
                ),
            )
    admin = client_for(users["admin"])
    first = admin.get(reverse("planning:jp"), {"year": 2026})
    # 63 PNS, none at 20 JP: the head, the teacher, the nurse and the 20 teachers without JP, 40 with 5.
    assert first.context["behind_count"] == 63
    assert "Belum mencapai 20 JP (63 PNS)" in first.content.decode()
    names = [r.name for r in first.context["behind"]]
    assert names[:3] == ["Ani Lestari", "Budi Santoso", "Guru 00"] and len(names) == 50
    with CaptureQueriesContext(connection) as first_queries:
        admin.get(reverse("planning:jp"), {"year": 2026})
    with CaptureQueriesContext(connection) as deep_queries:
        deep = admin.get(reverse("planning:jp"), {"year": 2026, "setelah": first.context["page"].next_cursor})
    assert len(deep_queries) == len(first_queries)
    assert [r.name for r in deep.context["behind"]] == [f"Guru {n:02d}" for n in range(48, 60)] + ["Siti Rahayu"]
    band = admin.get(reverse("planning:jp"), {"year": 2026, "band": 1})
    assert band.context["behind_count"] == 40
    assert {r.jp for r in band.context["behind"]} == {5}
    nothing = admin.get(reverse("planning:jp"), {"year": 2026, "band": 0}).context
    assert nothing["behind_count"] == 23 and all(r.jp == 0 for r in nothing["behind"])


def test_the_employee_page_names_each_competency_group(users, people, cycle) -> None:
    page = client_for(users["operator"]).get(reverse("planning:employee", args=[cycle.disdik.pk, people.head.nip]))
    text = page.content.decode()
    assert "Sosial kultural" in text or "Manajerial" in text
    assert ">sosial_kultural<" not in text and ">manajerial<" not in text  # never the stored code
