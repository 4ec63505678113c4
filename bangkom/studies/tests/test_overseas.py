"""Overseas training and internships: request, approval letter, report after return, JP in the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.planning.selectors import jp_totals
from bangkom.studies import services
from bangkom.studies.models import OverseasStatus
from bangkom.studies.selectors import reports_overdue
from bangkom.studies.tests import flow

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)  # the day TODAY was read, even when the run crosses midnight in Jakarta


def test_request_approval_report_and_training_record(users, people, clock) -> None:
    request = flow.overseas(users["operator"], people.teacher, today=TODAY)
    with pytest.raises(ServiceError, match="sebelum keberangkatan"):
        services.overseas_submit(actor=users["operator"], request=request, today=request.starts_on)
    services.overseas_submit(actor=users["operator"], request=request, today=TODAY)
    with pytest.raises(ServiceError, match="Berkas belum dinyatakan sah: Surat undangan"):
        services.overseas_decide(actor=users["admin"], request=request, approve=True)
    flow.verify_all(users["admin"], request)
    letter = services.overseas_decide(actor=users["admin"], request=request, approve=True, note="Relevan")
    request.refresh_from_db()
    assert request.status == OverseasStatus.APPROVED
    assert (
        letter.context["tempat"] == "Yokohama, Jepang"
        and letter.context["pembiayaan"] == "Sponsor/penyelenggara (JICA)"
    )
    with pytest.raises(ServiceError, match="belum ditandatangani"):
        services.overseas_report(actor=users["operator"], request=request, summary="x", today=request.ends_on)
    signed = flow.sign(letter, users["tspdi"], users["pimpinan"])
    assert signed.number.startswith("800/1/PLN-BKPSDM/")
    with pytest.raises(ServiceError, match="setelah kegiatan selesai"):
        services.overseas_report(
            actor=users["operator"], request=request, summary="x", today=request.ends_on - dt.timedelta(1)
        )
    with pytest.raises(ServiceError, match="Unggah dahulu berkas laporan"):
        services.overseas_report(actor=users["operator"], request=request, summary="x", today=request.ends_on)
    clock(request.ends_on)  # back home: the report and the training record it becomes have happened
    flow.reported(users["operator"], request)
    with pytest.raises(ServiceError, match="diperbaiki"):
        services.overseas_report_decide(actor=users["admin"], request=request, approve=False)
    services.overseas_report_decide(actor=users["admin"], request=request, approve=False, note="Lampirkan foto")
    flow.reported(users["operator"], request)
    services.overseas_report_decide(actor=users["admin"], request=request, approve=True)
    request.refresh_from_db()
    record = request.training_record
    assert request.status == OverseasStatus.COMPLETED
    assert (record.kind_id, record.jp_hours, record.start_date, record.end_date) == (
        10,
        60,
        request.starts_on,
        request.ends_on,
    )
    assert record.organiser == "Yokohama City Office, Yokohama, Jepang"
    from bangkom.people.models import Employee

    totals = jp_totals(request.ends_on.year, Employee.objects.filter(pk=people.teacher.pk))
    assert totals[people.teacher.pk] == 60


def test_rejection_needs_a_reason_and_ends_the_request(users, people) -> None:
    request = flow.overseas(users["operator"], people.teacher, today=TODAY, kind="pelatihan")
    services.overseas_submit(actor=users["operator"], request=request, today=TODAY)
    with pytest.raises(ServiceError, match="alasan"):
        services.overseas_decide(actor=users["admin"], request=request, approve=False)
    assert services.overseas_decide(actor=users["admin"], request=request, approve=False, note="Tidak relevan") is None
    request.refresh_from_db()
    assert (request.status, request.decision_note) == (OverseasStatus.REJECTED, "Tidak relevan")
    with pytest.raises(ServiceError, match="tidak dapat menjadi"):
        services.overseas_submit(actor=users["operator"], request=request, today=TODAY)


def test_return_edit_and_scope(users, people) -> None:
    with pytest.raises(ServiceError, match="Di luar unit kerja Anda"):
        flow.overseas(users["operator"], people.nurse, today=TODAY)
    request = flow.overseas(users["operator"], people.teacher, today=TODAY)
    services.overseas_submit(actor=users["operator"], request=request, today=TODAY)
    with pytest.raises(ServiceError, match="tidak dapat diubah"):
        services.overseas_update(actor=users["operator"], request=request, **_fields(request))
    services.overseas_return(actor=users["admin"], request=request, note="Lengkapi TOR")
    services.overseas_update(actor=users["operator"], request=request, **{**_fields(request), "jp": 40})
    request.refresh_from_db()
    assert (request.status, request.jp) == (OverseasStatus.RETURNED, 40)


def _fields(request):  # type: ignore[no-untyped-def]
    return {name: getattr(request, name) for name in services.OVERSEAS_FIELDS}


def test_report_overdue_after_the_fourteenth_day(users, people) -> None:
    request = flow.overseas(users["operator"], people.teacher, today=TODAY)
    flow.approved(users["operator"], users["admin"], users["tspdi"], users["pimpinan"], request, today=TODAY)
    last_day = request.ends_on + dt.timedelta(days=14)
    assert list(reports_overdue(users["admin"], last_day)) == []
    assert list(reports_overdue(users["admin"], last_day + dt.timedelta(1))) == [request]
    assert list(reports_overdue(users["operator"], last_day + dt.timedelta(1))) == [request]
    flow.reported(users["operator"], request)
    assert list(reports_overdue(users["admin"], last_day + dt.timedelta(1))) == []
