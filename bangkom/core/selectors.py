from __future__ import annotations

from bangkom.accounts.models import User

from .models import Job


def job_for(user: User, job_id: int) -> Job | None:
    """A job is visible to whoever started it, and to anyone who may see all jobs."""
    jobs = Job.objects.all() if user.has_perm("core.view_job") else Job.objects.filter(created_by=user)
    return jobs.filter(pk=job_id).first()
