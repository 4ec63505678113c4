"""Demo data for `make run`: a tugas belajar announcement open for applications and an overseas
internship drafted by the Disdik operator, created through the services like real work."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.people.models import Employee

from . import services
from .models import OverseasRequest, StudyAnnouncement

DEMO_RULES = "dki-tugas-belajar-2018"


@transaction.atomic
def studies_demo(*, admin: User, operator: User, today: dt.date | None = None) -> dict[str, int]:
    """Only on a database that has none yet; returns what it made."""
    if StudyAnnouncement.objects.exists() or OverseasRequest.objects.exists():
        return {}
    today = today or timezone.localdate()
    announcement = services.announcement_create(
        actor=admin,
        rules_id=DEMO_RULES,
        title=f"Seleksi Tugas Belajar Tahun Anggaran {today.year + 1}",
        year=today.year + 1,
        opens_on=today,
        closes_on=today + dt.timedelta(days=30),
        study_starts_on=dt.date(today.year + 1, 9, 1),
        description="Tugas belajar dengan biaya APBD bagi PNS yang memenuhi syarat. Usulan melalui operator OPD.",
    )
    for level, quota, fields in (
        ("S1", 5, "Keperawatan, Kebidanan, Pendidikan Guru SD"),
        ("S2", 3, "Administrasi Publik, Kesehatan Masyarakat"),
        ("S3", 1, ""),
    ):
        services.quota_set(actor=admin, announcement=announcement, level=level, quota=quota, fields_of_study=fields)
    services.announcement_open(actor=admin, announcement=announcement)
    made = {"pengumuman tugas belajar": 1}
    employee = Employee.objects.filter(unit=operator.unit).order_by("nip").first() if operator.unit_id else None
    if employee is not None:
        services.overseas_create(
            actor=operator, employee=employee, kind="pelatihan", title="Short Course Manajemen Sekolah",
            host="University of Melbourne", country="Australia", city="Melbourne",
            starts_on=today + dt.timedelta(days=60), ends_on=today + dt.timedelta(days=74), funding="sponsor",
            sponsor="Australia Awards", purpose="Penguatan manajemen sekolah binaan.", jp=70,
        )  # fmt: skip
        made["permohonan luar negeri"] = 1
    return made
