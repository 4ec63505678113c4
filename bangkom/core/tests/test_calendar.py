"""Working days on the Indonesian calendar, against dates counted by hand on the 2026 calendar
(SKB 3 Menteri on the 2026 holidays and cuti bersama, as the `holidays` package lists them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.core.calendar import WorkingCalendar, national_days_off
from bangkom.core.models import CalendarDay
from bangkom.core.selectors import working_calendar

D = dt.date
PLAIN = WorkingCalendar()


def test_national_days_off_include_cuti_bersama() -> None:
    days = national_days_off(2026)
    assert days[D(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert "Cuti Bersama" in days[D(2026, 3, 23)]
    assert "Cuti Bersama" in days[D(2026, 12, 24)]
    assert not PLAIN.is_working_day(D(2026, 3, 19))  # Nyepi
    assert not PLAIN.is_working_day(D(2026, 11, 21))  # a Saturday
    assert PLAIN.is_working_day(D(2026, 11, 23))


def test_22_working_days_across_idul_fitri() -> None:
    # From Monday 16-03-2026: 17/3 is day 1; 18-24/3 are Nyepi, Idul Fitri and cuti bersama; 3/4 is
    # Good Friday; the 22nd working day is Thursday 23-04-2026.
    assert PLAIN.add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 23)
    assert PLAIN.working_days_between(D(2026, 3, 16), D(2026, 4, 23)) == 22
    assert PLAIN.working_days_between(D(2026, 3, 16), D(2026, 4, 22)) == 21


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
        (D(2026, 11, 23), 1, D(2026, 11, 24)),  # Monday -> Tuesday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday -> Monday
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # received on a Saturday
        (D(2026, 12, 23), 1, D(2026, 12, 28)),  # 24 cuti bersama, 25 Christmas, then the weekend
        (D(2026, 8, 14), 1, D(2026, 8, 18)),  # Independence Day on Monday
    ],
)
def test_add_working_days_boundaries(start: dt.date, days: int, due: dt.date) -> None:
    assert PLAIN.add_working_days(start, days) == due
    with pytest.raises(ValueError):
        PLAIN.add_working_days(start, -1)


@pytest.mark.django_db
def test_agency_corrections_move_the_deadline() -> None:
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 23)
    CalendarDay.objects.create(date=D(2026, 3, 25), kind="libur", name="Cuti bersama tambahan", legal_source="SKB uji")
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 24)
    CalendarDay.objects.create(
        date=D(2026, 3, 24), kind="kerja", name="Cuti bersama dibatalkan", legal_source="SKB uji"
    )
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 23)


def test_administrator_keeps_the_corrections_in_the_admin(users) -> None:
    client = Client()
    client.force_login(users["admin"])
    response = client.post(
        reverse("admin:core_calendarday_add"),
        {"date": "2026-12-31", "kind": "libur", "name": "Cuti bersama tambahan", "legal_source": "SKB 3 Menteri"},
    )
    assert response.status_code == 302
    assert not working_calendar().is_working_day(D(2026, 12, 31))
    operator = Client()
    operator.force_login(users["operator"])
    assert operator.get(reverse("admin:core_calendarday_changelist")).status_code == 302
