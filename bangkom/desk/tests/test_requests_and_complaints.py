"""Requests on the clock, dispositions and complaints, against dates counted by hand on the 2026
calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bangkom.core.calendar import ClockState
from bangkom.core.errors import ServiceError
from bangkom.desk import selectors, services
from bangkom.desk.forms import form_token
from bangkom.desk.models import Complaint, ComplaintStatus, RequestStatus, Service, ServiceRequest
from bangkom.people.services import unit_create
from bangkom.workflow.models import DispositionStatus
from bangkom.workflow.services import disposition_complete, disposition_send, disposition_withdraw
from conftest import at, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]  # the catalogue
D = dt.date


def test_catalogue_ships_the_five_seed_services() -> None:
    rows = {s.code: s for s in Service.objects.all()}
    assert set(rows) == {
        "asesmen-jpt-pratama",
        "pengiriman-diklatpim-ii",
        "pengembangan-kompetensi-pns",
        "rekomendasi-satu-pintu",
        "seleksi-diklatpim",
    }
    assert (rows["pengiriman-diklatpim-ii"].completion_amount, rows["pengiriman-diklatpim-ii"].completion_unit) == (
        22,
        "hari_kerja",
    )
    assert len(rows["asesmen-jpt-pratama"].steps) == 16
    assert (rows["pengembangan-kompetensi-pns"].completion_amount, rows["seleksi-diklatpim"].completion_unit) == (
        12,
        "hari",
    )
    assert rows["rekomendasi-satu-pintu"].completion_amount is None  # not stated in the source
    # Loading again keeps the agency's edits.
    Service.objects.filter(code="seleksi-diklatpim").update(cost="Rp0")
    assert services.catalogue_load() == 0
    assert Service.objects.get(code="seleksi-diklatpim").cost == "Rp0"


def test_the_load_services_command_adds_only_what_is_missing() -> None:
    import io

    from django.core.management import call_command

    Service.objects.filter(code="seleksi-diklatpim").delete()
    out = io.StringIO()
    call_command("load_services", stdout=out)
    assert out.getvalue().strip() == "Standar layanan: 1 ditambahkan."
    call_command("load_services", stdout=out)
    assert out.getvalue().strip().endswith("Standar layanan: 0 ditambahkan.")
    assert Service.objects.count() == 5


def test_a_service_with_an_unknown_role_is_refused() -> None:
    service = Service.objects.get(code="seleksi-diklatpim")
    service.steps = [{"role": "bupati", "text": "Menetapkan"}, {"role": "admin", "text": ""}]
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert "Langkah 1: peran 'bupati' tidak dikenal" in str(refused.value)
    assert "Langkah 2 tidak memiliki uraian" in str(refused.value)


def test_request_due_in_22_working_days_and_its_clock(users, clock) -> None:
    clock(D(2026, 3, 16))
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    request = services.request_open(
        actor=users["admin"], service=service, title="PKN II", received_on=D(2026, 3, 16), applicant="Setda"
    )
    assert request.due_on == D(2026, 4, 23)  # see core/tests/test_calendar.py
    clock = selectors.request_clock(request, D(2026, 4, 21))
    assert (clock.used, clock.left, clock.state) == (20, 2, ClockState.DUE_SOON)
    late = selectors.request_clock(request, D(2026, 4, 27))
    assert (late.left, late.state) == (-2, ClockState.OVERDUE)


def test_the_list_links_each_request_and_shows_its_step_or_status_and_its_clock(users, clock) -> None:
    clock(D(2026, 3, 16))
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    request = services.request_open(actor=users["admin"], service=service, title="PKN II", received_on=D(2026, 3, 16))
    clock(D(2026, 4, 21))  # as in the test above: 20 working days used, 2 left
    other = services.request_open(actor=users["admin"], service=service, title="PKN III", received_on=D(2026, 4, 20))
    services.request_cancel(actor=users["admin"], request=other, reason="Diajukan dua kali")
    client = Client()
    client.force_login(users["admin"])
    html = page_text(client.get(reverse("desk:requests")))
    assert (
        f'<td><a href="/layanan/permohonan/{request.pk}/">LY-2026-{request.pk:05d}</a></td><td>PKN II</td>'
        f'<td class="small">{service.name}</td><td>16-03-2026</td><td class="small">1/{len(request.steps)}</td>'
        '<td><span class="text-nowrap">23-04-2026</span> <span class="badge text-bg-warning" data-testid="clock-state">'
        'sisa 2 hari kerja</span> <span class="small text-muted">terpakai 20 hari kerja</span></td>'
    ) in html
    assert "PKN III" not in html
    html = page_text(client.get(reverse("desk:requests"), {"status": "dibatalkan"}))
    assert f"LY-2026-{other.pk:05d}</a></td><td>PKN III</td>" in html and '<td class="small">Dibatalkan</td>' in html


def test_steps_are_done_by_their_role(users) -> None:
    service = Service.objects.get(code="pengembangan-kompetensi-pns")
    request = services.request_open(
        actor=users["admin"], service=service, title="Rencana 2027", received_on=timezone.localdate()
    )
    assert request.due_on.year == timezone.localdate().year + 1  # twelve months
    services.request_step_done(actor=users["admin"], request=request)
    # Step 2 is the unit's (operator): the staff record it on the unit's behalf.
    services.request_step_done(actor=users["admin"], request=request, note="Diterima dari 12 OPD")
    for _step in range(2):
        services.request_step_done(actor=users["admin"], request=request)
    # Step 5 belongs to the head: the staff may not tick it off.
    with pytest.raises(ServiceError, match="Langkah 5 dikerjakan oleh Pimpinan"):
        services.request_step_done(actor=users["admin"], request=request)
    services.request_step_done(actor=users["pimpinan"], request=request)
    for role in ("admin", "admin", "admin", "pimpinan"):
        services.request_step_done(actor=users[role], request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.finished_on == timezone.localdate()
    assert request.status_changes.exclude(step=None).count() == 9


def test_what_waits_on_whom_is_the_step_rule_in_sql(users) -> None:
    """At every step of a request, the indexed `step_role` filter picks exactly the users
    `may_do_step` lets do it; the role follows the step and empties when the steps are done."""
    service = Service.objects.get(code="pengembangan-kompetensi-pns")
    request = services.request_open(
        actor=users["admin"], service=service, title="Rencana 2027", received_on=timezone.localdate()
    )
    seen_roles = []
    while (stored := ServiceRequest.objects.get(pk=request.pk)).current_step:
        assert stored.step_role == stored.current_step["role"]
        seen_roles.append(stored.step_role)
        for name, user in users.items():
            picked = ServiceRequest.objects.filter(selectors.at_my_step(user), pk=request.pk).exists()
            assert picked == services.may_do_step(user, stored), (stored.step, name)
        doer = next(user for user in users.values() if services.may_do_step(user, stored))
        services.request_step_done(actor=doer, request=request)
    # The seed's procedure: BKPSDM, the unit's operator (recorded by BKPSDM), BKPSDM, the head ...
    assert seen_roles == [step["role"] for step in service.steps]
    assert "operator" in seen_roles and "pimpinan" in seen_roles
    assert stored.step_role == ""
    assert not any(ServiceRequest.objects.filter(selectors.at_my_step(user)).exists() for user in users.values())


def test_requests_made_before_step_role_get_it_from_their_own_procedure(users) -> None:
    import importlib

    from django.apps import apps

    fill = importlib.import_module("bangkom.desk.migrations.0008_step_role").fill_step_role
    service = Service.objects.get(code="pengembangan-kompetensi-pns")
    fresh = services.request_open(actor=users["admin"], service=service, title="a", received_on=timezone.localdate())
    later = services.request_open(actor=users["admin"], service=service, title="b", received_on=timezone.localdate())
    services.request_step_done(actor=users["admin"], request=later)
    ServiceRequest.objects.update(step_role="")  # as a database made before the column
    fill(apps, None)
    roles = dict(ServiceRequest.objects.values_list("title", "step_role"))
    assert roles == {"a": service.steps[0]["role"], "b": service.steps[1]["role"]}
    assert fresh.step == 1 and roles["b"] == "operator"


def test_a_service_without_a_completion_time_takes_no_request(users) -> None:
    with pytest.raises(ServiceError, match="belum ditetapkan"):
        services.request_open(
            actor=users["admin"],
            service=Service.objects.get(code="rekomendasi-satu-pintu"),
            title="x",
            received_on=timezone.localdate(),
        )
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.request_open(
            actor=users["operator"],
            service=Service.objects.get(code="seleksi-diklatpim"),
            title="x",
            received_on=timezone.localdate(),
        )


def test_board_counts_due_and_late_per_step_and_role(users) -> None:
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    today = timezone.localdate()
    with at(today - dt.timedelta(60)):  # entered on the day it came
        services.request_open(actor=users["admin"], service=service, title="lama", received_on=today - dt.timedelta(60))
    services.request_open(actor=users["admin"], service=service, title="baru", received_on=today)
    board = selectors.step_board(users["admin"], today)
    assert [(g.role, g.step, g.count, g.overdue) for g in board] == [("admin", 1, 2, 1)]
    assert [row.request.title for row in selectors.due_for_me(users["admin"], today)] == ["lama"]
    assert selectors.due_for_me(users["pimpinan"], today) == []


def test_the_homes_requests_due_are_the_earliest_due_read_a_few_at_a_time(users) -> None:
    """With a limit, the same first rows as the whole list, earliest due first, however many are late."""
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    today = timezone.localdate()
    for days in range(60, 35, -1):  # 25 late requests, the oldest first due
        with at(today - dt.timedelta(days)):
            services.request_open(
                actor=users["admin"], service=service, title=f"hari {days}", received_on=today - dt.timedelta(days)
            )
    services.request_open(actor=users["admin"], service=service, title="baru", received_on=today)  # on track
    everything = selectors.due_for_me(users["admin"], today)
    assert len(everything) == 25 and everything[0].request.title == "hari 60"
    for limit in (1, 10, 12, 25, 40):
        assert selectors.due_for_me(users["admin"], today, limit=limit) == everything[:limit]
    assert selectors.due_for_me(users["pimpinan"], today, limit=10) == []


def test_dispositions_are_acted_on_by_the_addressed_role(users) -> None:
    service = Service.objects.get(code="seleksi-diklatpim")
    request = services.request_open(actor=users["admin"], service=service, title="x", received_on=timezone.localdate())
    with pytest.raises(ServiceError, match="tidak berwenang mengirim"):
        disposition_send(actor=users["operator"], subject=request, to_role="admin", instruction="x")
    with pytest.raises(ServiceError, match="sudah lewat"):
        disposition_send(
            actor=users["pimpinan"],
            subject=request,
            to_role="kabid",
            instruction="x",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    order = disposition_send(
        actor=users["pimpinan"], subject=request, to_role="kabid", instruction="Tindak lanjuti", due_working_days=3
    )
    assert order.sender_role == "pimpinan" and order.due_on > timezone.localdate()
    with pytest.raises(ServiceError, match="ditujukan kepada Kepala Bidang"):
        disposition_complete(actor=users["admin"], disposition=order)
    with pytest.raises(ServiceError, match="Hanya pengirim"):
        disposition_withdraw(actor=users["kabid"], disposition=order, reason="x")
    done = disposition_complete(actor=users["kabid"], disposition=order, response="Sudah dikoordinasikan")
    assert done.status == DispositionStatus.DONE and done.closed_by == users["kabid"]
    assert list(done.status_changes.values_list("to_status", "note")) == [
        ("terbuka", "Tindak lanjuti"),
        ("selesai", "Sudah dikoordinasikan"),
    ]
    with pytest.raises(ServiceError, match="tidak dapat menjadi"):
        disposition_complete(actor=users["kabid"], disposition=done)


# --- Complaints -----------------------------------------------------------------------------------


def submit(address: str = "10.0.0.1", **extra: object) -> Complaint:
    fields = {"service": None, "name": "Warga", "contact": "warga@example.org", "subject": "Layanan lambat",
              "body": "Permohonan saya belum diproses.", "address": address, "form_age_seconds": 30.0}  # fmt: skip
    return services.complaint_submit(**{**fields, **extra})  # type: ignore[arg-type]


def test_complaint_from_the_public_to_its_answer(users, tree) -> None:
    complaint = submit()
    assert complaint.code.startswith("ADU-") and len(complaint.code) == 12
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.entered_by is None
    bkpsdm = unit_create(code="BKPSDM", name="BKPSDM", kind="opd", parent=tree.root)
    kabid = users["kabid"]
    kabid.unit = bkpsdm
    kabid.save()
    with pytest.raises(ServiceError, match="dijawab oleh unit"):
        services.complaint_answer(actor=kabid, complaint=complaint, answer="Sudah kami proses hari ini.")
    services.complaint_assign(actor=users["umum"], complaint=complaint, unit=bkpsdm, note="Bidang PKA")
    operator = users["operator"]  # Disdik: not the unit in charge
    assert not services.may_answer(operator, complaint)
    assert list(selectors.complaints_visible(operator)) == []
    assert list(selectors.complaints_visible(kabid)) == [complaint]
    services.complaint_answer(actor=kabid, complaint=complaint, answer="Permohonan Anda selesai diproses hari ini.")
    services.complaint_close(actor=users["umum"], complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.answered_by == kabid
    assert list(complaint.status_changes.values_list("to_status", flat=True)) == [
        "diterima",
        "diteruskan",
        "dijawab",
        "selesai",
    ]
    # The desk hears of the new complaint and of its answer; the unit in charge, of the assignment.
    from bangkom.notifications.models import Notification

    def told(user) -> list[str]:  # type: ignore[no-untyped-def]
        return list(Notification.objects.filter(recipient=user).order_by("id").values_list("text", flat=True))

    code = complaint.code
    from django.test import Client

    desk = Client()
    desk.force_login(users["umum"])
    page = desk.get(reverse("desk:complaint", args=[complaint.pk])).content.decode()
    assert "saluran Formulir web" in page  # the channel's name, not its code "web"
    assert told(users["umum"]) == [
        f"Pengaduan baru {code} menunggu ditelaah.",
        f"Pengaduan {code} sudah dijawab dan menunggu ditutup.",
    ]
    assert told(kabid) == [  # the head of division also handles complaints; not told of their own answer
        f"Pengaduan baru {code} menunggu ditelaah.",
        f"Pengaduan {code} diteruskan untuk dijawab unit Anda.",
    ]
    assert told(operator) == []


def counter_complaint(actor):  # type: ignore[no-untyped-def]
    """A complaint taken at the counter on Tuesday 17 March 2026, before the Nyepi/Idul Fitri break."""
    return services.complaint_enter(
        actor=actor,
        service=None,
        channel="loket",
        name="A",
        contact="0812",
        subject="x",
        body="y",
        received_on=D(2026, 3, 17),
    )


def test_complaint_deadlines_in_working_days(users, clock) -> None:
    clock(D(2026, 3, 17))
    complaint = counter_complaint(users["umum"])
    # 10 working days after the Nyepi/Idul Fitri break: 25-27, 30-31 March, 1-2, 6-8 April (3 April off).
    assert complaint.respond_by == D(2026, 4, 8)
    assert complaint.resolve_by == D(2026, 5, 16)  # 60 calendar days (Perpres 76/2013)
    assert list(selectors.complaints_late(users["admin"], D(2026, 4, 8))) == []
    assert list(selectors.complaints_late(users["admin"], D(2026, 4, 9))) == [complaint]
    with pytest.raises(ServiceError, match="tidak berwenang"):
        counter_complaint(users["operator"])


def test_a_complaint_is_late_on_the_day_after_its_deadline_until_it_is_closed(users, clock) -> None:
    """One rule for the list, the complaint's page and the home: open (received or passed to a unit)
    and past its response deadline; the deadline day itself is not late."""
    from django.test import Client

    clock(D(2026, 3, 17))
    complaint = counter_complaint(users["umum"])
    assert complaint.respond_by == D(2026, 4, 8)
    desk = Client()
    for day, late in ((D(2026, 4, 8), False), (D(2026, 4, 9), True)):
        clock(day)
        desk.force_login(users["umum"])  # that day (an idle session ends after a while)
        assert complaint.late_on(day) is late
        listed = desk.get(reverse("desk:complaints")).content.decode()
        page = desk.get(reverse("desk:complaint", args=[complaint.pk])).content.decode()
        assert complaint.code in listed and complaint.code in page  # the pages themselves, not a log-in
        assert ("terlambat" in listed, 'data-testid="complaint-late"' in page) == (late, late)
        assert (complaint in selectors.complaints_late(users["umum"], day)) is late
    services.complaint_dismiss(actor=users["umum"], complaint=complaint, reason="Bukan kewenangan BKPSDM")
    complaint.refresh_from_db()
    assert not complaint.late_on(D(2026, 4, 9))  # no longer waiting for an answer
    assert "terlambat" not in desk.get(reverse("desk:complaints")).content.decode()


def test_floods_are_refused_without_a_captcha(users) -> None:
    with pytest.raises(ServiceError, match="Muat ulang"):
        submit(honeypot="http://spam.example")
    with pytest.raises(ServiceError, match="Muat ulang"):
        submit(form_age_seconds=1.0)
    for _n in range(5):
        submit(address="10.0.0.9")
    with pytest.raises(ServiceError, match="Terlalu banyak pengaduan dari alamat Anda"):
        submit(address="10.0.0.9")
    submit(address="10.0.0.10")  # another address still gets through
    assert Complaint.objects.count() == 6
    assert not Complaint.objects.filter(source_hash__contains="10.0.0").exists()  # only a keyed hash is kept


def test_public_form_and_tracking_page_need_no_login(users) -> None:
    client = Client()
    page = client.get(reverse("desk:complaint-public"))
    assert page.status_code == 200 and b"Kirim pengaduan" in page.content
    posted = client.post(
        reverse("desk:complaint-public"),
        {
            "name": "Warga",
            "contact": "0812",
            "subject": "Lambat",
            "body": "Belum diproses",
            "website": "",
            "token": form_token(),
        },
    )
    assert posted.status_code == 200 and b"terlalu cepat" not in posted.content  # refused: sent at once
    assert b"Muat ulang formulir" in posted.content and not Complaint.objects.exists()
    complaint = submit()
    tracked = client.get(reverse("desk:complaint-track"), {"code": complaint.code.lower()})
    assert tracked.status_code == 200 and complaint.subject.encode() in tracked.content
    assert complaint.contact.encode() not in tracked.content  # personal data stays with the staff
    assert client.get(reverse("desk:complaint-track"), {"code": "ADU-NOTHERE"}).status_code == 404
    catalogue = client.get(reverse("desk:catalogue"))
    assert catalogue.status_code == 200 and b"Pengiriman Peserta Diklat Kepemimpinan Tingkat II" in catalogue.content
    assert client.get(reverse("desk:service", args=["asesmen-jpt-pratama"])).status_code == 200
    assert client.get(reverse("desk:service", args=["tidak-ada"])).status_code == 404


def test_the_open_requests_are_paged_by_the_boards_count_without_counting_them_again(users) -> None:
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    for n in range(120):
        services.request_open(actor=users["admin"], service=service, title=f"r{n}", received_on=timezone.localdate())
    done = services.request_open(actor=users["admin"], service=service, title="batal", received_on=timezone.localdate())
    services.request_cancel(actor=users["admin"], request=done, reason="Diajukan dua kali")
    client = Client()
    client.force_login(users["admin"])
    client.get(reverse("desk:requests"))
    with CaptureQueriesContext(connection) as queries:
        last = client.get(reverse("desk:requests"), {"page": 3})
    assert sum(load.count for load in last.context["board"]) == 120
    page = last.context["page"]
    assert (page.paginator.count, page.paginator.num_pages, len(last.context["rows"])) == (120, 3, 20)
    assert page_text(last).count("3 / 3") == 1
    assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    cancelled = client.get(reverse("desk:requests"), {"status": "dibatalkan"})  # another status: counted
    assert cancelled.context["page"].paginator.count == 1 and len(cancelled.context["rows"]) == 1


def test_list_pages_query_counts_do_not_grow(users, django_assert_max_num_queries) -> None:
    service = Service.objects.get(code="pengiriman-diklatpim-ii")
    client = Client()
    client.force_login(users["admin"])
    for n in range(3):
        services.request_open(actor=users["admin"], service=service, title=f"r{n}", received_on=timezone.localdate())
        submit(address=f"10.1.0.{n}")
    with django_assert_max_num_queries(25) as few:  # each page: its own reads, the bell and the header
        assert client.get(reverse("desk:requests")).status_code == 200
        assert client.get(reverse("desk:complaints")).status_code == 200
    for n in range(3, 12):
        services.request_open(actor=users["admin"], service=service, title=f"r{n}", received_on=timezone.localdate())
        submit(address=f"10.1.0.{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("desk:requests")).status_code == 200
        assert client.get(reverse("desk:complaints")).status_code == 200


def test_assessment_list_and_inbox_query_counts_do_not_grow(users, django_assert_max_num_queries) -> None:
    from bangkom.desk.tests.flow import open_assessment

    client = Client()
    client.force_login(users["kabid"])

    def more(count: int) -> None:
        for _n in range(count):
            assessment = open_assessment(users["admin"])
            disposition_send(actor=users["pimpinan"], subject=assessment, to_role="kabid", instruction="Siapkan")

    more(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse("desk:assessments")).status_code == 200
        assert client.get(reverse("workflow:inbox")).status_code == 200
    more(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("desk:assessments")).status_code == 200
        assert client.get(reverse("workflow:inbox")).status_code == 200


def test_administrator_edits_a_service_standard_in_the_admin(users) -> None:
    client = Client()
    client.force_login(users["admin"])
    service = Service.objects.get(code="rekomendasi-satu-pintu")
    assert client.get(reverse("admin:services_service_changelist")).status_code == 200
    page = client.get(reverse("admin:services_service_change", args=[service.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update({"completion_amount": 30, "completion_unit": "hari_kerja", "active": "on"})
    for name in ("requirements", "steps", "products", "complaint_channels", "completion_notes"):
        data[name] = form[name].value()
    response = client.post(reverse("admin:services_service_change", args=[service.pk]), data)
    assert response.status_code == 302, response.content[:500]
    service.refresh_from_db()
    assert service.completion_amount == 30  # now it takes requests
    services.request_open(actor=users["admin"], service=service, title="Program", received_on=timezone.localdate())
    operator = Client()
    operator.force_login(users["operator"])
    assert operator.get(reverse("admin:services_service_changelist")).status_code == 302


def test_the_public_form_token_is_used_once(users) -> None:
    from bangkom.desk.forms import form_token_read

    token = form_token()
    age, nonce = form_token_read(token)
    assert 0 <= age < 5 and len(nonce) == 32
    assert form_token_read("palsu") == (0.0, "")
    submit(form_nonce=nonce)
    with pytest.raises(ServiceError, match="sudah dikirim"):
        submit(address="10.9.9.9", form_nonce=nonce)  # the same token again, even from elsewhere
    assert Complaint.objects.count() == 1
    submit(form_nonce=form_token_read(form_token())[1])  # a fresh form is fine
    assert Complaint.objects.count() == 2


def test_the_public_form_redirects_to_its_receipt_so_a_reload_sends_nothing_twice(users, monkeypatch) -> None:
    """Post/redirect/get: the receipt is a page of its own, kept for this browser; posting the same
    form again (a double click, the back button) is refused by its one-time token."""
    from bangkom.desk import views

    real_read = views.form_token_read
    monkeypatch.setattr(views, "form_token_read", lambda token: (30.0, real_read(token)[1]))  # filled in 30 s
    client = Client()
    assert client.get(reverse("desk:complaint-sent"))["Location"] == reverse("desk:complaint-public")
    form = {
        "name": "Warga",
        "contact": "0812",
        "subject": "Lambat",
        "body": "Belum diproses",
        "website": "",
        "token": form_token(),
    }
    posted = client.post(reverse("desk:complaint-public"), form)
    assert posted.status_code == 302 and posted["Location"] == reverse("desk:complaint-sent")
    complaint = Complaint.objects.get()
    for _reload in range(2):
        receipt = client.get(posted["Location"])
        assert receipt.status_code == 200 and complaint.code.encode() in receipt.content
    again = client.post(reverse("desk:complaint-public"), form)
    assert again.status_code == 200 and "Formulir ini sudah dikirim" in again.content.decode()
    assert Complaint.objects.count() == 1
    assert Client().get(reverse("desk:complaint-sent")).status_code == 302  # another browser sees no receipt


def test_board_counts_agree_with_each_request_s_own_clock(users) -> None:
    """The database counts what each request's clock says: due today, at the edge of the warning
    days (across a weekend), one day beyond it, and late, for services with different warnings."""
    from bangkom.core.selectors import working_calendar

    calendar = working_calendar()
    today = dt.date(2026, 11, 27)  # a Friday: the warning days run over the weekend
    for code in ("pengiriman-diklatpim-ii", "seleksi-diklatpim"):
        service = Service.objects.get(code=code)
        edge = calendar.last_day_within(today, service.warn_days)
        for due_on in (today - dt.timedelta(1), today, edge, edge + dt.timedelta(1), edge + dt.timedelta(10)):
            with at(today - dt.timedelta(30)):
                request = services.request_open(
                    actor=users["admin"], service=service, title=str(due_on), received_on=today - dt.timedelta(30)
                )
            ServiceRequest.objects.filter(pk=request.pk).update(due_on=due_on)
    rows = selectors.with_clocks(ServiceRequest.objects.filter(status="diproses"), today)
    board = selectors.step_board(users["admin"], today)
    assert sum(g.count for g in board) == len(rows) == 10
    assert sum(g.overdue for g in board) == sum(r.clock.state == ClockState.OVERDUE for r in rows) == 2
    assert sum(g.due_soon for g in board) == sum(r.clock.state == ClockState.DUE_SOON for r in rows) == 4
    # The warning days come from the table cache; a service edited widens its warning at once.
    service = Service.objects.get(code="seleksi-diklatpim")
    service.warn_days += 30
    service.save()
    assert service.warn_days in selectors.warn_days_in_use()
    widened = selectors.step_board(users["admin"], today)
    assert sum(g.due_soon for g in widened) == 4 + 2  # its two requests beyond the old edge join the four
