"""The small tables every registry page reads come from the cache, and an edit shows on the next page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangkom.accounts.scope import whole_units_path
from bangkom.core.table_cache import attach_cached, cached_table
from bangkom.documents.models import Letterhead
from bangkom.people import selectors
from bangkom.people.models import EducationLevel, Employee, Golongan, Unit, UnitKind
from bangkom.people.reference import load_reference
from conftest import make_employee

pytestmark = pytest.mark.django_db


def test_a_table_is_read_once_then_served_from_the_cache(reference) -> None:
    with CaptureQueriesContext(connection) as first:
        rows = cached_table(Golongan)
    with CaptureQueriesContext(connection) as second:
        again = cached_table(Golongan)
    assert (len(first), len(second)) == (1, 0)
    assert again[32].code == rows[32].code == "III/b"
    assert len(again) == Golongan.objects.count() == 17


def test_a_process_keeps_the_rows_and_asks_the_cache_only_for_their_version(reference) -> None:
    from django.core.cache import cache

    rows = cached_table(Golongan)
    with CaptureQueriesContext(connection) as queries:
        assert cached_table(Golongan) is rows  # the process's own rows: nothing unpickled, nothing read
    assert len(queries) == 0
    cache.delete("table:people.golongan")  # another worker's edit, as a shared cache shows it
    with CaptureQueriesContext(connection) as queries:
        again = cached_table(Golongan)
    assert again is not rows and len(queries) == 1 and again[32].code == "III/b"


def test_a_save_or_a_delete_is_seen_at_once(reference) -> None:
    cached_table(Golongan)
    row = Golongan.objects.get(pk=32)
    row.pangkat = "Penata Muda Tingkat I (diubah)"
    row.save()
    assert cached_table(Golongan)[32].pangkat == "Penata Muda Tingkat I (diubah)"
    EducationLevel.objects.create(id="99", code="X9", name="Jenjang uji", rank=99)
    cached_table(EducationLevel)
    EducationLevel.objects.filter(pk="99").get().delete()
    assert "99" not in cached_table(EducationLevel)


def test_the_bulk_load_of_the_national_codes_forgets_what_was_cached(reference) -> None:
    Golongan.objects.filter(pk=32).update(pangkat="salah")  # an update sends no signal...
    assert cached_table(Golongan)[32].pangkat == "salah"
    load_reference()  # ...the reload of the national file puts it right, in the cache too
    assert cached_table(Golongan)[32].pangkat == "Penata Muda Tingkat I"


def test_attached_rows_need_no_query_per_row(tree) -> None:
    employee = make_employee(tree.dinkes, "198001012005011001", "Ani")
    Employee.objects.filter(pk=employee.pk).update(golongan_id=32, eselon_id=None, education_level_id="40")
    cached_table(Golongan), cached_table(EducationLevel)
    fresh = Employee.objects.get(pk=employee.pk)
    with CaptureQueriesContext(connection) as queries:
        selectors.with_references([fresh])
        shown = (fresh.golongan.code, fresh.eselon, fresh.education_level.name)
    # One query for each table not yet cached (kinds of position, eselon), none per row.
    assert shown == ("III/b", None, "S-1/Sarjana")
    assert len(queries) == 2


def test_a_key_the_cache_does_not_know_is_left_to_the_lazy_query(tree) -> None:
    employee = make_employee(tree.dinkes, "198001012005011001", "Ani")
    cached_table(Golongan)
    Golongan.objects.bulk_create([Golongan(id=46, code="IV/f", pangkat="Uji")])  # as another worker would
    Employee.objects.filter(pk=employee.pk).update(golongan_id=46)
    fresh = Employee.objects.get(pk=employee.pk)
    attach_cached([fresh], "golongan")
    assert fresh.golongan.pangkat == "Uji"  # read by its own query, not left empty


def test_only_foreign_keys_can_be_attached(tree) -> None:
    employee = make_employee(tree.dinkes, "198001012005011001", "Ani")
    with pytest.raises(TypeError, match="not a foreign key"):
        attach_cached([employee], "name")


def test_the_lists_unit_filter_offers_the_units_in_scope_in_tree_order_from_the_cache(users, tree) -> None:
    # Whole units come from the cached table; one's own record's unit is still asked for; no scope, no query.
    for role, asked in (("admin", 0), ("operator", 0), ("pegawai", 1), ("nobody", 0)):
        user = users[role]
        expected = list(selectors.units_visible(user))
        selectors.filter_choices(user)
        with CaptureQueriesContext(connection) as queries:
            offered = selectors.filter_choices(user).units
        assert offered == expected, role
        assert len(queries) == asked, role
    assert [u.code for u in selectors.filter_choices(users["admin"]).units] == ["KAB", "DISDIK", "SD1", "DINKES"]
    assert [u.code for u in selectors.filter_choices(users["operator"]).units] == ["DISDIK", "SD1"]
    assert (whole_units_path(users["pegawai"]), selectors.filter_choices(users["nobody"]).units) == (None, [])


def test_filter_choices_keep_each_tables_order(users, reference) -> None:
    choices = selectors.filter_choices(users["admin"])
    assert [row.pk for row in choices.education] == list(EducationLevel.objects.values_list("pk", flat=True))
    assert [row.pk for row in choices.golongan] == list(Golongan.objects.values_list("pk", flat=True))
    assert "99" not in [row.pk for row in choices.eselon]


def test_the_agency_header_follows_the_letterhead_at_once(users) -> None:
    client = Client()
    client.force_login(users["admin"])
    assert "Pemerintah Kabupaten Sukamaju" in client.get(reverse("people:list")).content.decode()
    Letterhead.objects.create(government="Pemerintah Kota Baru", agency_name="BKPSDM", address="Jl. Uji 1")
    assert "Pemerintah Kota Baru" in client.get(reverse("people:list")).content.decode()


def test_units_by_path_come_from_the_cache_and_a_rename_shows_at_once(tree) -> None:
    paths = [tree.disdik.path, tree.dinkes.path]
    selectors.units_at(paths)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.units_at(paths)
    assert len(queries) == 0 and {path: unit.name for path, unit in found.items()} == {
        tree.disdik.path: "Dinas Pendidikan",
        tree.dinkes.path: "Dinas Kesehatan",
    }
    tree.dinkes.name = "Dinas Kesehatan dan KB"
    tree.dinkes.save()
    assert selectors.units_at([tree.dinkes.path])[tree.dinkes.path].name == "Dinas Kesehatan dan KB"
    assert selectors.units_at(["999999/"]) == {}


def test_a_unit_the_cache_does_not_know_is_read_from_the_database(tree) -> None:
    selectors.units_at([tree.disdik.path])
    (added,) = Unit.objects.bulk_create(  # as another worker would add it: no signal reaches this one
        [Unit(code="BKPSDM", name="BKPSDM", kind=UnitKind.OPD, parent=tree.root, depth=1, path="000001/099999/")]
    )
    with CaptureQueriesContext(connection) as queries:
        found = selectors.units_at([tree.disdik.path, added.path])
    assert len(queries) == 1 and found[added.path].name == "BKPSDM" and found[tree.disdik.path] == tree.disdik
