"""Notifications: who is told, in which language, the bell, and e-mail delivered to a real SMTP server
the test starts on 127.0.0.1 (aiosmtpd), never a mock of the sending code."""

from __future__ import annotations

from email.header import decode_header, make_header
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from bangkom.accounts.models import User
from bangkom.accounts.selectors import users_responsible_for
from bangkom.notifications import selectors, services
from bangkom.notifications.models import EmailStatus, Notification
from bangkom.selfservice.tests.flow import report
from conftest import REFUSED_ADDRESS as REFUSED
from conftest import operator_of


def _subject(message: object) -> str:
    return str(make_header(decode_header(message["Subject"])))  # type: ignore[index]


def test_each_active_recipient_is_told_once_in_the_installations_language(users) -> None:
    users["kabid"].is_active = False
    users["kabid"].save()
    with translation.override("en"):  # the sender's page is in English
        rows = services.notify(
            recipients=[users["pegawai"], users["pegawai"], users["kabid"]],
            message=gettext_lazy("Laporan %(activity)s ditolak: %(note)s"),
            params={"activity": "Webinar", "note": "x"},
            link="/saya/",
        )
    assert [(r.recipient, r.text) for r in rows] == [(users["pegawai"], "Laporan Webinar ditolak: x")]
    assert rows[0].email_status == EmailStatus.NONE  # no address: shown under the bell only


def test_e_mail_goes_through_smtp_and_a_refused_address_does_not_stop_the_others(
    users, smtp, django_capture_on_commit_callbacks
) -> None:
    users["pegawai"].email = "siti@example.go.id"
    users["operator"].email = REFUSED
    for user in (users["pegawai"], users["operator"]):
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[users["pegawai"], users["operator"]],
            message="Laporan Webinar diterima: 3 JP diakui.",
            link="/saya/",
        )
    ((to, message),) = smtp.messages
    assert to == ["siti@example.go.id"]
    assert _subject(message) == "Bangkom: Laporan Webinar diterima: 3 JP diakui."
    body = message.get_payload(decode=True).decode()  # type: ignore[attr-defined]
    assert "http://127.0.0.1:8000/saya/" in body or "/saya/" in body
    statuses = dict(Notification.objects.values_list("recipient__username", "email_status"))
    assert statuses == {"u_pegawai": EmailStatus.SENT, "u_operator": EmailStatus.FAILED}
    assert "550" in Notification.objects.get(recipient=users["operator"]).email_error


def test_a_report_tells_the_units_operator_and_the_decision_tells_the_employee(users, tree) -> None:
    submitted = report(users["pegawai"])
    told = Notification.objects.get()
    assert told.recipient == users["operator"]  # Disdik covers the teacher's school; Dinkes's does not
    assert told.text == "Siti Rahayu melaporkan Webinar Literasi Digital ASN (3 JP) untuk pengakuan JP."
    assert told.link == reverse("selfservice:report", args=[submitted.pk])
    from bangkom.selfservice import services as self_services

    self_services.report_accept(actor=users["operator"], report=submitted, jp_recognised=2)
    latest = Notification.objects.order_by("-id").first()
    assert (latest.recipient, latest.text) == (
        users["pegawai"],
        "Laporan Webinar Literasi Digital ASN diterima: 2 JP diakui.",
    )


def test_the_responsible_are_the_operators_above_the_unit_else_bkpsdm(users, tree) -> None:
    verify = "selfservice.verify_learning_report"
    assert users_responsible_for(verify, tree.school) == [users["operator"]]
    assert users_responsible_for(verify, tree.dinkes) == [users["admin"]]  # no Dinkes operator yet
    dinkes = operator_of(tree.dinkes)
    assert users_responsible_for(verify, tree.dinkes) == [dinkes]


def test_the_bell_counts_opening_reads_and_all_can_be_read_at_once(users) -> None:
    for n in range(3):
        services.notify(recipients=[users["pegawai"]], message=f"Pesan {n}", link="/saya/")
    services.notify(recipients=[users["operator"]], message="Bukan untuk Siti")
    client = Client()
    client.force_login(users["pegawai"])
    page = client.get(reverse("notifications:list"))
    assert b'data-testid="bell-count">3<' in page.content and b"Bukan untuk Siti" not in page.content
    first = Notification.objects.filter(recipient=users["pegawai"]).first()
    assert client.get(reverse("notifications:open", args=[first.pk])).url == "/saya/"
    assert Notification.objects.filter(recipient=users["pegawai"], read_at__isnull=True).count() == 2
    other = Notification.objects.get(recipient=users["operator"])
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    client.post(reverse("notifications:read-all"))
    assert b'data-testid="bell-count"' not in client.get(reverse("notifications:list")).content
    assert Notification.objects.get(recipient=users["operator"]).read_at is None


def test_a_link_to_another_site_is_never_followed(users) -> None:
    row = services.notify(recipients=[users["pegawai"]], message="x", link="https://contoh.invalid/")[0]
    client = Client()
    client.force_login(users["pegawai"])
    assert client.get(reverse("notifications:open", args=[row.pk])).url == reverse("notifications:list")


def test_the_bell_count_is_kept_on_the_user_as_notifications_arrive_and_are_read(
    users, django_assert_num_queries
) -> None:
    pegawai, operator = users["pegawai"], users["operator"]
    stale = User.objects.get(pk=pegawai.pk)  # read before anything arrives, saved whole afterwards
    for n in range(3):
        services.notify(recipients=[pegawai, operator], message=f"Pesan {n}")
    pegawai.refresh_from_db()
    operator.refresh_from_db()
    assert (pegawai.unread_notifications, operator.unread_notifications) == (3, 3)
    stale.first_name = "Siti"
    stale.save()  # a whole save (the admin, a password change) leaves the count as the services kept it
    pegawai.refresh_from_db()
    assert (pegawai.first_name, pegawai.unread_notifications) == ("Siti", 3)
    partial = User.objects.only("pk", "email").get(pk=pegawai.pk)
    partial.email = "siti@contoh.go.id"
    partial.save()  # read with fields deferred: it saves the fields it holds, the rest as stored
    pegawai.refresh_from_db()
    assert (pegawai.first_name, pegawai.email, pegawai.unread_notifications) == ("Siti", "siti@contoh.go.id", 3)
    first = Notification.objects.filter(recipient=pegawai).first()
    services.notification_open(actor=pegawai, notification=first)
    services.notification_open(actor=pegawai, notification=Notification.objects.get(pk=first.pk))  # again: no change
    pegawai.refresh_from_db()
    assert pegawai.unread_notifications == 2
    assert services.notifications_read_all(actor=pegawai) == 2
    assert services.notifications_read_all(actor=pegawai) == 0
    pegawai.refresh_from_db()
    operator.refresh_from_db()
    assert (pegawai.unread_notifications, operator.unread_notifications) == (0, 3)
    assert selectors.unread_count_differences() == []
    client = Client()
    client.force_login(operator)
    client.get(reverse("notifications:list"))
    with CaptureQueriesContext(connection) as counted:
        page = client.get(reverse("notifications:list"))
    assert b'data-testid="bell-count">3<' in page.content
    # The page's own list is counted for its pager; the bell's unread count is not counted at all.
    unread_counts = [
        q for q in counted.captured_queries if "notifications_notification" in q["sql"] and "IS NULL" in q["sql"]
    ]
    assert len(counted.captured_queries) > 0 and unread_counts == []


def test_a_kept_count_that_drifted_is_found_and_repaired_by_the_command(users) -> None:
    services.notify(recipients=[users["pegawai"]], message="Satu")
    User.objects.filter(pk=users["pegawai"].pk).update(unread_notifications=5)
    User.objects.filter(pk=users["kabid"].pk).update(unread_notifications=2)
    out = StringIO()
    with pytest.raises(CommandError, match="2 pengguna"):
        call_command("unread_counts", "--check", stdout=out)
    assert f"{users['pegawai'].username}: tersimpan 5, seharusnya 1" in out.getvalue()
    assert f"{users['kabid'].username}: tersimpan 2, seharusnya 0" in out.getvalue()
    repaired = StringIO()
    call_command("unread_counts", stdout=repaired)
    assert "2 jumlah notifikasi belum dibaca diperbaiki" in repaired.getvalue()
    assert selectors.unread_count_differences() == []
    assert User.objects.get(pk=users["pegawai"].pk).unread_notifications == 1
