"""Every flow tells the one it now waits on (and the one it is about): a program sent for review, a
unit plan sent and returned, a request abroad decided, a candidate to assess, the next step of a
service request. The one who made the move is not told of their own step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bangkom.desk import services as desk_services
from bangkom.desk.models import Service
from bangkom.notifications.models import Notification
from bangkom.studies import services as study_services
from bangkom.studies.tests import flow as study_flow
from bangkom.training import services as training_services
from bangkom.training.tests.flow import cost_standard, proposal
from conftest import operator_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _waiting(user, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What "Tugas saya" lists for the user from one source."""
    from bangkom.core.waiting import waiting_for

    return next(([i.what for i in g.items] for g in waiting_for(user, TODAY) if g.code == code), [])


def _told(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("text", flat=True))


def test_a_program_tells_bkpsdm_when_sent_and_the_unit_when_returned(users, tree) -> None:
    year = TODAY.year + 2
    cost_standard(year)
    program = proposal(users["operator"], tree.disdik, dt.date(year, 12, 1), count=1)
    training_services.program_submit(actor=users["operator"], program=program, today=TODAY)
    assert _told(users["admin"]) == [
        "Usulan program Bimtek Pengelolaan Arsip Dinamis dari Dinas Pendidikan menunggu telaah."
    ]
    assert _told(users["operator"]) == []  # their own step
    assert _waiting(users["admin"], "programs") == ["Telaah usulan program"]
    assert _waiting(users["operator"], "programs") == []
    training_services.program_return(actor=users["admin"], program=program, note="Lengkapi RAB")
    assert _waiting(users["admin"], "programs") == []
    assert _waiting(users["operator"], "programs") == ["Lengkapi usulan program yang dikembalikan"]
    assert _waiting(operator_of(tree.dinkes), "programs") == []
    assert _told(users["operator"]) == [
        "Usulan program Bimtek Pengelolaan Arsip Dinamis dikembalikan untuk dilengkapi: Lengkapi RAB"
    ]
    assert operator_of(tree.dinkes) not in Notification.objects.values_list("recipient", flat=True)


def test_a_request_abroad_tells_bkpsdm_the_unit_and_the_employee(users, people) -> None:
    request = study_flow.overseas(users["operator"], people.teacher, today=TODAY)
    study_flow.approved(users["operator"], users["admin"], users["tspdi"], users["pimpinan"], request, today=TODAY)
    assert "Permohonan ke luar negeri Siti Rahayu (Magang tata kelola kota cerdas) menunggu pemeriksaan." in (
        _told(users["admin"])
    )
    decided = "Permohonan ke luar negeri Siti Rahayu (Magang tata kelola kota cerdas) disetujui."
    assert decided in _told(users["operator"]) and decided in _told(users["pegawai"])  # the pegawai is Siti
    study_flow.reported(users["operator"], request)
    assert "Laporan kegiatan luar negeri Siti Rahayu menunggu pemeriksaan." in _told(users["admin"])
    assert _waiting(users["admin"], "studies") == ["Periksa laporan kegiatan luar negeri"]
    study_services.overseas_report_decide(actor=users["admin"], request=request, approve=False, note="Tanpa foto")
    assert "Laporan kegiatan luar negeri Siti Rahayu dikembalikan: Tanpa foto" in _told(users["operator"])
    assert "Laporan kegiatan luar negeri Siti Rahayu dikembalikan: Tanpa foto" not in _told(users["pegawai"])


def test_the_next_step_of_a_desk_request_tells_the_holders_of_its_role(users) -> None:
    service = Service.objects.get(code="pengembangan-kompetensi-pns")
    request = desk_services.request_open(actor=users["admin"], service=service, title="Rencana 2027", received_on=TODAY)
    for _step in range(3):
        desk_services.request_step_done(actor=users["admin"], request=request)
    assert _told(users["pimpinan"]) == []
    desk_services.request_step_done(actor=users["admin"], request=request)  # step 5 is the head's
    request.refresh_from_db()
    step = request.current_step
    assert step is not None and step["role"] == "pimpinan"
    assert _told(users["pimpinan"]) == [f"Permohonan Rencana 2027 menunggu langkah 5: {step['text']}."]
    assert _waiting(users["pimpinan"], "desk") == [f"Langkah 5: {step['text']}"]
    assert _waiting(users["admin"], "desk") == []  # the head's step: the staff may not tick it off
    assert _told(users["admin"]) == []  # the staff who moved it
