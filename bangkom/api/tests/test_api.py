"""The REST API as an integration client and as a person: tokens, access, units, the training record an
LMS reports (idempotent, validated like the form, audited), the ledger that counts it, limits, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.api import services
from bangkom.api.models import ApiAccess, ApiClient
from bangkom.core.errors import ServiceError
from bangkom.people.models import JpYear, TrainingRecord, Unit
from conftest import People, Tree, assert_services_refuse_without, make_employee

ALL_ACCESS = list(ApiAccess.values)


def issue(
    actor: User | None, unit: Unit | None, access: list[str] | None = None, **extra: Any
) -> services.IssuedClient:
    return services.client_create(
        actor=actor,
        name=extra.pop("name", f"LMS {unit.code if unit else 'semua'}"),
        access=access or ALL_ACCESS,
        unit=unit,
        valid_until=extra.pop("valid_until", timezone.localdate() + dt.timedelta(days=30)),
        rate_per_minute=extra.pop("rate_per_minute", 600),
    )


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def report(**changes: Any) -> dict[str, Any]:
    body = {
        "client_record_id": "lms-course-771",
        "nip": "198503152010012003",
        "name": "Pelatihan Literasi Digital",
        "kind": 2,
        "organiser": "LMS BKPSDM",
        "start_date": "2026-03-02",
        "end_date": "2026-03-04",
        "jp_hours": 24,
        "certificate_number": "LMS/2026/771",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def post(client: Client, token: str, body: dict[str, Any]) -> Any:
    return client.post(reverse("api:training-report"), body, content_type="application/json", **bearer(token))


@pytest.fixture
def disdik_lms(tree: Tree, people: People, admin_user: User) -> services.IssuedClient:
    return issue(admin_user, tree.disdik)


# --- Clients and their tokens ----------------------------------------------------------------------


def test_a_new_client_gets_a_token_shown_once_and_a_user_with_only_the_permissions_of_its_access(
    tree: Tree, admin_user: User
) -> None:
    issued = issue(admin_user, tree.disdik, [ApiAccess.LEDGER_READ])
    client = ApiClient.objects.get(pk=issued.client.pk)
    assert issued.token.startswith("bkm_") and len(issued.token) > 40
    assert issued.token not in str(ApiClient.objects.filter(pk=client.pk).values().get())
    assert client.token_prefix == issued.token[:12]
    assert client.user.unit == tree.disdik and not client.user.has_usable_password()
    assert client.user.has_perm("planning.view_jp_report") and client.user.has_perm("people.view_unit_employees")
    assert not client.user.has_perm("people.view_employee") and not client.user.has_perm("people.view_all_employees")
    assert client.history.get().history_user == admin_user  # type: ignore[attr-defined]
    # Valid through the whole last day in Jakarta.
    last = timezone.localtime(client.expires_at)
    assert (last.date(), last.time()) == (timezone.localdate() + dt.timedelta(days=31), dt.time(0, 0))


def test_only_the_administrator_manages_clients(users: dict[str, User]) -> None:
    assert_services_refuse_without("api.manage_apiclients", services, ("client_create", "client_revoke"), users)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "Isi nama klien"),
        ({"access": ["pegawai:hapus"]}, "tidak dikenal: pegawai:hapus"),
        ({"valid_until": dt.date(2020, 1, 1)}, "Masa berlaku 01-01-2020 tidak sah"),
        ({"valid_until": dt.date(2099, 1, 1)}, "Masa berlaku 01-01-2099 tidak sah"),
        ({"rate_per_minute": 0}, "Batas 0 permintaan per menit tidak sah"),
        ({"rate_per_minute": 6001}, "Batas 6001 permintaan"),
    ],
)
def test_a_client_with_impossible_settings_is_refused_and_nothing_is_saved(
    tree: Tree, admin_user: User, changes: dict[str, Any], message: str
) -> None:
    users_before = User.objects.count()
    arguments = {
        "name": "LMS",
        "access": ALL_ACCESS,
        "unit": tree.disdik,
        "valid_until": timezone.localdate() + dt.timedelta(days=1),
        "rate_per_minute": 60,
        **changes,
    }
    with pytest.raises(ServiceError, match=message):
        services.client_create(actor=admin_user, **arguments)
    assert not ApiClient.objects.exists() and User.objects.count() == users_before


def test_an_operator_may_not_give_a_client_every_unit_nor_another_units(tree: Tree, users: dict[str, User]) -> None:
    operator = users["operator"]
    User.objects.filter(pk=operator.pk).update(access_version=99)
    from django.contrib.auth.models import Permission

    operator.user_permissions.add(Permission.objects.get(codename="manage_apiclients"))
    operator = User.objects.get(pk=operator.pk)
    with pytest.raises(ServiceError, match="semua unit"):
        issue(operator, None)
    with pytest.raises(ServiceError, match="Dinas Kesehatan di luar unit kerja Anda"):
        issue(operator, tree.dinkes)
    assert issue(operator, tree.school).client.user.unit == tree.school


def test_requests_without_a_valid_token_are_refused_with_the_reason(
    client: Client, disdik_lms: services.IssuedClient, admin_user: User
) -> None:
    url = reverse("api:employees")
    assert client.get(url).status_code == 401
    assert client.get(url).headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Token tidak dikenal" in client.get(url, **bearer("bkm_salah")).json()["detail"]
    assert "tidak sah" in client.get(url, HTTP_AUTHORIZATION="Bearer a b").json()["detail"]
    assert client.get(url, **bearer("x" * 5000)).status_code == 401
    assert client.get(url, **bearer(disdik_lms.token)).status_code == 200

    services.client_revoke(actor=admin_user, client=disdik_lms.client)
    refused = client.get(url, **bearer(disdik_lms.token))
    assert refused.status_code == 401 and "sudah dicabut" in refused.json()["detail"]


def test_a_token_works_through_its_last_day_and_not_a_minute_after(
    client: Client, tree: Tree, people: People, admin_user: User, clock: Any
) -> None:
    issued = issue(admin_user, tree.disdik, valid_until=timezone.localdate() + dt.timedelta(days=1))
    last_day = timezone.localdate() + dt.timedelta(days=1)
    jakarta = timezone.get_current_timezone()
    clock(dt.datetime.combine(last_day, dt.time(23, 59), jakarta))
    assert client.get(reverse("api:employees"), **bearer(issued.token)).status_code == 200
    clock(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0, 0, 1), jakarta))
    refused = client.get(reverse("api:employees"), **bearer(issued.token))
    assert refused.status_code == 401 and "kedaluwarsa" in refused.json()["detail"]


def test_a_client_calls_only_what_its_access_lists(
    client: Client, tree: Tree, people: People, admin_user: User
) -> None:
    ledger_only = issue(admin_user, tree.disdik, [ApiAccess.LEDGER_READ])
    assert client.get(reverse("api:ledger", args=[2026]), **bearer(ledger_only.token)).status_code == 200
    for url in (reverse("api:employees"), reverse("api:programs"), reverse("api:certificates"), reverse("api:rounds")):
        assert client.get(url, **bearer(ledger_only.token)).status_code == 403, url
    assert post(client, ledger_only.token, report()).status_code == 403
    assert not TrainingRecord.objects.exists()


# --- Reading in the client's units -------------------------------------------------------------------


def test_a_client_reads_the_employees_of_its_units_only(
    client: Client, disdik_lms: services.IssuedClient, people: People, tree: Tree
) -> None:
    listed = client.get(reverse("api:employees"), **bearer(disdik_lms.token)).json()
    assert [row["nip"] for row in listed["results"]] == [people.head.nip, people.teacher.nip]  # in NIP order
    assert listed["results"][1]["unit"] == {"id": tree.school.pk, "code": "SD1", "name": "SD Negeri 1"}
    assert listed["results"][1]["golongan"] == "III/b"
    assert client.get(reverse("api:employee", args=[people.nurse.nip]), **bearer(disdik_lms.token)).status_code == 404
    histories = client.get(reverse("api:employee-histories", args=[people.teacher.nip]), **bearer(disdik_lms.token))
    assert histories.json()["ranks"] == [{"golongan": "III/b", "tmt": "2018-04-01", "sk_number": "", "sk_date": None}]
    only_school = client.get(reverse("api:employees"), {"unit": tree.school.pk}, **bearer(disdik_lms.token)).json()
    assert [row["nip"] for row in only_school["results"]] == [people.teacher.nip]
    bad = client.get(reverse("api:employees"), {"unit": "1" * 21}, **bearer(disdik_lms.token))
    assert bad.status_code == 400 and "tidak sah" in bad.json()["unit"][0]


def test_a_long_list_comes_in_cursor_pages_with_constant_queries(
    client: Client, disdik_lms: services.IssuedClient, tree: Tree, django_assert_max_num_queries: Any
) -> None:
    for number in range(250):
        make_employee(tree.school, f"19800101200501{1 + number % 2}{number + 1:03d}", "Guru")
    url = reverse("api:employees")
    first = client.get(url, {"page_size": 100}, **bearer(disdik_lms.token)).json()
    seen = [row["nip"] for row in first["results"]]
    next_url = first["next"]
    while next_url:
        with django_assert_max_num_queries(6):
            page = client.get(next_url, **bearer(disdik_lms.token)).json()
        seen += [row["nip"] for row in page["results"]]
        next_url = page["next"]
    assert len(seen) == len(set(seen)) == 252 and seen == sorted(seen)
    whole = client.get(url, {"page_size": 1000}, **bearer(disdik_lms.token)).json()
    assert len(whole["results"]) == 252 and whole["next"] is None
    for wrong in ("1001", "0", "k", "1" * 21):
        refused = client.get(url, {"page_size": wrong}, **bearer(disdik_lms.token))
        assert refused.status_code == 400 and "page_size 1 sampai 1000" in refused.json()["page_size"][0], wrong


# --- An LMS reports completions ---------------------------------------------------------------------


def test_an_lms_reports_a_training_and_sees_it_in_the_jp_ledger(
    client: Client, disdik_lms: services.IssuedClient, people: People
) -> None:
    made = post(client, disdik_lms.token, report())
    assert made.status_code == 201, made.content
    record = TrainingRecord.objects.get()
    assert made.json()["id"] == record.pk and made.json()["counted"] is True
    assert (record.employee, record.jp_hours, record.end_date) == (people.teacher, 24, dt.date(2026, 3, 4))
    assert record.history.get().history_user == disdik_lms.client.user  # type: ignore[attr-defined]
    assert JpYear.objects.get(employee=people.teacher, year=2026).jp == 24

    rows = client.get(reverse("api:ledger-rows", args=[2026]), **bearer(disdik_lms.token)).json()["results"]
    teacher = next(row for row in rows if row["nip"] == people.teacher.nip)
    assert (teacher["jp"], teacher["norm"], teacher["reached"]) == (24, 20, True)
    summary = client.get(reverse("api:ledger", args=[2026]), **bearer(disdik_lms.token)).json()
    assert (summary["norm"], summary["total"]["employees"], summary["total"]["total_jp"]) == (20, 2, 24)
    assert summary["total"]["reached"] == 1


def test_the_same_report_twice_makes_one_record_and_another_under_the_same_id_is_a_conflict(
    client: Client, disdik_lms: services.IssuedClient
) -> None:
    first = post(client, disdik_lms.token, report())
    again = post(client, disdik_lms.token, report())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and TrainingRecord.objects.count() == 1
    conflict = post(client, disdik_lms.token, report(jp_hours=30))
    assert conflict.status_code == 409 and "lms-course-771 sudah dipakai" in conflict.json()["detail"]
    assert TrainingRecord.objects.get().jp_hours == 24


def test_a_client_outside_its_units_gets_403_and_nothing_is_written(
    client: Client, disdik_lms: services.IssuedClient, people: People
) -> None:
    refused = post(client, disdik_lms.token, report(nip=people.nurse.nip))
    assert refused.status_code == 403
    assert f"NIP {people.nurse.nip} tidak ada di unit" in refused.json()["detail"]
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "2026-03-01"}, "end_date", "tidak boleh sebelum"),
        ({"start_date": "2030-01-01", "end_date": "2030-01-02"}, "end_date", ""),
        ({"jp_hours": 0}, "jp_hours", ""),
        ({"jp_hours": "dua puluh"}, "jp_hours", ""),
        ({"kind": 999}, "kind", ""),
        ({"nip": "1" * 21}, "nip", ""),
        ({"start_date": "31-12-2025"}, "start_date", ""),
        ({"name": None}, "name", ""),
        ({"client_record_id": ""}, "client_record_id", ""),
    ],
)
def test_a_bad_report_is_refused_per_field_in_indonesian_and_nothing_is_written(
    client: Client, disdik_lms: services.IssuedClient, changes: dict[str, Any], field: str, message: str
) -> None:
    refused = post(client, disdik_lms.token, report(**changes))
    assert refused.status_code == 400, refused.content
    body = refused.json()
    assert field in body, body
    assert message in " ".join(body[field])
    assert not TrainingRecord.objects.exists()


def test_a_body_that_is_not_json_is_a_400(client: Client, disdik_lms: services.IssuedClient) -> None:
    refused = client.post(
        reverse("api:training-report"), "nip=1", content_type="application/json", **bearer(disdik_lms.token)
    )
    assert refused.status_code == 400


def test_a_person_cannot_report_through_the_lms_endpoint(client: Client, users: dict[str, User]) -> None:
    client.force_login(users["admin"])
    assert client.get(reverse("api:employees")).status_code == 200
    refused = client.post(reverse("api:training-report"), report(), content_type="application/json")
    assert refused.status_code == 403
    assert not TrainingRecord.objects.exists()


# --- People with their session ----------------------------------------------------------------------

ROLES = ("admin", "operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody")
# API url name -> status per role (in the order of ROLES), read with the person's session: the same
# answers as the matching pages (accounts/tests/test_role_matrix.py), a list narrowed to their scope.
API_MATRIX: dict[str, tuple[int, ...]] = {
    "employees": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "employee": (200, 200, 200, 200, 200, 200, 200, 404, 404),  # the page's detail_teacher
    "employee-histories": (200, 200, 200, 200, 200, 200, 200, 404, 404),
    "training-report": (403, 403, 403, 403, 403, 403, 403, 403, 403),  # clients only
    "ledger": (200, 200, 403, 403, 200, 403, 403, 403, 403),  # the page's planning_jp
    "ledger-rows": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "programs": (200, 200, 403, 403, 200, 403, 403, 403, 403),  # the page's training_list
    "certificates": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "rounds": (200, 200, 403, 200, 200, 403, 403, 403, 403),  # the page's rounds
    "round-results": (200, 200, 403, 200, 200, 403, 403, 403, 403),
    "not-found": (404, 404, 404, 404, 404, 404, 404, 404, 404),
}


def api_urls(people: People, admin: User) -> dict[str, str]:
    from bangkom.selection.services import round_open

    selection_round = round_open(
        actor=admin, name="Seleksi uji", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=3
    )
    return {
        "employees": reverse("api:employees"),
        "employee": reverse("api:employee", args=[people.teacher.nip]),
        "employee-histories": reverse("api:employee-histories", args=[people.teacher.nip]),
        "training-report": reverse("api:training-report"),
        "ledger": reverse("api:ledger", args=[2026]),
        "ledger-rows": reverse("api:ledger-rows", args=[2026]),
        "programs": reverse("api:programs"),
        "certificates": reverse("api:certificates"),
        "rounds": reverse("api:rounds"),
        "round-results": reverse("api:round-results", args=[selection_round.pk]),
        "not-found": "/api/v1/tidak-ada/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_as_every_role_with_a_session(
    client: Client, users: dict[str, User], people: People, role: str
) -> None:
    urls = api_urls(people, users["admin"])
    client.force_login(users[role])
    got = {
        name: (client.post(url, {}, content_type="application/json") if name == "training-report" else client.get(url))
        for name, url in urls.items()
    }
    assert {name: response.status_code for name, response in got.items()} == {
        name: API_MATRIX[name][ROLES.index(role)] for name in urls
    }
    for name, response in got.items():
        assert response["Content-Type"] == "application/json", name  # never the pages' HTML error page


def test_anonymous_gets_401_everywhere(client: Client, users: dict[str, User], people: People) -> None:
    for name, url in api_urls(people, users["admin"]).items():
        if name != "not-found":
            assert client.get(url).status_code == 401, name


def test_a_person_reads_what_their_pages_show_them(client: Client, users: dict[str, User], people: People) -> None:
    expected = {
        "admin": {people.teacher.nip, people.head.nip, people.nurse.nip},
        "operator": {people.teacher.nip, people.head.nip},
        "pegawai": {people.teacher.nip},
        "nobody": set(),
    }
    for role, nips in expected.items():
        client.force_login(users[role])
        listed = client.get(reverse("api:employees")).json()["results"]
        assert {row["nip"] for row in listed} == nips, role
    client.force_login(users["pegawai"])
    assert client.get(reverse("api:ledger", args=[2026])).status_code == 403  # no JP report on their pages
    client.logout()
    assert client.get(reverse("api:employees")).status_code == 401


# --- Limits and documentation -----------------------------------------------------------------------


def test_each_client_has_its_own_rate_limit(client: Client, tree: Tree, people: People, admin_user: User) -> None:
    cache.clear()
    slow = issue(admin_user, tree.disdik, rate_per_minute=2, name="Dasbor")
    other = issue(admin_user, tree.disdik, rate_per_minute=2, name="LMS")
    url = reverse("api:employees")
    assert [client.get(url, **bearer(slow.token)).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url, **bearer(other.token)).status_code == 200


def test_the_schema_and_its_documentation_are_served_by_the_app(client: Client, db: None) -> None:
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/diklat/" in document["paths"] and "/api/v1/pegawai/{nip}/riwayat/" in document["paths"]
    assert document["components"]["securitySchemes"]["tokenKlien"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Token klien API dari administrator Bangkom.",
    }
    docs = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui-bundle.js" in docs and "http" not in docs.replace("http-equiv", "")


# --- The administrator's pages ------------------------------------------------------------------------


def test_the_administrator_makes_a_client_on_its_page_and_sees_the_token_once(
    client: Client, users: dict[str, User], tree: Tree
) -> None:
    client.force_login(users["admin"])
    page = client.get(reverse("api:clients"))
    assert page.status_code == 200 and "Belum ada klien API" in page.content.decode()
    made = client.post(
        reverse("api:clients"),
        {
            "name": "LMS BKPSDM",
            "access": ["diklat:tulis", "pegawai:baca"],
            "unit": tree.disdik.pk,
            "valid_until": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
            "rate_per_minute": 120,
        },
    )
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = made.context["issued"].token
    assert token in made.content.decode()
    listed = client.get(reverse("api:clients")).content.decode()
    assert "LMS BKPSDM" in listed and token not in listed and token[:12] in listed
    assert client.get(reverse("api:employees"), **bearer(token)).status_code == 200


def test_a_wrong_client_form_keeps_what_was_typed_and_names_the_field(
    client: Client, users: dict[str, User], tree: Tree
) -> None:
    client.force_login(users["admin"])
    refused = client.post(
        reverse("api:clients"),
        {"name": "LMS", "access": [], "valid_until": "2020-01-01", "rate_per_minute": "99999999999999999999"},
    )
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"access", "rate_per_minute"}
    refused = client.post(
        reverse("api:clients"),
        {"name": "LMS", "access": ["jp:baca"], "valid_until": "2020-01-01", "rate_per_minute": 60},
    )
    assert "Masa berlaku 01-01-2020 tidak sah" in refused.content.decode()
    assert 'value="LMS"' in refused.content.decode() and not ApiClient.objects.exists()


def test_revoking_on_the_page_stops_the_token_at_once(
    client: Client, users: dict[str, User], disdik_lms: services.IssuedClient
) -> None:
    client.force_login(users["admin"])
    done = client.post(reverse("api:client-revoke", args=[disdik_lms.client.pk]), follow=True)
    assert "Token klien LMS DISDIK dicabut" in done.content.decode()
    assert "Dicabut" in done.content.decode()
    assert Client().get(reverse("api:employees"), **bearer(disdik_lms.token)).status_code == 401
    assert not User.objects.get(pk=disdik_lms.client.user_id).is_active


def test_a_cursor_or_nip_no_record_can_hold_is_a_json_404(client: Client, disdik_lms: services.IssuedClient) -> None:
    import base64

    forged = base64.b64encode(b"p=%00198503&r=0").decode()
    refused = client.get(reverse("api:employees"), {"cursor": forged}, **bearer(disdik_lms.token))
    assert refused.status_code == 404 and refused.json()["detail"]
    for nip in ("12345", "1" * 21, "%00" * 18):
        missing = client.get(f"/api/v1/pegawai/{nip}/", **bearer(disdik_lms.token))
        assert missing.status_code == 404 and missing["Content-Type"] == "application/json", nip


def test_the_clients_page_costs_the_same_queries_with_one_client_or_twenty(
    client: Client, users: dict[str, User], tree: Tree
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import warm

    client.force_login(users["admin"])
    counts = []
    for total in (1, 20):
        while ApiClient.objects.count() < total:
            issue(users["admin"], tree.disdik, name=f"Klien {ApiClient.objects.count()}")
        warm(client, reverse("api:clients"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:clients")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
