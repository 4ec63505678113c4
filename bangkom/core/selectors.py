from __future__ import annotations

from typing import TYPE_CHECKING

from .calendar import WorkingCalendar
from .models import CalendarDay, CalendarDayKind, Job
from .table_cache import cached_table

if TYPE_CHECKING:  # the base app names the user model only in its types (accounts builds on core)
    from bangkom.accounts.models import User


def job_for(user: User, job_id: int) -> Job | None:
    """A job is visible to whoever started it, and to anyone who may see all jobs."""
    jobs = Job.objects.all() if user.has_perm("core.view_job") else Job.objects.filter(created_by=user)
    return jobs.filter(pk=job_id).first()


def working_calendar() -> WorkingCalendar:
    """The national calendar with the agency's corrections, read from the table cache: every clock
    on a page (a desk's requests, complaints, reports) asks for it, and the agency edits it a few
    times a year (a save or delete drops it at once, see CoreConfig.ready)."""
    days = cached_table(CalendarDay).values()
    return WorkingCalendar({day.date: day.kind == CalendarDayKind.WORKING_DAY for day in days})
