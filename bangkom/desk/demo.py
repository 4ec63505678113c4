"""Demo data for `make run`: the catalogue, two requests on the clock, a JPT assessment waiting for the
head's order and a complaint taken at the counter, all made through the services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.core.selectors import working_calendar

from . import services
from .models import Complaint, Service, ServiceRequest


@transaction.atomic
def services_demo(*, admin: User, general: User, today: dt.date | None = None) -> dict[str, int]:
    """Only on a database that has no requests or complaints yet; returns what it made."""
    services.catalogue_load()
    if ServiceRequest.objects.exists() or Complaint.objects.exists():
        return {}
    today = today or timezone.localdate()
    calendar = working_calendar()
    # A dispatch request received 20 working days ago: due within two working days.
    received = today
    for _n in range(20):
        received -= dt.timedelta(days=1)
        while not calendar.is_working_day(received):
            received -= dt.timedelta(days=1)
    services.request_open(
        actor=admin,
        service=Service.objects.get(code="pengiriman-diklatpim-ii"),
        received_on=received,
        title="Pengiriman peserta PKN Tingkat II angkatan I",
        applicant="Sekretariat Daerah",
    )
    services.request_open(
        actor=admin,
        service=Service.objects.get(code="pengembangan-kompetensi-pns"),
        received_on=today,
        title=f"Rencana pengembangan kompetensi tahun {today.year + 1}",
        applicant="BKPSDM",
    )
    services.assessment_open(
        actor=admin,
        title=f"Asesmen job target JPT Pratama {today.year}",
        received_on=today,
        positions="Kepala Dinas Pendidikan; Kepala Dinas Kesehatan",
        pansel_reference=f"Pengumuman Pansel No. 800/12/PANSEL/{today.year}",
        province_agency="BKD Provinsi Jawa Timur",
    )
    services.complaint_enter(
        actor=general,
        service=Service.objects.get(code="seleksi-diklatpim"),
        channel="loket",
        name="Budi Santoso",
        contact="0812-0000-0000",
        subject="Hasil seleksi administrasi belum diumumkan",
        body="Saya mengikuti seleksi calon peserta PKA tetapi belum menerima pengumuman hasil seleksi administrasi.",
        received_on=today,
    )
    return {"permohonan layanan": 2, "asesmen JPT": 1, "pengaduan": 1}
