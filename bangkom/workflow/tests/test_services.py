"""Dispositions through their services: who may send, the deadline, the addressee's steps (done,
forwarded down the chain), the sender's withdrawal, and closing those a flow has carried out."""

from __future__ import annotations

import datetime as dt

import pytest

from bangkom.core.errors import ServiceError
from bangkom.workflow.models import Disposition, DispositionStatus
from bangkom.workflow.services import (
    disposition_complete,
    disposition_forward,
    disposition_send,
    disposition_withdraw,
    dispositions_carried_out,
)

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 30)
SENDERS = {"admin", "pimpinan", "kabid", "umum"}  # the agency's offices


@pytest.mark.parametrize(
    "role", ["admin", "operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"]
)
def test_only_the_agencys_offices_send(users, role) -> None:
    send = lambda: disposition_send(  # noqa: E731
        actor=users[role], subject=users["admin"], to_role="kabid", instruction="Telaah surat ini"
    )
    if role in SENDERS:
        assert send().sender_role == role
    else:
        with pytest.raises(ServiceError, match="tidak berwenang mengirim disposisi"):
            send()
        assert not Disposition.objects.exists()


def test_the_deadline_in_working_days_a_past_date_and_a_nameless_order_are_refused(users, clock) -> None:
    clock(MONDAY)
    head = users["pimpinan"]
    sent = disposition_send(actor=head, subject=head, to_role="kabid", instruction="Siapkan", due_working_days=3)
    assert sent.due_on == dt.date(2026, 12, 3)  # Tuesday, Wednesday, Thursday
    for wrong, message in (
        ({"due_on": MONDAY - dt.timedelta(days=1)}, "sudah lewat"),
        ({"due_working_days": -1}, "tidak boleh negatif"),
        ({"instruction": "   "}, "Tuliskan perintah"),
        ({"to_role": "raja"}, "tidak dapat ditujukan"),
    ):
        values = {"to_role": "kabid", "instruction": "Siapkan", **wrong}
        with pytest.raises(ServiceError, match=message):
            disposition_send(actor=head, subject=head, **values)
    assert Disposition.objects.count() == 1


def test_the_head_orders_the_division_forwards_to_the_staff_who_report_it_done(users, clock) -> None:
    clock(MONDAY)
    head, kabid, staff = users["pimpinan"], users["kabid"], users["admin"]
    order = disposition_send(
        actor=head, subject=head, to_role="kabid", instruction="Siapkan telaahan", due_on=dt.date(2026, 12, 10)
    )
    with pytest.raises(ServiceError, match="hanya mereka yang menindaklanjutinya"):
        disposition_complete(actor=staff, disposition=order)  # not addressed to the staff
    passed = disposition_forward(actor=kabid, disposition=order, to_role="admin", instruction="Buat konsep")
    order.refresh_from_db()
    assert (order.status, passed.parent_id, passed.due_on) == (
        DispositionStatus.FORWARDED,
        order.pk,
        dt.date(2026, 12, 10),
    )
    assert order.response.startswith("Diteruskan kepada")
    with pytest.raises(ServiceError):
        disposition_complete(actor=kabid, disposition=order)  # already forwarded: nothing left to do
    done = disposition_complete(actor=staff, disposition=passed, response="Konsep terlampir")
    assert (done.status, done.closed_by, done.response) == (DispositionStatus.DONE, staff, "Konsep terlampir")


def test_only_the_sender_withdraws_and_says_why(users) -> None:
    order = disposition_send(actor=users["pimpinan"], subject=users["admin"], to_role="umum", instruction="Arsipkan")
    with pytest.raises(ServiceError, match="Hanya pengirim"):
        disposition_withdraw(actor=users["kabid"], disposition=order, reason="salah kirim")
    with pytest.raises(ServiceError, match="alasan"):
        disposition_withdraw(actor=users["pimpinan"], disposition=order, reason=" ")
    withdrawn = disposition_withdraw(actor=users["pimpinan"], disposition=order, reason="Salah alamat")
    assert (withdrawn.status, withdrawn.response) == (DispositionStatus.WITHDRAWN, "Salah alamat")


def test_a_flow_closes_the_open_dispositions_about_its_record_for_one_role(users) -> None:
    subject, other = users["admin"], users["umum"]
    to_kabid = disposition_send(actor=users["pimpinan"], subject=subject, to_role="kabid", instruction="A")
    to_umum = disposition_send(actor=users["pimpinan"], subject=subject, to_role="umum", instruction="B")
    elsewhere = disposition_send(actor=users["pimpinan"], subject=other, to_role="kabid", instruction="C")
    assert dispositions_carried_out(actor=users["admin"], subject=subject, to_role="kabid", note="Selesai") == 1
    statuses = dict(Disposition.objects.values_list("pk", "status"))
    assert statuses == {
        to_kabid.pk: DispositionStatus.DONE,
        to_umum.pk: DispositionStatus.OPEN,
        elsewhere.pk: DispositionStatus.OPEN,
    }
    assert dispositions_carried_out(actor=users["admin"], subject=subject, to_role=None, note="Selesai") == 1
