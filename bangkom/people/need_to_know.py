"""Need to know for sensitive papers in the registry, as data.

A health letter or an individual assessment report is read only by the employee it is about, by the
person who uploaded it, and by the roles that decide on it in a flow the employee is in: a reader
rule names the permission of that decision and the employee's relation to the flow (a candidacy, a
JPT assessment, a study application). `assigned_to_reader` narrows it to the flows the reader is
assigned to (an assessor reads the reports of the candidates given to them, not of everyone).
Every other paper follows the registry's scope (`accounts.scope.employee_scope`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from bangkom.accounts.models import User

from .models import DocumentKind, Employee


@dataclass(frozen=True)
class FlowReader:
    permission: str
    flow: str  # a lookup from Employee; the employee must be in the flow
    reason: str
    assigned_to_reader: bool = False  # the lookup ends at a user, who must be the reader


SELECTION = FlowReader(
    "selection.manage_selection", "selection_candidacies", "Seleksi Diklatpim: BKPSDM memverifikasi berkas calon"
)
JPT = FlowReader(
    "services.run_assessment", "job_target_assessments", "Penilaian JPT Pratama: tim penilai memeriksa berkas peserta"
)
STUDY = FlowReader(
    "studies.manage_studies", "study_applications", "Tugas belajar: BKPSDM menilai syarat kesehatan pelamar"
)
ASSIGNED_ASSESSOR = FlowReader(
    "selection.assess_candidates",
    "selection_candidacies__assessments__assessor",
    "Seleksi Diklatpim: penilai menilai calon yang ditugaskan kepadanya",
    assigned_to_reader=True,
)

SENSITIVE_PAPERS: dict[str, tuple[FlowReader, ...]] = {
    DocumentKind.HEALTH: (SELECTION, JPT, STUDY),
    DocumentKind.ASSESSMENT_REPORT: (SELECTION, JPT, ASSIGNED_ASSESSOR),
}


def _in_flow(rule: FlowReader, user: User) -> Q:
    lookup: dict[str, object] = {rule.flow: user} if rule.assigned_to_reader else {f"{rule.flow}__isnull": False}
    return Q(employee__in=Employee.objects.filter(**lookup).values("pk"))


def paper_filter(user: User) -> Q:
    """A filter on EmployeeDocument: the papers the user may read, on top of the registry scope."""
    if user.is_superuser:
        return Q()
    allowed = ~Q(kind__in=list(SENSITIVE_PAPERS)) | Q(uploaded_by=user)
    if user.employee_id:
        allowed |= Q(employee_id=user.employee_id)
    for kind, rules in SENSITIVE_PAPERS.items():
        for rule in rules:
            if user.has_perm(rule.permission):
                allowed |= Q(kind=kind) & _in_flow(rule, user)
    return allowed
