"""Keyset pages walk the whole list in every sort order, both ways, nulls last, at constant cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangkom.core.keyset import encode, keyset_page
from bangkom.people.models import Employee, RankHistory
from bangkom.people.selectors import SORTS
from bangkom.people.services import history_add
from conftest import make_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(tree) -> list[Employee]:
    made = []
    for n in range(23):
        # Three people share each name, so the order must fall back on the key; some have no golongan.
        employee = make_employee(tree.dinkes, f"19800101200501{1 + n % 2}{n + 1:03d}", f"Pegawai {n // 3:02d}")
        if n % 4:
            history_add(actor=None, row=RankHistory(employee=employee, golongan_id=31 + n % 3, tmt=dt.date(2020, 1, 1)))
        made.append(employee)
    return made


def walk_forward(rows, ordering, size: int) -> list[int]:
    seen, page = [], keyset_page(rows, ordering, size=size)
    while True:
        seen += [e.pk for e in page]
        if page.next_cursor is None:
            return seen
        page = keyset_page(rows, ordering, size=size, after=page.next_cursor)


def walk_back(rows, ordering, size: int) -> list[int]:
    seen, page = [], keyset_page(rows, ordering, size=size, last=True)
    while True:
        seen = [e.pk for e in page] + seen
        if page.previous_cursor is None:
            return seen
        page = keyset_page(rows, ordering, size=size, before=page.previous_cursor)


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_sort_is_walked_whole_both_ways(staff, sort: str) -> None:
    rows = Employee.objects.select_related("unit")
    ordering = SORTS[sort]
    # Expected order by hand: Python's stable sort, last key first; nulls last whichever the direction.
    expected = list(rows)
    for name in reversed(ordering):
        field, descending = name.lstrip("-"), name.startswith("-")

        def value(e: Employee, field: str = field):
            return e.unit.path if field == "unit__path" else getattr(e, field)

        if descending:
            expected.sort(key=lambda e, v=value: (value(e) is not None, value(e) or 0), reverse=True)
        else:
            expected.sort(key=lambda e, v=value: (value(e) is None, value(e) or 0))
    assert walk_forward(rows, ordering, 5) == [e.pk for e in expected]
    assert walk_back(rows, ordering, 5) == [e.pk for e in expected]


def test_a_page_costs_one_query_and_a_bad_cursor_starts_again(staff) -> None:
    rows = Employee.objects.all()
    first = keyset_page(rows, ("name", "id"), size=5)
    with CaptureQueriesContext(connection) as queries:
        deep = keyset_page(rows, ("name", "id"), size=5, after=first.next_cursor)
    assert len(queries) == 1 and len(deep) == 5 and deep.previous_cursor
    for bad in ("%%%", "bm90LWpzb24", encode(staff[0], ("name",)), "W1tdXQ"):  # junk, not JSON, wrong length, a list
        again = keyset_page(rows, ("name", "id"), size=5, after=bad)
        assert [e.pk for e in again] == [e.pk for e in first] and again.previous_cursor is None


def test_tiers_are_walked_one_after_another_both_ways(staff) -> None:
    rows = Employee.objects.all()
    # Three tiers in an order of their own (the middle names last), the last one empty.
    tiers = [
        rows.filter(name__lt="Pegawai 03"),
        rows.filter(name__gte="Pegawai 05"),
        rows.filter(name__gte="Pegawai 03", name__lt="Pegawai 05"),
        rows.none(),
    ]
    ordering = ("name", "id")
    expected = [e.pk for tier in tiers for e in tier.order_by(*ordering)]
    assert len(expected) == 23
    for size in (1, 4, 5, 23, 30):
        assert walk_forward(tiers, ordering, size) == expected
        assert walk_back(tiers, ordering, size) == expected
    with CaptureQueriesContext(connection) as queries:
        first = keyset_page(tiers, ordering, size=12)  # 9 from the first tier, 3 from the second
    assert len(queries) == 2 and [e.pk for e in first] == expected[:12]
    with CaptureQueriesContext(connection) as queries:
        keyset_page(tiers, ordering, size=3)
    assert len(queries) == 1  # a page inside one tier reads that tier only
    wrong_tier = encode(staff[0], ordering, tier=4)
    assert [e.pk for e in keyset_page(tiers, ordering, size=3, after=wrong_tier)] == expected[:3]


def test_a_jump_starts_at_the_first_match_and_can_go_back(staff) -> None:
    from django.db.models import Q

    rows = Employee.objects.all()
    page = keyset_page(rows, ("name", "id"), size=4, start=Q(name__gte="Pegawai 03"))
    assert [e.name for e in page] == ["Pegawai 03"] * 3 + ["Pegawai 04"]
    back = keyset_page(rows, ("name", "id"), size=4, before=page.previous_cursor)
    assert [e.name for e in back] == ["Pegawai 01"] + ["Pegawai 02"] * 3


def test_the_birth_date_sort_of_a_date_field_round_trips(staff) -> None:
    rows = Employee.objects.all()
    page = keyset_page(rows, ("birth_date", "id"), size=10)
    after = keyset_page(rows, ("birth_date", "id"), size=10, after=page.next_cursor)
    assert all(e.birth_date >= dt.date(1980, 1, 1) for e in after) and len(after) == 10


def test_numbered_pages_by_key_keep_the_order_and_the_full_rows(staff) -> None:
    """KeyPaginator: the same pages as Django's Paginator over the same rows (names tie three at a
    time, so the order rests on the key), each row a full instance with its annotations, in two
    queries a page whatever the list's length (keys, then rows) beside the count."""
    from django.core.paginator import Paginator
    from django.db.models import Value
    from django.db.models.functions import Concat

    from bangkom.core.keyset import KeyPaginator

    rows = (
        Employee.objects.filter(pk__in=[e.pk for e in staff])
        .annotate(label=Concat("name", Value(" / "), "nip"))
        .select_related("unit")
        .order_by("-name", "pk")
    )
    plain, by_key = Paginator(rows, 5), KeyPaginator(rows, 5)
    assert by_key.count == 23 and by_key.num_pages == 5
    for number in range(1, 6):
        expected = [(e.pk, e.label) for e in plain.page(number)]
        with CaptureQueriesContext(connection) as queries:
            page = by_key.page(number)
            got = [(e.pk, e.label, e.unit.name) for e in page]
        assert [(pk, label) for pk, label, _unit in got] == expected
        assert len(queries) == 2  # the page's keys, then its rows with their unit
    assert len(by_key.page(5)) == 3 and by_key.get_page(99).number == 5
