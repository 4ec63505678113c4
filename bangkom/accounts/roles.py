"""Roles are Django groups; this table is the one place that says what each role may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REFERENCE_MODELS = (
    "golongan",
    "eselon",
    "positionkind",
    "functionalposition",
    "buprule",
    "educationlevel",
    "skprating",
    "trainingkind",
    "structuraltraininglevel",
    "englishtestkind",
    "legalstatus",
    "jpnorm",
    "unit",
)
HISTORY_MODELS = (
    "rankhistory",
    "positionhistory",
    "educationhistory",
    "skprecord",
    "englishtest",
    "trainingrecord",
    "employeedocument",
)


def _people(action: str, models: tuple[str, ...]) -> list[str]:
    return [f"people.{action}_{model}" for model in models]


@dataclass(frozen=True)
class Role:
    code: str
    name: Promise
    permissions: tuple[str, ...]
    is_staff: bool = False


EDIT_EMPLOYEES = (
    "people.view_employee",
    "people.add_employee",
    "people.change_employee",
    *_people("add", HISTORY_MODELS),
    *_people("view", HISTORY_MODELS),
)
READ_EMPLOYEES = ("people.view_employee", *_people("view", HISTORY_MODELS))

DOCUMENTS_VIEW = ("documents.view_document",)
PLANNING_REFERENCE = ("competency", "competencystandard", "requiredcompetency", "coststandard")
PLANNING_VIEW = ("planning.view_planningcycle", "planning.view_jp_report")
WORKFLOW = ("workflow.send_disposition", "workflow.view_all_dispositions")
SERVICES_VIEW = ("services.view_servicerequest",)
# Nobody checks or signs their own draft (services.py): BKPSDM drafts, the TSPDI's secretariat
# initials (paraf), the leadership signs.
ADMIN = Role(
    "admin",
    _("Administrator BKPSDM"),
    (
        "people.view_all_employees",
        "people.import_employees",
        "people.export_employees",
        *EDIT_EMPLOYEES,
        *[p for action in ("view", "add", "change", "delete") for p in _people(action, REFERENCE_MODELS)],
        "core.view_job",
        "core.view_dataaccess",
        "core.view_recordproblem",
        *[f"core.{action}_calendarday" for action in ("view", "add", "change", "delete")],
        "selection.view_selectionround",
        "selection.manage_selection",
        *DOCUMENTS_VIEW,
        "documents.draft_document",
        "documents.record_signed_paper",
        "documents.manage_templates",
        "dispatch.view_dispatch",
        "dispatch.manage_dispatch",
        *PLANNING_VIEW,
        "planning.manage_planning",
        "planning.add_competencylevel",
        "training.review_program",
        "studies.manage_studies",
        *WORKFLOW,
        *SERVICES_VIEW,
        "services.manage_requests",
        "services.run_assessment",
        "services.handle_complaints",
        "services.answer_complaint",
        *[f"services.{action}_service" for action in ("view", "change")],
        "accounts.unlock_login",
        "accounts.reset_password",
        "accounts.open_employee_accounts",
        "api.manage_apiclients",
        "siasn.send_to_siasn",
        "selfservice.verify_learning_report",
        "selfservice.decide_correction",
        "selfservice.view_recognitionrule",
        "selfservice.change_recognitionrule",
        "documents.view_numbersequence",
        "documents.add_numbersequence",
        "documents.change_numbersequence",
        *[
            f"documents.{action}_{model}"
            for action in ("view", "add", "change")
            for model in ("signingpost", "postholder", "legalbasis", "letterhead")
        ],
        *[f"selection.{action}_englishequivalence" for action in ("view", "add", "change", "delete")],
        *[f"people.{action}_post" for action in ("view", "add", "change")],  # the job map
        *[
            f"planning.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in PLANNING_REFERENCE
        ],
    ),
    is_staff=True,
)
VIEW_ROUNDS = ("selection.view_selectionround",)

OPERATOR = Role(
    "operator",
    _("Operator OPD"),
    (
        "people.view_unit_employees", "people.export_employees", *EDIT_EMPLOYEES,
        *VIEW_ROUNDS, "selection.propose_candidate", *PLANNING_VIEW, "planning.plan_unit",
        "planning.add_competencylevel", "training.propose_program",
        "studies.propose_studies", "services.answer_complaint", "accounts.open_employee_accounts",
        "selfservice.verify_learning_report", "selfservice.decide_correction",
    ),
)  # fmt: skip
ASSESSOR = Role("penilai", _("Penilai"), ("people.view_all_employees", *READ_EMPLOYEES, "selection.assess_candidates"))
TSPDI = Role(
    "tspdi",
    _("Anggota TSPDI"),
    (
        "people.view_all_employees",
        "people.export_employees",
        *READ_EMPLOYEES,
        *VIEW_ROUNDS,
        *DOCUMENTS_VIEW,
        "documents.check_document",
        "dispatch.view_dispatch",
    ),
)
LEADER = Role(
    "pimpinan",
    _("Pimpinan"),
    (
        "people.view_all_employees", "people.export_employees", *READ_EMPLOYEES, *VIEW_ROUNDS, *DOCUMENTS_VIEW,
        "documents.check_document", "documents.sign_document", "dispatch.view_dispatch", *PLANNING_VIEW,
        "planning.approve_plan", "training.issue_certificate", "studies.view_studies", *WORKFLOW, *SERVICES_VIEW,
        "services.view_assessment", "services.view_complaints",
    ),
)  # fmt: skip
# The head of the competency development division (Kabid): orders the staff, initials their letters,
# runs the JPT assessment with them and answers complaints about the division's services.
DIVISION_HEAD = Role(
    "kabid",
    _("Kepala Bidang Pengembangan Kompetensi"),
    (
        "people.view_all_employees", *READ_EMPLOYEES, *DOCUMENTS_VIEW, "documents.check_document", *WORKFLOW,
        *SERVICES_VIEW, "services.manage_requests", "services.run_assessment", "services.answer_complaint",
        "services.handle_complaints",
    ),
)  # fmt: skip
# Subbagian Umum dan Kepegawaian: the agency's mail desk, passes letters up to the head and out again,
# and takes complaints at the counter.
GENERAL_AFFAIRS = Role(
    "umum",
    _("Subbagian Umum dan Kepegawaian"),
    (
        *DOCUMENTS_VIEW,
        "workflow.send_disposition",
        *SERVICES_VIEW,
        "services.view_assessment",
        "services.handle_complaints",
    ),
)
EMPLOYEE = Role("pegawai", _("Pegawai"), READ_EMPLOYEES)

ROLES: tuple[Role, ...] = (ADMIN, OPERATOR, ASSESSOR, TSPDI, LEADER, EMPLOYEE, DIVISION_HEAD, GENERAL_AFFAIRS)
# The roles of the agency's own offices, between which dispositions travel (Bangkalan's flow: the head,
# the head of division, the staff and general affairs).
OFFICE_ROLES: tuple[Role, ...] = (LEADER, DIVISION_HEAD, ADMIN, GENERAL_AFFAIRS)


def role_group_name(role: Role) -> str:
    # Group names are stable identifiers, independent of the display language.
    return str(role.code)
