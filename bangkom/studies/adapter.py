"""Registry records and applications -> facts for the study rule engine, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType

from bangkom.people import facts
from bangkom.people.models import Employee, EmployeeType, SkpRecord
from bangkom.people.selectors import bup_rules
from bangkom.rules.study import Applicant
from bangkom.selection.adapter import EDUCATION_BY_RANK, SKP_BY_SIASN_ID

from .models import AssignmentStatus, Paper, PaperStatus, StudyAnnouncement, StudyApplication, StudyAssignment
from .policy import rules_of

# Who has no BUP rule yet (no position recorded) is held to the most common one, 58 (UU 20/2023 Pasal 55).
FALLBACK_BUP = 58


def applicants(announcement: StudyAnnouncement, applications: Sequence[StudyApplication]) -> dict[int, Applicant]:
    """Engine facts keyed by application id; the key inside each is the application id as text."""
    rules = rules_of(announcement)
    employee_ids = [a.employee_id for a in applications]
    skp_years = max((r.params["years"] for r in rules.requirements if r.kind == "skp_years"), default=0)
    year = announcement.closes_on.year
    skp: dict[int, dict[int, str]] = {}
    for employee_id, skp_year, rating in SkpRecord.objects.filter(
        employee_id__in=employee_ids, year__gte=year - skp_years, year__lt=year
    ).values_list("employee_id", "year", "rating_id"):
        skp.setdefault(employee_id, {})[skp_year] = SKP_BY_SIASN_ID[rating]
    studying = set(
        StudyAssignment.objects.filter(employee_id__in=employee_ids, status=AssignmentStatus.RUNNING)
        .exclude(application__announcement=announcement)
        .values_list("employee_id", flat=True)
    )
    valid: dict[int, set[str]] = {}
    for subject_id, kind in Paper.objects.filter(
        subject_type=ContentType.objects.get_for_model(StudyApplication),
        subject_id__in=[a.pk for a in applications],
        status=PaperStatus.VALID,
    ).values_list("subject_id", "kind"):
        valid.setdefault(subject_id, set()).add(kind)
    rows = Employee.objects.filter(pk__in=employee_ids).values_list(
        "id", "employee_type", "birth_date", "tmt_cpns", "golongan__code", "education_level__rank",
        "position_kind_id", "functional_position__level", "functional_position__bup_age", "bup_override",
    )  # fmt: skip
    employees = {row[0]: row for row in rows}
    bups = bup_rules()
    result = {}
    for application in applications:
        (_pk, kind, birth, tmt_cpns, golongan, education_rank, position_kind, functional_level, functional_bup,
         override) = employees[application.employee_id]  # fmt: skip
        bup = facts.resolve_bup_age(
            kind_code=position_kind,
            functional_level=functional_level or "",
            functional_bup=functional_bup,
            override=override,
            rules=bups,
        )
        result[application.pk] = Applicant(
            key=str(application.pk), name=application.employee.full_name, birth_date=birth,
            is_pns=kind == EmployeeType.PNS, tmt_cpns=tmt_cpns, golongan=golongan,
            education=EDUCATION_BY_RANK.get(education_rank) if education_rank else None,
            skp_by_year=skp.get(application.employee_id, {}), bup=bup or FALLBACK_BUP, level=application.level,
            accreditation=application.accreditation or None, starts_on=announcement.study_starts_on,
            duration_months=application.duration_months,
            flags={"tidak_hukuman_disiplin": application.no_discipline,
                   "tidak_sedang_tugas_belajar": application.employee_id not in studying},
            missing_documents=tuple(d.name for d in rules.documents if d.code not in valid.get(application.pk, set())),
            scores={"akademik": application.academic_score, "wawancara": application.interview_score},
        )  # fmt: skip
    return result
