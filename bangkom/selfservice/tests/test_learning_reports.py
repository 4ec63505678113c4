"""Learning reported by a civil servant for recognition of JP: the claim, its checks, the decision,
the ledger, the limits as data, duplicates, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.people.models import JpYear, TrainingKind, TrainingRecord
from bangkom.people.services import history_add
from bangkom.selfservice import selectors, services
from bangkom.selfservice.models import LearningReport, RecognitionRule, ReportStatus
from bangkom.selfservice.tests.flow import WEBINAR, certificate, report
from conftest import SAMPLE_PDF, SAMPLE_PNG, assert_services_refuse_without, operator_of

YESTERDAY = dt.date(2026, 11, 29)
JAKARTA = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def _on_day(clock) -> None:
    clock(dt.date(2026, 11, 30))


def test_an_accepted_report_becomes_a_training_record_and_counts_in_the_ledger(users, people) -> None:
    history_add(actor=None, row=TrainingRecord(
        employee=people.teacher, name="Diklat teknis kurikulum", kind_id=3, start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 4), jp_hours=12,
    ))  # fmt: skip
    submitted = report(users["pegawai"], jp_claimed=4)
    assert submitted.status == ReportStatus.SUBMITTED
    assert [c.to_status for c in submitted.status_changes.all()] == [ReportStatus.SUBMITTED]
    accepted = services.report_accept(actor=users["operator"], report=submitted, jp_recognised=3, note="Sesuai")
    record = accepted.training_record
    assert (record.name, record.kind_id, record.jp_hours, record.end_date) == (
        "Webinar Literasi Digital ASN",
        WEBINAR,
        3,
        YESTERDAY,
    )
    assert JpYear.objects.get(employee=people.teacher, year=2026).jp == 12 + 3
    home = selectors.home(users["pegawai"], dt.date(2026, 11, 30))
    assert (home.jp, home.norm, home.missing, home.percent) == (15, 20, 5, 75)
    assert [(y.year, y.jp) for y in home.years] == [(2026, 15), (2025, 0), (2024, 0), (2023, 0), (2022, 0)]
    assert home.records[0].report == accepted and home.records[0].record == record


def test_recognised_jp_are_at_most_those_claimed(users, people) -> None:
    submitted = report(users["pegawai"], jp_claimed=3)
    for wrong in (0, 4):
        with pytest.raises(ValidationError, match="antara 1 dan 3"):
            services.report_accept(actor=users["operator"], report=submitted, jp_recognised=wrong)
    assert not TrainingRecord.objects.filter(employee=people.teacher).exists()


def test_the_yearly_cap_of_a_kind_is_data_and_its_boundary_holds(users, people) -> None:
    RecognitionRule.objects.filter(kind_id=WEBINAR).update(max_jp_per_year=10, legal_source="Perkada Uji 1/2026")
    first = report(users["pegawai"], name="Webinar satu", jp_claimed=8)
    services.report_accept(actor=users["operator"], report=first, jp_recognised=8)
    second = report(users["pegawai"], name="Webinar dua", jp_claimed=3)
    with pytest.raises(ValidationError) as refused:
        services.report_accept(actor=users["operator"], report=second, jp_recognised=3)
    message = refused.value.message_dict["jp_recognised"][0]
    assert "10 JP per tahun (Perkada Uji 1/2026)" in message and "sudah diakui 8 JP" in message
    assert "paling banyak 2 JP lagi" in message
    services.report_accept(actor=users["operator"], report=second, jp_recognised=2)  # exactly at the cap
    assert services.recognised_in_year(people.teacher, WEBINAR, 2026) == 10
    # Another year has its own room: the cap counts the year the activity ended.
    last_year = report(
        users["pegawai"],
        name="Webinar lama",
        start_date=dt.date(2025, 12, 31),
        end_date=dt.date(2025, 12, 31),
        jp_claimed=5,
    )
    services.report_accept(actor=users["operator"], report=last_year, jp_recognised=5)


def test_kinds_the_agency_records_itself_cannot_be_reported(users) -> None:
    with pytest.raises(ServiceError, match="Diklat Struktural tidak dapat dilaporkan"):
        report(users["pegawai"], kind=TrainingKind.objects.get(pk=1))
    RecognitionRule.objects.filter(kind_id=WEBINAR).update(counts=False)
    with pytest.raises(ServiceError, match="Seminar tidak dapat dilaporkan"):
        report(users["pegawai"])


def test_the_same_certificate_number_is_refused_however_it_is_typed(users, people) -> None:
    report(users["pegawai"], certificate_number="WEB/123/2026")
    with pytest.raises(ValidationError, match=r"(?i)WEB/123/2026 sudah dilaporkan pada Webinar Literasi Digital ASN"):
        report(users["pegawai"], name="Webinar lain", certificate_number=" web/123/2026 ")
    history_add(actor=None, row=TrainingRecord(
        employee=people.teacher, name="Bimtek", kind_id=8, start_date=dt.date(2026, 5, 4),
        end_date=dt.date(2026, 5, 5), jp_hours=16, certificate_number="BT-77",
    ))  # fmt: skip
    with pytest.raises(ValidationError, match=r"(?i)BT-77 sudah tercatat di riwayat diklat Anda: Bimtek"):
        report(users["pegawai"], name="Bimtek ulang", certificate_number="bt-77")
    assert LearningReport.objects.count() == 1


def test_a_rejected_reports_number_and_dates_may_be_reported_again(users) -> None:
    first = report(users["pegawai"], certificate_number="WEB/9")
    services.report_reject(actor=users["operator"], report=first, note="Sertifikat tidak terbaca")
    again = report(users["pegawai"], certificate_number="WEB/9")
    assert again.status == ReportStatus.SUBMITTED


def test_the_same_activity_and_dates_or_the_same_file_twice_are_refused(users) -> None:
    first = report(users["pegawai"], upload=certificate(SAMPLE_PDF + b"x"))  # noqa: F841 - the claim that stands
    with pytest.raises(ValidationError, match="sudah dilaporkan atau tercatat"):
        report(users["pegawai"], name="  webinar   literasi digital ASN ")
    with pytest.raises(ValidationError):
        report(users["pegawai"], name="Lain", upload=certificate(SAMPLE_PDF + b"x"))


def test_dates_and_hours_that_cannot_be_true_are_refused_with_the_field_named(users) -> None:
    today = dt.date(2026, 11, 30)
    with pytest.raises(ValidationError) as future:
        report(users["pegawai"], start_date=today, end_date=today + dt.timedelta(days=1))
    assert "end_date" in future.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        report(users["pegawai"], start_date=YESTERDAY, end_date=YESTERDAY - dt.timedelta(days=3))
    assert "end_date" in backwards.value.message_dict
    with pytest.raises(ValidationError, match="33 tidak mungkin untuk kegiatan 1 hari"):
        report(users["pegawai"], jp_claimed=33)
    assert report(users["pegawai"], jp_claimed=32).jp_claimed == 32  # the boundary: 32 x 45 minutes = 24 hours
    assert report(users["pegawai"], name="Hari ini", start_date=today, end_date=today).end_date == today


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"bukan pdf sama sekali", "sertifikat.pdf"), (b"", "kosong.pdf"), (b"%PDF-1.4 rusak", "rusak.pdf")],
)
def test_a_certificate_that_is_not_what_it_says_is_refused_and_nothing_is_saved(users, content, name) -> None:
    with pytest.raises(ValidationError):
        report(users["pegawai"], upload=certificate(content, name))
    assert not LearningReport.objects.exists()


def test_a_photo_of_the_certificate_is_accepted(users) -> None:
    photo = certificate(SAMPLE_PNG, "foto.jpg")
    assert report(users["pegawai"], upload=photo).extension == "png"  # decided by content, not by its name


def test_only_the_civil_servant_reports_and_only_for_themselves(users, people) -> None:
    with pytest.raises(ServiceError, match="terhubung dengan data kepegawaiannya"):
        report(users["admin"])
    mine = report(users["pegawai"])
    other = users["nobody"]
    other.employee = people.nurse
    other.save()
    with pytest.raises(ServiceError, match="bukan milik Anda"):
        services.report_withdraw(actor=other, report=mine)


def test_verifying_needs_the_permission_in_the_service_itself(users) -> None:
    report(users["pegawai"])
    assert_services_refuse_without(
        services.VERIFY, services, ("report_accept", "report_return", "report_reject"), users
    )


def test_a_verifier_outside_the_unit_or_of_their_own_report_is_refused(users, people, tree) -> None:
    submitted = report(users["pegawai"])
    with pytest.raises(ServiceError, match="Di luar unit kerja"):
        services.report_accept(actor=operator_of(tree.dinkes), report=submitted, jp_recognised=3)
    own = users["operator"]
    own.employee = people.head
    own.save()
    theirs = report(own, name="Webinar kepala")
    with pytest.raises(ServiceError, match="Laporan Anda sendiri"):
        services.report_accept(actor=own, report=theirs, jp_recognised=3)


def test_returned_completed_and_sent_again_the_age_counts_anew(users, clock) -> None:
    submitted = report(users["pegawai"])
    with pytest.raises(ValidationError):
        services.report_return(actor=users["operator"], report=submitted, note="  ")
    services.report_return(actor=users["operator"], report=submitted, note="Lampirkan halaman kedua")
    clock(dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC))
    data = {name: getattr(submitted, name) for name in services.REPORT_FIELDS}
    again = services.report_resubmit(
        actor=users["pegawai"], report=submitted, upload=certificate(SAMPLE_PDF + b"baru"), **data
    )
    assert again.status == ReportStatus.SUBMITTED and again.checksum != submitted.checksum
    assert timezone.localtime(again.submitted_at).date() == dt.date(2026, 12, 2)
    assert [c.to_status for c in again.status_changes.all()] == ["diajukan", "dikembalikan", "diajukan"]
    with pytest.raises(ServiceError, match="Hanya laporan yang dikembalikan"):
        services.report_resubmit(actor=users["pegawai"], report=again, **data)


def test_the_queue_counts_working_days_from_the_jakarta_date_and_flags_the_late(users, tree, clock) -> None:
    # Monday 4 January 2027, 00:30 in Jakarta, is still Sunday 3 January in UTC; Tuesday the 5th is
    # Isra Mikraj, a national holiday.
    clock(dt.datetime(2027, 1, 4, 0, 30, tzinfo=JAKARTA))
    monday = report(users["pegawai"], name="Kursus", start_date=dt.date(2027, 1, 2), end_date=dt.date(2027, 1, 3))
    (row,) = selectors.queue_rows([monday], dt.date(2027, 1, 6))
    assert (row.age, row.late) == (1, False)  # Wednesday only; from the UTC date it would be 2
    (row,) = selectors.queue_rows([monday], dt.date(2027, 1, 12))  # Wed, Thu, Fri, Mon, Tue: 5, the limit
    assert (row.age, row.late) == (5, False)
    (row,) = selectors.queue_rows([monday], dt.date(2027, 1, 13))
    assert (row.age, row.late) == (6, True)
    (unit,) = selectors.queue_by_unit(users["operator"])
    assert (unit.unit.code, unit.waiting) == ("SD1", 1)
    assert selectors.queue_by_unit(operator_of(tree.dinkes)) == []
    assert list(selectors.waiting_reports(users["pegawai"])) == []  # not a verifier


def test_the_home_costs_the_same_queries_with_three_or_a_hundred_records(
    users, people, django_assert_num_queries
) -> None:
    def add(count: int) -> None:
        TrainingRecord.objects.bulk_create([
            TrainingRecord(employee=people.teacher, name=f"Diklat {n}", kind_id=3, start_date=dt.date(2006 + n % 20, 3, 1),
                           end_date=dt.date(2006 + n % 20, 3, 2), jp_hours=8)
            for n in range(count)
        ])  # fmt: skip

    client = Client()
    client.force_login(users["pegawai"])
    add(3)
    client.get(reverse("selfservice:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("selfservice:home"))
    add(97)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("selfservice:home"))
    assert response.content.count(b"Diklat ") >= selectors.HOME_RECORDS


def test_pages_report_decide_and_show_the_total(users, people) -> None:
    pns, operator = Client(), Client()
    pns.force_login(users["pegawai"])
    operator.force_login(users["operator"])
    assert pns.get(reverse("core:dashboard")).url == reverse("selfservice:home")
    form = {"kind": WEBINAR, "name": "Webinar Pelayanan Publik", "organiser": "KemenPAN-RB", "start_date": "2026-11-27",
            "end_date": "2026-11-27", "jp_claimed": "3", "certificate_number": "KPR-1"}  # fmt: skip
    refused = pns.post(
        reverse("selfservice:report-new"), {**form, "end_date": "2026-12-25", "certificate": certificate()}
    )
    assert refused.status_code == 200 and "2026" in refused.content.decode()
    assert not LearningReport.objects.exists()
    sent = pns.post(reverse("selfservice:report-new"), {**form, "certificate": certificate()})
    submitted = LearningReport.objects.get()
    assert sent.url == reverse("selfservice:report", args=[submitted.pk])
    queue = operator.get(reverse("selfservice:queue"))
    assert b"Webinar Pelayanan Publik" in queue.content
    missing = operator.post(reverse("selfservice:report", args=[submitted.pk]), {"decision": "terima"})
    assert "Isi JP yang diakui" in missing.content.decode()
    decided = operator.post(
        reverse("selfservice:report", args=[submitted.pk]), {"decision": "terima", "jp_recognised": 3}
    )
    assert decided.status_code == 302
    home = pns.get(reverse("selfservice:home"))
    assert home.context["home"].jp == 3 and b'data-testid="jp-total">3<' in home.content
    assert pns.get(reverse("selfservice:report-file", args=[submitted.pk])).status_code == 200


def test_the_home_names_the_overseas_report_that_waits_on_me(users, people) -> None:
    from bangkom.studies.models import OverseasRequest, OverseasStatus

    done = OverseasRequest.objects.create(
        employee=people.teacher, unit=people.teacher.unit, kind="pelatihan", title="Pelatihan guru di Jepang",
        host="JICA", country="Jepang", city="Tokyo", starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2026, 11, 20),
        funding="sponsor", purpose="Peningkatan kompetensi", jp=60, status=OverseasStatus.APPROVED,
        proposed_by=users["operator"],
    )  # fmt: skip
    OverseasRequest.objects.create(
        employee=people.teacher, unit=people.teacher.unit, kind="pelatihan", title="Belum berangkat", host="X",
        country="Korea", city="Seoul", starts_on=dt.date(2026, 12, 10), ends_on=dt.date(2026, 12, 20),
        funding="sponsor", purpose="-", jp=30, status=OverseasStatus.APPROVED, proposed_by=users["operator"],
    )  # fmt: skip
    home = selectors.home(users["pegawai"], dt.date(2026, 11, 30))
    assert home.overseas_reports_due == [(done, dt.date(2026, 12, 4))]  # 20 November + 14 days
