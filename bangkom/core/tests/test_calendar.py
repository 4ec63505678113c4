"""Working days on the Indonesian calendar, against the holidays and cuti bersama published for 2025
and 2026 (typed below from the joint decrees) and due dates counted by hand at long breaks and year
ends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.core.calendar import Clock, ClockState, TimeUnit, WorkingCalendar, clock, due_after, national_days_off
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


def test_working_days_between_across_the_year_end_with_corrections_in_both_years() -> None:
    # After Wednesday 23-12-2026 up to Friday 08-01-2027: 24/12 cuti bersama, 25/12 Christmas, the
    # weekend, 28-31/12 (4), 1/1 New Year, the weekend, 4/1 (5), 5/1 Isra Mikraj, 6-8/1 (8).
    assert PLAIN.working_days_between(D(2026, 12, 23), D(2027, 1, 8)) == 8
    assert PLAIN.working_days_between(D(2027, 1, 8), D(2026, 12, 23)) == 0
    assert PLAIN.working_days_between(D(2026, 12, 31), D(2026, 12, 31)) == 0
    # The agency gives 31/12 off and makes Saturday 2/1 a working day: one out, one in.
    corrected = WorkingCalendar({D(2026, 12, 31): False, D(2027, 1, 2): True})
    assert corrected.working_days_between(D(2026, 12, 23), D(2027, 1, 8)) == 8
    assert corrected.working_days_between(D(2026, 12, 23), D(2027, 1, 1)) == 3
    assert corrected.working_days_between(D(2027, 1, 1), D(2027, 1, 4)) == 2
    assert WorkingCalendar({D(2026, 12, 31): False}).working_days_between(D(2026, 12, 23), D(2027, 1, 8)) == 7


def test_working_days_between_agrees_with_walking_each_day_over_three_years() -> None:
    corrected = WorkingCalendar({D(2025, 12, 29): False, D(2026, 3, 21): True, D(2027, 12, 27): False})
    days = [D(2025, 12, 1) + dt.timedelta(days=n) for n in range(0, 800, 37)]
    for calendar in (PLAIN, corrected):
        for first in days:
            for last in days:
                walked = sum(
                    calendar.is_working_day(first + dt.timedelta(days=n)) for n in range(1, (last - first).days + 1)
                )
                assert calendar.working_days_between(first, last) == walked, (first, last)


@pytest.mark.django_db
def test_agency_corrections_move_the_deadline(django_assert_num_queries) -> None:
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 23)
    with django_assert_num_queries(0):  # every clock on a page asks; the cache answers
        assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 23)
    added = CalendarDay.objects.create(
        date=D(2026, 3, 25), kind="libur", name="Cuti bersama tambahan", legal_source="SKB uji"
    )
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 24)
    CalendarDay.objects.create(
        date=D(2026, 3, 24), kind="kerja", name="Cuti bersama dibatalkan", legal_source="SKB uji"
    )
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 23)
    added.delete()  # the added holiday withdrawn: one working day more again
    assert working_calendar().add_working_days(D(2026, 3, 16), 22) == D(2026, 4, 22)


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


# The published lists, typed from the joint decrees (SKB Menteri Agama, Menteri Ketenagakerjaan and
# Menteri PANRB): 2025 No. 1017/2024, 2/2024, 2/2024 as amended for 18 August 2025; 2026 No.
# 1497/2025, 2/2025, 5/2025. Each line: date, H (hari libur nasional) or CB (cuti bersama).
PUBLISHED = {
    2025: """
        01-01 H  27-01 H  28-01 CB 29-01 H  28-03 CB 29-03 H  31-03 H  01-04 H  02-04 CB 03-04 CB
        04-04 CB 07-04 CB 18-04 H  20-04 H  01-05 H  12-05 H  13-05 CB 29-05 H  30-05 CB 01-06 H
        06-06 H  09-06 CB 27-06 H  17-08 H  18-08 CB 05-09 H  25-12 H  26-12 CB
    """,
    2026: """
        01-01 H  16-01 H  16-02 CB 17-02 H  18-03 CB 19-03 H  20-03 CB 21-03 H  22-03 H  23-03 CB
        24-03 CB 03-04 H  05-04 H  01-05 H  14-05 H  15-05 CB 27-05 H  28-05 CB 31-05 H  01-06 H
        16-06 H  17-08 H  25-08 H  24-12 CB 25-12 H
    """,
}


def published(year: int) -> dict[dt.date, str]:
    tokens = PUBLISHED[year].split()
    return {
        dt.datetime.strptime(f"{day}-{year}", "%d-%m-%Y").date(): kind
        for day, kind in zip(tokens[::2], tokens[1::2], strict=True)
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_national_days_off_are_the_published_list(year: int) -> None:
    expected = published(year)
    actual = national_days_off(year)
    assert sorted(actual) == sorted(expected)
    for day, kind in expected.items():
        assert ("Cuti Bersama" in actual[day]) == (kind == "CB"), (day, actual[day])


@pytest.mark.parametrize("year", [2025, 2026])
def test_working_days_of_the_year_follow_the_published_list(year: int) -> None:
    # Both years have 261 weekdays. Days off on a weekday, counted on the lists: 2025 has 28 days, 4 of
    # them on a weekend (29/3, 20/4, 1/6, 17/8); 2026 has 25, 4 on a weekend (21/3, 22/3, 5/4, 31/5).
    days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366 if year % 4 == 0 else 365)]
    weekday_offs = {d for d in published(year) if d.weekday() < 5}
    expected = [d for d in days if d.weekday() < 5 and d not in weekday_offs]
    assert PLAIN.working_days(days) == expected
    assert len(expected) == {2025: 261 - 24, 2026: 261 - 21}[year]


@pytest.mark.parametrize(
    ("start", "days", "due", "why"),
    [
        # The day before a long cuti bersama: Nyepi and Idul Fitri 2025 close 28-03 to 07-04.
        (D(2025, 3, 27), 1, D(2025, 4, 8), "28/3-7/4 off"),
        (D(2025, 3, 27), 5, D(2025, 4, 14), "8,9,10,11,14/4"),
        # 2026: Nyepi and Idul Fitri close 18-03 to 24-03.
        (D(2026, 3, 17), 1, D(2026, 3, 25), "18/3-24/3 off"),
        (D(2026, 3, 17), 3, D(2026, 3, 27), "25,26,27/3"),
        # Across a year end: Christmas and its cuti bersama, then New Year's Day.
        (D(2025, 12, 24), 3, D(2025, 12, 31), "29,30,31/12"),
        (D(2025, 12, 24), 4, D(2026, 1, 2), "1/1 off"),
        (D(2026, 12, 23), 5, D(2027, 1, 4), "28,29,30,31/12; 1/1 off; 4/1"),
        # The 18 August 2025 cuti bersama added during the year.
        (D(2025, 8, 15), 1, D(2025, 8, 19), "16-17 weekend, 18 off"),
    ],
)
def test_due_dates_at_long_breaks_and_year_ends(start: dt.date, days: int, due: dt.date, why: str) -> None:
    assert PLAIN.add_working_days(start, days) == due, why
    assert PLAIN.working_days_between(start, due) == days


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        (D(2026, 3, 16), 22, TimeUnit.WORKING_DAYS, D(2026, 4, 23)),
        (D(2026, 3, 17), 7, TimeUnit.DAYS, D(2026, 3, 24)),  # calendar days ignore the break
        (D(2025, 10, 31), 4, TimeUnit.MONTHS, D(2026, 2, 28)),  # no 31 February: its last day
        (D(2026, 1, 15), 12, TimeUnit.MONTHS, D(2027, 1, 15)),
        (D(2026, 3, 17), 3, TimeUnit.MINUTES, D(2026, 3, 17)),
    ],
)
def test_due_after_each_unit(start: dt.date, amount: int, unit: TimeUnit, due: dt.date) -> None:
    assert due_after(PLAIN, start, amount, unit) == due


def test_clock_counts_working_days_used_and_left() -> None:
    # Received Tuesday 17-03-2026 with 3 working days: due Friday 27-03 (18-24/3 off).
    due = due_after(PLAIN, D(2026, 3, 17), 3, "hari_kerja")
    on_track = clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=D(2026, 3, 17))
    assert (on_track.used, on_track.left, on_track.state) == (0, 3, ClockState.ON_TRACK)
    # During the break nothing is used.
    assert clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=D(2026, 3, 23)).used == 0
    soon = clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=D(2026, 3, 25))
    assert (soon.used, soon.left, soon.state) == (1, 2, ClockState.DUE_SOON)
    last_day = clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=due)
    assert (last_day.used, last_day.left, last_day.state) == (3, 0, ClockState.DUE_SOON)
    # The next Monday is one working day late; the weekend in between is not counted.
    late = clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=D(2026, 3, 30))
    assert (late.used, late.left, late.state, late.is_late) == (4, -1, ClockState.OVERDUE, True)
    done = clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=D(2026, 4, 6), finished_on=due)
    assert (done.used, done.left, done.state, done.is_late) == (3, 0, ClockState.DONE, False)
    done_late = clock(PLAIN, start=D(2026, 3, 17), due_on=due, today=D(2026, 4, 6), finished_on=D(2026, 3, 31))
    assert (done_late.used, done_late.left, done_late.state) == (5, -2, ClockState.DONE_LATE)


@pytest.mark.parametrize(
    ("state", "left", "badge", "stands"),
    [
        (ClockState.OVERDUE, -3, "text-bg-danger", "terlambat 3 hari kerja"),
        (ClockState.DUE_SOON, 1, "text-bg-warning", "sisa 1 hari kerja"),
        (ClockState.ON_TRACK, 9, "text-bg-light border", "sisa 9 hari kerja"),
        (ClockState.DONE, 2, "text-bg-success", "selesai tepat waktu"),
        (ClockState.DONE_LATE, -1, "text-bg-danger", "selesai terlambat"),
    ],
)
def test_a_clock_is_shown_with_its_due_date_where_it_stands_and_the_days_used(
    state: ClockState, left: int, badge: str, stands: str
) -> None:
    from django.template import Context, Template
    from django.utils import translation

    shown = Template("{% load formats %}{{ c|clock_badge }}").render(
        Context({"c": Clock(due_on=D(2027, 1, 4), used=12, left=left, state=state)})
    )
    assert shown == (
        f'<span class="text-nowrap">04-01-2027</span> <span class="badge {badge}" data-testid="clock-state">'
        f'{stands}</span> <span class="small text-muted">terpakai 12 hari kerja</span>'
    )
    with translation.override("en"):
        english = Template("{% load formats %}{{ c|clock_badge }}").render(
            Context({"c": Clock(due_on=D(2027, 1, 4), used=12, left=-3, state=ClockState.OVERDUE)})
        )
    assert "3 working days late</span>" in english and "12 working days used</span>" in english
