from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bangkom.core.formats import day_text
from bangkom.core.models import DataAccess, Job, JobStatus
from bangkom.core.tests.exports import content_of, exported
from bangkom.people import selectors, views
from bangkom.people.models import Employee, RankHistory, TrainingRecord
from bangkom.people.selectors import EmployeeFilter
from bangkom.people.services import history_add
from bangkom.people.tests.siasn import siasn_csv, siasn_row
from conftest import SAMPLE_PDF, make_employee, page_text, shown_panel, warm


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_staff(unit, count: int, start: int = 1) -> None:
    for n in range(start, start + count):
        employee = make_employee(unit, f"19800101200501{1 + n % 2}{n:03d}", f"Pegawai {n:03d}")
        history_add(actor=None, row=RankHistory(employee=employee, golongan_id=31 + n % 4, tmt=dt.date(2020, 1, 1)))


def list_queries(client: Client, params: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:list") + params)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows(users, tree) -> None:
    client = client_for(users["admin"])
    filters = f"?q=Pegawai&unit={tree.dinkes.pk}&golongan=32&sort=-golongan"
    add_staff(tree.dinkes, 3)
    # The first page after a start also reads into the cache the user's access (permissions, roles,
    # authenticator: 3), the small tables (golongan, kinds of position, eselon, education: 4), the units
    # (the filter's choices) and the agency's letterhead.
    cold = list_queries(client)
    few, few_filtered = list_queries(client), list_queries(client, filters)
    add_staff(tree.dinkes, 60, start=4)
    many, many_filtered = list_queries(client), list_queries(client, filters)
    # session, user (the bell's unread count is kept on it), count (from the units' figures), page (+
    # the unit filter, in the page and the count, and a name search counts the names that start with
    # it apart from the rest)
    assert cold == 4 + 3 + 4 + 1 + 1
    assert few == many == 4
    assert few_filtered == many_filtered == 7
    # A ranked name search reads its page from the names that start with it alone when they fill it.
    assert list_queries(client, "?q=pegawai") == 4 + 1


def test_search_filter_sort_and_paginate(users, tree) -> None:
    add_staff(tree.dinkes, 30)
    client = client_for(users["admin"])
    page = client.get(reverse("people:list"), {"q": "Pegawai 01"}).context["page"]
    assert [e.name for e in page] == [f"Pegawai {n:03d}" for n in range(10, 20)]
    assert client.get(reverse("people:list"), {"q": "19800101"}).context["count"] == 30
    page = client.get(reverse("people:list"), {"golongan": 32, "unit": tree.dinkes.pk, "sort": "-name"}).context["page"]
    names = [e.name for e in page]
    assert names == sorted(names, reverse=True) and len(names) == 8  # n % 4 == 1 for n in 1..30
    first = client.get(reverse("people:list")).context
    assert (first["count"], len(first["page"])) == (33, 25)
    second = client.get(reverse("people:list"), {"setelah": first["page"].next_cursor}).context["page"]
    assert len(second) == 8 and second.next_cursor is None  # 33 people, 25 per page
    # A unit outside the operator's scope is not a valid choice: the filter is refused with a message
    # and the list stays within the operator's own units.
    response = client_for(users["operator"]).get(reverse("people:list"), {"unit": tree.dinkes.pk})
    assert "unit" in response.context["form"].errors
    assert {e.name for e in response.context["page"]} == {"Siti Rahayu", "Budi Santoso"}


def test_each_row_shows_its_cells_as_the_table_reads_them(users, tree, people) -> None:
    """Titles around the name, the unit's short name when it has one, the kind of position beside the
    position, "–" for what is not set, and the NIP linked to the record."""
    Employee.objects.filter(pk=people.teacher.pk).update(
        front_title="Dra.", back_title="M.Pd.", position_name="Guru Ahli Pertama", position_kind_id="fungsional"
    )
    tree.school.short_name = "SDN 1"
    tree.school.save()
    html = page_text(client_for(users["admin"]).get(reverse("people:list"), {"q": "198503152010012003"}))
    assert (
        '<tr><td><a href="/pegawai/198503152010012003/">198503152010012003</a></td><td>Dra. Siti Rahayu, M.Pd.</td>'
        '<td>III/b</td><td>SDN 1</td><td>Guru Ahli Pertama <span class="text-muted small">(Jabatan Fungsional)'
        "</span></td><td>\u2013</td><td>\u2013</td></tr>"
    ) in html
    html = page_text(client_for(users["admin"]).get(reverse("people:list"), {"q": "197201011998031005"}))
    assert (
        '<td><a href="/pegawai/197201011998031005/">197201011998031005</a></td><td>Budi Santoso</td>'
        "<td>\u2013</td><td>Dinas Pendidikan</td><td>\u2013</td><td>\u2013</td><td>\u2013</td></tr>"
    ) in html


def test_export_contains_the_filtered_list(users, tree) -> None:
    add_staff(tree.dinkes, 5)
    job, response = exported(client_for(users["admin"]), f"{reverse('people:export')}?unit={tree.dinkes.pk}")
    assert job.params == {"filters": {**dataclasses.asdict(EmployeeFilter()), "unit": tree.dinkes.pk}}
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-')
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama")
    assert len(rows) == 1 + 6  # the nurse and five staff of Dinkes
    assert {r[1] for r in rows[1:]} >= {"Ani Lestari", "Pegawai 001"}
    assert (job.result["rows"], job.message) == (6, "6 baris siap diunduh.")
    logged = DataAccess.objects.get()
    assert (logged.user, logged.rows, logged.what) == (users["admin"], 6, job.output_name)


def test_export_of_an_operator_holds_only_their_unit_whatever_the_query_asks(users, tree) -> None:
    """The filter form refuses a unit outside the operator's scope; the job reads through their
    scope again, so the file never holds another unit's people."""
    add_staff(tree.dinkes, 3)
    _job, response = exported(client_for(users["operator"]), f"{reverse('people:export')}?unit={tree.dinkes.pk}")
    rows = list(load_workbook(io.BytesIO(content_of(response))).active.iter_rows(values_only=True))[1:]
    visible = set(selectors.employees_visible(users["operator"]).values_list("nip", flat=True))
    assert {r[0] for r in rows} == visible and len(visible) == 2  # Disdik's two, no one of Dinkes


def test_detail_shows_histories_facts_and_audit(users, people) -> None:
    client = client_for(users["operator"])
    response = client.post(
        reverse("people:history-add", args=[people.teacher.nip, "diklat"]),
        {
            "name": "Bimtek Kurikulum",
            "kind": 8,
            "organiser": "BKPSDM",
            "start_date": f"{timezone.localdate().year}-02-01",
            "end_date": f"{timezone.localdate().year}-02-03",
            "jp_hours": 24,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("people:detail", args=[people.teacher.nip]))
    html = page.content.decode()
    assert "Bimtek Kurikulum" in html
    assert page.context["facts"].jp_this_year == 24
    # The trail of changes is read when asked: a link the page's script turns into the card's content.
    assert "audit" not in page.context and 'data-testid="audit-trail"' not in html
    trail = reverse("people:audit", args=[people.teacher.nip])
    assert f'href="{trail}"' in html and f'hx-get="{trail}"' in html
    fragment = client.get(trail, HTTP_HX_REQUEST="true")
    assert fragment.context["audit"][0].who == "u_operator"
    assert "<html" not in fragment.content.decode() and 'data-testid="audit-trail"' in fragment.content.decode()
    text = page_text(fragment)
    assert "u_operator" in text and "riwayat diklat dibuat" in text and "Bimtek Kurikulum" in text
    whole = client.get(trail)  # without the script: a page of its own, linked back to the record
    assert "<html" in whole.content.decode() and "u_operator" in whole.content.decode()
    assert f'href="{reverse("people:detail", args=[people.teacher.nip])}"' in whole.content.decode()


def test_a_training_revoked_after_midnight_in_jakarta_is_struck_out_with_that_days_date(users, people) -> None:
    history_add(
        actor=users["admin"],
        row=TrainingRecord(
            employee=people.teacher, name="Bimtek <Kurikulum> & Asesmen", kind_id=8, organiser="BKPSDM",
            start_date=dt.date(2026, 2, 1), end_date=dt.date(2026, 2, 3), jp_hours=24,
        ),
    )  # fmt: skip
    # 00:30 on 1 January in Jakarta is 17:30 on 31 December in UTC.
    TrainingRecord.objects.filter(employee=people.teacher).update(
        revoked_at=dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC), revoke_reason="STTP <palsu>"
    )
    html = client_for(users["admin"]).get(reverse("people:detail", args=[people.teacher.nip])).content.decode()
    assert (
        '<tr class="text-muted" data-revoked="1"><td><s>Bimtek &lt;Kurikulum&gt; &amp; Asesmen</s>'
        ' <span class="badge text-bg-danger">Dicabut 01-01-2027: tidak dihitung</span>'
        ' <span class="small">STTP &lt;palsu&gt;</span></td>'
    ) in html
    assert '<td class="text-nowrap">01-02-2026 \u2013 03-02-2026</td><td><s>24</s></td>' in html


def test_a_moment_is_shown_as_its_day_in_jakarta() -> None:
    assert day_text(dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)) == "01-01-2027"
    assert day_text(dt.datetime(2026, 12, 31, 16, 59, tzinfo=dt.UTC)) == "31-12-2026"
    assert (day_text(dt.date(2027, 1, 1)), day_text(None)) == ("01-01-2027", "")


def test_the_trail_of_changes_costs_the_same_queries_with_one_change_or_forty(users, people) -> None:
    """The page reads the record and its seven history tables once each, whatever the trail holds."""
    client = client_for(users["admin"])
    trail = reverse("people:audit", args=[people.teacher.nip])
    warm(client, trail)
    with CaptureQueriesContext(connection) as few:
        assert client.get(trail, HTTP_HX_REQUEST="true").status_code == 200
    ranks_recorded = 1  # the people fixture's III/b
    for n in range(40):
        history_add(
            actor=users["admin"],
            row=RankHistory(employee=people.teacher, golongan_id=31 + n % 4, tmt=dt.date(2000 + n % 20, 1 + n % 12, 1)),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(trail, HTTP_HX_REQUEST="true")
    assert len(many) == len(few)
    ranks = [a for a in response.context["audit"] if (a.what, a.action) == ("riwayat pangkat", "dibuat")]
    assert len(ranks) == ranks_recorded + 40 and ranks[0].who == "u_admin"


def test_form_errors_are_shown_and_nothing_is_saved(users, people) -> None:
    client = client_for(users["admin"])
    response = client.post(
        reverse("people:history-add", args=[people.teacher.nip, "diklat"]),
        {"name": "Bimtek", "kind": 8, "start_date": "2026-02-03", "end_date": "2026-02-01", "jp_hours": 0},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "end_date" in form.errors and "jp_hours" in form.errors
    assert people.teacher.training_records.count() == 0
    response = client.post(
        reverse("people:create"),
        {
            "nip": "198503152010012004",
            "employee_type": "pns",
            "name": "Salah",
            "birth_date": "1985-03-16",
            "gender": "1",
            "unit": people.teacher.unit_id,
        },
    )
    assert "16-03-1985" in str(response.context["form"].errors["nip"])
    assert not Employee.objects.filter(nip="198503152010012004").exists()


def test_skp_year_cannot_be_entered_twice(users, people) -> None:
    client = client_for(users["admin"])
    url = reverse("people:history-add", args=[people.teacher.nip, "skp"])
    assert client.post(url, {"year": 2025, "rating": 2}).status_code == 302
    response = client.post(url, {"year": 2025, "rating": 1})
    assert "sudah tercatat" in str(response.context["form"].non_field_errors())
    assert people.teacher.skp_history.get().rating_id == 2


def test_import_upload_small_file_runs_inline(users, tree, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        path = siasn_csv(
            [siasn_row(nip_baru="199001012015031001", tanggal_lahir="01-01-1990", jenis_kelamin="M")],
            tmp_path / "a.csv",
        )
        client = client_for(users["admin"])
        response = client.post(reverse("people:import"), {"file": SimpleUploadedFile("a.csv", path.read_bytes())})
        job = Job.objects.get()
        assert response["Location"] == reverse("core:job", args=[job.pk])
        assert job.status == JobStatus.SUCCEEDED and job.result["summary"]["created"] == 1
        page = client.get(response["Location"]).content.decode()
        assert 'data-testid="import-summary"' in page


def test_import_upload_bad_file_lists_errors(users, tree, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path, IMPORT_BACKGROUND_BYTES=1):
        bad = siasn_csv(
            [siasn_row(nip_baru="199001012015031001", tanggal_lahir="02-01-1990", jenis_kelamin="M")],
            tmp_path / "b.csv",
        )
        client = client_for(users["admin"])
        # Background path: the test settings run tasks immediately, after the upload's transaction commits.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
            response = client.post(reverse("people:import"), {"file": SimpleUploadedFile("b.csv", bad.read_bytes())})
        job = Job.objects.get()
        assert job.status == JobStatus.FAILED
        assert job.result["errors"][0]["line"] == 2 and job.result["errors"][0]["column"] == "tanggal_lahir"
        page = client.get(response["Location"]).content.decode()
        assert "tanggal_lahir" in page and "02-01-1990" in page
        partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        assert partial.lstrip().startswith('<div id="job-progress"') and "hx-get" not in partial.split(">")[0]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_is_throttled_after_failures(users) -> None:
    client = Client()
    url = reverse("accounts:login")
    for _ in range(3):
        client.post(url, {"username": "u_admin", "password": "salah"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(url, {"username": "u_admin", "password": "rahasia-uji-123"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    ok = Client().post(url, {"username": "u_tspdi", "password": "rahasia-uji-123"}, REMOTE_ADDR="10.0.0.2")
    assert ok.status_code == 302


def test_dashboard_counts_and_chart_data(users, people) -> None:
    response = client_for(users["operator"]).get(reverse("core:dashboard"))
    panel = shown_panel(response, "people")
    assert panel["stats"].total == 2  # the operator's Disdik and its school
    assert dict(panel["stats"].by_golongan)["III/b"] == 1
    assert 'id="chart-data"' in response.content.decode()
    assert set(panel["charts"]) == {"golongan"}  # one OPD is no comparison; nobody's education is recorded
    agency = shown_panel(client_for(users["admin"]).get(reverse("core:dashboard")), "people")
    assert agency["stats"].total == 3 and agency["charts"]["unit"]["data"] == [2, 1]  # Disdik, Dinkes


def test_edit_employee_is_audited_and_bounded_by_scope(users, people, tree) -> None:
    client = client_for(users["operator"])
    url = reverse("people:edit", args=[people.teacher.nip])
    data = {
        "nip": "999",
        "employee_type": "pns",
        "name": "Siti Rahayu Putri",
        "birth_date": "1985-03-15",
        "gender": "2",
        "unit": tree.disdik.pk,
        "birth_place": "Sukamaju",
    }
    assert client.post(url, data).status_code == 302
    teacher = Employee.objects.get(pk=people.teacher.pk)
    assert (teacher.nip, teacher.name, teacher.unit) == ("198503152010012003", "Siti Rahayu Putri", tree.disdik)
    change = teacher.history.first()
    assert change.history_user == users["operator"] and change.history_type == "~"
    # A unit outside the operator's scope is not a valid choice, on edit or on create.
    response = client.post(url, {**data, "unit": tree.dinkes.pk})
    assert "unit" in response.context["form"].errors
    response = client.post(
        reverse("people:create"),
        {**data, "nip": "199001012015031001", "birth_date": "1990-01-01", "gender": "1", "unit": tree.dinkes.pk},
    )
    assert "unit" in response.context["form"].errors
    assert not Employee.objects.filter(nip="199001012015031001").exists()
    assert Employee.objects.get(pk=people.teacher.pk).unit == tree.disdik


def test_document_upload_page_refuses_a_disguised_file(users, people, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        client = client_for(users["operator"])
        url = reverse("people:document-add", args=[people.teacher.nip])
        fake = SimpleUploadedFile("sk.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
        response = client.post(url, {"kind": "sk_pangkat", "file": fake})
        assert "bukan jenis yang diizinkan" in str(response.context["form"].errors["file"])
        pdf = SimpleUploadedFile("sk.pdf", SAMPLE_PDF, content_type="application/pdf")
        assert client.post(url, {"kind": "sk_pangkat", "file": pdf, "valid_until": "2030-01-01"}).status_code == 302
        document = people.teacher.documents.get()
        download = client.get(reverse("people:document", args=[people.teacher.nip, document.pk]))
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert download["Content-Type"] == "application/pdf"


def test_name_search_ranks_names_that_start_with_it_first(users, tree, people) -> None:
    for n, name in enumerate(("Rosita Dewi", "Ani Siti", "Siti Aminah")):
        make_employee(tree.dinkes, f"19800101200501{1 + n % 2}{n + 1:03d}", name)
    client = client_for(users["admin"])
    context = client.get(reverse("people:list"), {"q": "sit"}).context
    # a name that starts with it, then a word of the name that starts with it, then anywhere; by name
    assert [e.name for e in context["page"]] == ["Siti Aminah", "Siti Rahayu", "Ani Siti", "Rosita Dewi"]
    assert context["count"] == 4 and not context["jump"]
    by_name = client.get(reverse("people:list"), {"q": "sit", "sort": "-name"}).context["page"]
    assert [e.name for e in by_name] == ["Siti Rahayu", "Siti Aminah", "Rosita Dewi", "Ani Siti"]


def test_a_name_search_is_paged_across_its_ranks_and_counted(users, tree, people, monkeypatch) -> None:
    """Each rank is read on its own (the first from the index on UPPER(name)); the pages cross from one
    rank to the next both ways, case does not split the order, and the export keeps the same order."""
    names = ("rosita", "SITI NUR", "Ani Siti", "siti Abadi", "Kusiti", "Budi Sitompul", "Siti Zahra", "Nur")
    for n, name in enumerate(names):
        make_employee(tree.dinkes, f"19800101200501{1 + n % 2}{n + 1:03d}", name)
    expected = ["siti Abadi", "SITI NUR", "Siti Rahayu", "Siti Zahra", "Ani Siti", "Budi Sitompul", "Kusiti", "rosita"]
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client = client_for(users["admin"])
    seen, response = [], client.get(reverse("people:list"), {"q": "Sit"})
    while True:
        page = response.context["page"]
        seen += [e.name for e in page]
        if not page.next_cursor:
            break
        response = client.get(reverse("people:list"), {"q": "Sit", "setelah": page.next_cursor})
    assert seen == expected
    back = client.get(reverse("people:list"), {"q": "Sit", "akhir": "1"}).context["page"]
    assert [e.name for e in back] == expected[-3:]
    earlier = client.get(reverse("people:list"), {"q": "Sit", "sebelum": back.previous_cursor}).context["page"]
    assert [e.name for e in earlier] == expected[2:5]
    assert [e.name for e in selectors.employee_list(users["admin"], selectors.EmployeeFilter(q="Sit"))] == expected
    assert response.context["count"] == 8
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)  # the names that start with "sit" (4) alone pass it
    with CaptureQueriesContext(connection) as queries:
        assert selectors.employee_count(users["admin"], selectors.EmployeeFilter(q="sit")) == (3, True)
    assert len(queries) == 1
    assert selectors.employee_count(users["admin"], selectors.EmployeeFilter(q="ros")) == (1, False)


def test_jump_to_a_letter_and_a_capped_count(users, tree, people, monkeypatch) -> None:
    add_staff(tree.dinkes, 12)
    client = client_for(users["admin"])
    page = client.get(reverse("people:list"), {"dari": "s"}).context["page"]
    assert [e.name for e in page] == ["Siti Rahayu"] and page.previous_cursor  # a way back to the Ps
    back = client.get(reverse("people:list"), {"sebelum": page.previous_cursor}).context["page"]
    assert [e.name for e in back][-1] == "Pegawai 012"
    down = client.get(reverse("people:list"), {"sort": "-name", "dari": "peg"}).context["page"]
    assert [e.name for e in down][:2] == ["Pegawai 012", "Pegawai 011"]  # from the last name with the prefix
    assert selectors._prefix_end("Siti") == "Sitj" and selectors._prefix_end("Mz") == "N"
    assert selectors._prefix_end("zz") == "" and selectors._prefix_end("19899") == "199"
    nip = client.get(reverse("people:list"), {"sort": "nip", "dari": "1990"}).context["page"]
    assert [e.nip for e in nip] == [people.nurse.nip]
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    response = client.get(reverse("people:list"), {"q": "Pegawai"})
    assert (response.context["count"], response.context["more"]) == (5, True)
    assert "Lebih dari 5 pegawai" in response.content.decode()


def test_who_may_edit_a_record_the_right_and_the_scope(users, people, django_assert_num_queries) -> None:
    operator, admin, pegawai = users["operator"], users["admin"], users["pegawai"]  # the operator: Disdik
    assert operator.has_perm("people.change_employee") and not pegawai.has_perm("people.change_employee")
    assert selectors.employee_editable_by(operator, people.teacher)  # the school is under Disdik
    assert not selectors.employee_editable_by(operator, people.nurse)  # Dinkes: outside the scope
    assert selectors.employee_editable_by(admin, people.nurse)
    assert not selectors.employee_editable_by(pegawai, people.teacher, in_scope=True)  # no right, whatever the scope
    teacher = selectors.employee_for(operator, people.teacher.nip)
    with django_assert_num_queries(0):  # read through employee_for: its scope is known
        assert selectors.employee_editable_by(operator, teacher, in_scope=True)
    page = client_for(operator).get(reverse("people:detail", args=[people.teacher.nip])).content.decode()
    assert reverse("people:edit", args=[people.teacher.nip]) in page
    assert client_for(operator).get(reverse("people:edit", args=[people.nurse.nip])).status_code == 404
