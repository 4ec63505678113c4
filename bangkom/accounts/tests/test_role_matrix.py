"""Every URL walked as every role: who may open what, and who gets 403/404 (out of scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.api.services import client_create
from bangkom.api.tests.test_api import API_MATRIX
from bangkom.core.jobs import job_work_run
from bangkom.core.services import job_create
from bangkom.desk import services as service_services
from bangkom.desk.models import Service
from bangkom.desk.tests import flow as service_flow
from bangkom.dispatch.services import dispatch_open
from bangkom.documents.services import document_generate
from bangkom.people.jobs import employee_export_queue
from bangkom.people.models import TrainingKind, TrainingRecord
from bangkom.people.selectors import EmployeeFilter
from bangkom.people.services import document_add, history_add
from bangkom.planning.models import Competency
from bangkom.planning.services import cycle_open, item_add
from bangkom.selection.models import SessionDecision
from bangkom.selection.services import (
    assessor_assign,
    candidate_add,
    checklist_refresh,
    member_add,
    round_move,
    round_open,
    session_record,
    team_create,
)
from bangkom.siasn.models import SiasnSubmission
from bangkom.studies import services as study_services
from bangkom.studies.models import StudyAssignment
from bangkom.studies.tests import flow as study_flow
from bangkom.training import services as training_services
from bangkom.training.tests import flow as training_flow
from bangkom.training.tests.flow import cost_standard, proposal
from bangkom.workflow.services import disposition_send
from conftest import SAMPLE_PDF, operator_of

ROLES = ("admin", "operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody")
YEAR = timezone.localdate().year + 2  # far enough ahead for a proposal sent today
PDF = SAMPLE_PDF

# url name -> expected status per role, in the order of ROLES.
MATRIX: dict[str, tuple[int, ...]] = {
    "dashboard": (200, 200, 200, 200, 200, 302, 200, 200, 200),
    "selfservice_home": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "people_functional_positions": (200, 200, 200, 200, 200, 200, 200, 200, 200),  # SIASN's public reference list
    "core_waiting": (200, 200, 200, 200, 200, 200, 200, 200, 200),  # each sees only what waits on them
    "core_waiting_count": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "selfservice_report_new": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_report": (200, 200, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_report_edit": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_report_withdraw": (302, 302, 404, 404, 404, 302, 404, 404, 404),
    "selfservice_report_file": (200, 200, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_certificate": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_queue": (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "selfservice_correction_new": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_competency": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_programs": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_letter": (
        404,
        404,
        404,
        404,
        404,
        404,
        404,
        404,
        404,
    ),  # no letter names anyone here (see test_letters)
    "selfservice_interest_register": (404, 404, 404, 404, 404, 404, 404, 404, 404),  # a draft program: not open
    "selfservice_interest_withdraw": (404, 404, 404, 404, 404, 302, 404, 404, 404),
    "selfservice_interest_decide": (404, 302, 404, 404, 404, 404, 404, 404, 404),
    "notifications": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api_clients": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "api_client_revoke": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "siasn_submissions": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "siasn_queue": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "siasn_resend": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "siasn_export": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "siasn_employee_fetch": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "notification_open": (404, 404, 404, 404, 404, 302, 404, 404, 404),
    "notifications_read_all": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "selfservice_correction": (200, 200, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_correction_withdraw": (302, 302, 404, 404, 404, 302, 404, 404, 404),
    "selfservice_correction_file": (200, 200, 404, 404, 404, 200, 404, 404, 404),
    "password_change": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_change_done": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_users": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "account_password": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "account_unlock": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "account_two_factor_reset": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "employee_accounts": (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "employee_accounts_open": (302, 302, 403, 403, 403, 403, 403, 403, 403),
    "employee_account_renew": (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "two_factor_setup": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "two_factor_verify": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "list": (200, 200, 200, 200, 200, 403, 200, 403, 403),
    "list_filtered": (200, 200, 200, 200, 200, 403, 200, 403, 403),
    "export": (302, 302, 403, 302, 302, 403, 403, 403, 403),
    "create": (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "import": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "detail_teacher": (200, 200, 200, 200, 200, 200, 200, 404, 404),
    "detail_nurse": (200, 404, 200, 200, 200, 404, 200, 404, 404),
    "audit_teacher": (200, 200, 200, 200, 200, 200, 200, 404, 404),
    "audit_nurse": (200, 404, 200, 200, 200, 404, 200, 404, 404),
    "edit_teacher": (200, 200, 403, 403, 403, 403, 403, 404, 404),
    "edit_nurse": (200, 404, 403, 403, 403, 404, 403, 404, 404),
    "history_teacher": (200, 200, 403, 403, 403, 403, 403, 404, 404),
    "history_nurse": (200, 404, 403, 403, 403, 404, 403, 404, 404),
    "document_add_teacher": (200, 200, 403, 403, 403, 403, 403, 404, 404),
    "document_teacher": (200, 200, 200, 200, 200, 200, 200, 404, 404),
    "document_nurse": (200, 404, 200, 200, 200, 404, 200, 404, 404),
    "job": (200, 404, 404, 404, 404, 404, 404, 404, 404),
    "job_retry": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "job_cancel": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "job_download": (200, 404, 404, 404, 404, 404, 404, 404, 404),  # the export's owner only
    "admin": (200, 302, 302, 302, 302, 302, 302, 302, 302),
    "rounds": (200, 200, 403, 200, 200, 403, 403, 403, 403),
    "round_open": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "round_detail": (200, 200, 403, 200, 200, 403, 403, 403, 403),
    "round_inventory": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "round_screen": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "round_move": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "candidate_add": (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "candidate_exclude": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "candidates_exclude": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "papers_accept": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "target_posts": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "candidate_facts": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "assessor_assign": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "round_documents": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "what_if": (200, 403, 403, 200, 200, 403, 403, 403, 403),
    "document_verify": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "assessments": (403, 403, 200, 403, 403, 403, 403, 403, 403),
    "assessment": (403, 403, 200, 403, 403, 403, 403, 403, 403),
    "tabulation": (302, 403, 403, 302, 302, 403, 403, 403, 403),
    "tabulation_document": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "teams": (200, 200, 403, 200, 200, 403, 403, 403, 403),
    "team": (200, 200, 403, 200, 200, 403, 403, 403, 403),
    "session_record": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "session": (200, 200, 403, 200, 200, 403, 403, 403, 403),
    "session_minutes": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "session_decisions": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "session_decisions_bulk": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "session_document": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "documents": (200, 403, 403, 200, 200, 403, 200, 200, 403),
    # General affairs does not follow selection and is not in the advice's signing chain (need to know).
    "document": (200, 403, 403, 200, 200, 403, 200, 404, 403),
    "document_pdf": (200, 403, 403, 200, 200, 403, 200, 404, 403),
    "document_check": (403, 403, 403, 302, 302, 403, 302, 403, 403),
    "document_return": (403, 403, 403, 302, 302, 403, 302, 403, 403),
    "document_sign": (403, 403, 403, 403, 302, 403, 403, 403, 403),
    "document_withdraw": (403, 403, 403, 403, 302, 403, 403, 403, 403),
    "document_redraft": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    # Corrections by the drafting staff (an empty form is refused on the page: 302 back to it).
    "document_correct": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "document_correction_upload": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "document_editable": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "document_version": (200, 403, 403, 200, 200, 403, 200, 404, 403),
    "document_record_paper": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    # The advice was not signed on paper: no scan to serve, to anyone who may read it.
    "document_paper_scan": (404, 403, 403, 404, 404, 403, 404, 404, 403),
    "templates": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "template_upload": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "template_download": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "dispatches": (200, 403, 403, 200, 200, 403, 403, 403, 403),
    "dispatch_open": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "dispatch": (200, 403, 403, 200, 200, 403, 403, 403, 403),
    "dispatch_move": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "dispatch_result": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "dispatch_monitoring": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "dispatch_documents": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "dispatch_report": (200, 403, 403, 200, 200, 403, 403, 403, 403),
    "planning": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_open": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_cycle": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_consolidate": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_cancel": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_approve": (403, 403, 403, 403, 302, 403, 403, 403, 403),
    "planning_return": (403, 403, 403, 403, 302, 403, 403, 403, 403),
    "planning_evaluate": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_plan_xlsx": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_evaluation": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_evaluation_xlsx": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_unit_plan": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_unit_plan_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "planning_employee": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_employee_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "planning_level": (302, 302, 403, 403, 403, 403, 403, 403, 403),
    "planning_item_edit": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "planning_item_edit_other": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "planning_item_verify": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_realisation": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "planning_item_remove": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "planning_submit": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "planning_verify": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_reopen": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_report": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "planning_report_return": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "planning_jp": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "planning_jp_xlsx": (302, 302, 403, 403, 302, 403, 403, 403, 403),
    "training_list": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "training_create": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "training_detail": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "training_detail_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "training_edit": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "training_edit_other": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "training_detail_add": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_detail_remove": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_material_upload": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_material": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "training_material_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "training_submit": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_allow_late": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_review": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_discussion": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_discussion_fix": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_return": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_recommend": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_decree": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_participants": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_participants_round": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_participant_remove": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_session": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_attendance": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "training_start": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_results": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "training_finish": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_supervision": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_supervision_clear": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_report": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "training_report_return": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "training_issue": (403, 403, 403, 403, 302, 403, 403, 403, 403),
    "training_certificates": (302, 302, 403, 403, 302, 403, 403, 403, 403),
    "training_certificate": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "training_revoke": (403, 403, 403, 403, 200, 403, 403, 403, 403),
    "studies_list": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_announcement_create": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_announcement": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_announcement_draft": (200, 404, 403, 403, 404, 403, 403, 403, 403),
    "studies_announcement_edit": (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_quota": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_quota_remove": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_reopen": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_step": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_application_create": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "studies_application": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_application_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "studies_application_edit": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "studies_application_edit_other": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "studies_application_submit": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "studies_application_return": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_application_unit_decide": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    # A civil servant's own application pages: only the employee it is about (the pegawai is the teacher).
    "selfservice_study_apply": (404, 404, 404, 404, 404, 302, 404, 404, 404),  # already proposed: to it
    "selfservice_study_application": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "selfservice_study_application_edit": (404, 404, 404, 404, 404, 404, 404, 404, 404),  # the unit's, not hers
    "selfservice_study_application_send": (404, 404, 404, 404, 404, 302, 404, 404, 404),
    "selfservice_study_paper_upload": (404, 404, 404, 404, 404, 302, 404, 404, 404),
    "selfservice_study_paper": (404, 404, 404, 404, 404, 200, 404, 404, 404),
    "studies_scores": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_paper_upload": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "studies_paper": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_paper_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "studies_paper_verify": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_assignment": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_assignment_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "studies_assignment_step": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas_list": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_overseas_create": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas": (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "studies_overseas_other": (200, 404, 403, 403, 200, 403, 403, 403, 403),
    "studies_overseas_edit": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas_submit": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas_return": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas_decide": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas_report": (403, 302, 403, 403, 403, 403, 403, 403, 403),
    "studies_overseas_report_decide": (302, 403, 403, 403, 403, 403, 403, 403, 403),
    # kabid: the head of division; umum: general affairs (the mail and complaint desk).
    "services_requests": (200, 403, 403, 403, 200, 403, 200, 200, 403),
    "services_request_open": (200, 403, 403, 403, 403, 403, 200, 403, 403),
    "services_request": (200, 403, 403, 403, 200, 403, 200, 200, 403),
    "services_request_step": (302, 403, 403, 403, 302, 403, 302, 302, 403),
    "services_assessments": (200, 403, 403, 403, 200, 403, 200, 200, 403),
    "services_assessment_open": (200, 403, 403, 403, 403, 403, 200, 403, 403),
    "services_my_assessments": (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "services_assessment": (200, 403, 403, 403, 200, 403, 200, 200, 403),
    "services_assessment_step": (302, 403, 403, 403, 403, 403, 302, 403, 403),
    "services_participant_step": (302, 403, 403, 403, 403, 403, 302, 403, 403),
    "services_paper_step": (302, 404, 404, 404, 302, 404, 302, 302, 404),
    "services_complaints": (200, 200, 403, 403, 200, 403, 200, 200, 403),
    "services_complaint_enter": (200, 403, 403, 403, 403, 403, 200, 200, 403),
    "services_complaint": (200, 200, 403, 403, 200, 403, 200, 200, 403),
    "services_complaint_other": (200, 404, 403, 403, 200, 403, 200, 200, 403),
    "services_complaint_step": (302, 302, 403, 403, 302, 403, 302, 302, 403),
    "workflow_inbox": (200, 403, 403, 403, 200, 403, 200, 200, 403),
    "workflow_detail": (200, 404, 404, 404, 200, 404, 200, 404, 404),
    "workflow_step": (302, 404, 404, 404, 302, 404, 302, 404, 404),
}
POST_ONLY = {
    "api_client_revoke", "siasn_queue", "siasn_resend", "siasn_employee_fetch",
    "account_unlock", "account_two_factor_reset", "employee_accounts_open", "selfservice_report_withdraw",
    "selfservice_correction_withdraw", "notifications_read_all", "selfservice_interest_register",
    "selfservice_interest_withdraw", "selfservice_interest_decide", "studies_application_unit_decide",
    "selfservice_study_application_send", "selfservice_study_paper_upload", "employee_account_renew", "job_retry", "job_cancel", "export", "planning_jp_xlsx", "tabulation", "training_certificates",
    "round_inventory", "round_screen", "round_move", "candidate_exclude", "candidates_exclude", "papers_accept", "assessor_assign", "round_documents",
    "document_verify", "tabulation_document", "session_record", "session_minutes", "session_decisions",
    "session_decisions_bulk",
    "session_document", "document_check", "document_return", "document_sign", "document_withdraw", "document_redraft", "document_correct",
    "document_correction_upload", "document_record_paper", "dispatch_move",
    "dispatch_result", "dispatch_monitoring", "dispatch_documents", "planning_consolidate", "planning_cancel",
    "planning_approve", "training_discussion_fix", "training_supervision_clear",
    "planning_return", "planning_evaluate", "planning_level", "planning_item_verify", "planning_item_remove",
    "planning_submit", "planning_verify", "planning_reopen", "planning_report", "planning_report_return",
    "training_detail_add", "training_detail_remove", "training_material_upload", "training_submit",
    "training_allow_late", "training_review", "training_discussion", "training_return", "training_recommend",
    "training_decree", "training_participants", "training_participants_round", "training_participant_remove",
    "training_session", "training_start", "training_finish", "training_report", "training_report_return",
    "training_issue", "studies_quota", "studies_quota_remove", "studies_reopen", "studies_step",
    "studies_application_submit", "studies_application_return", "studies_scores", "studies_paper_upload",
    "studies_paper_verify", "studies_assignment_step", "studies_overseas_submit", "studies_overseas_return",
    "studies_overseas_decide", "studies_overseas_report", "studies_overseas_report_decide", "services_request_step",
    "services_assessment_step", "services_participant_step", "services_paper_step", "services_complaint_step",
    "workflow_step",
}  # fmt: skip


@pytest.fixture
def urls(users, people, tree) -> dict[str, str]:
    teacher_doc = document_add(
        actor=users["admin"],
        employee=people.teacher,
        kind="spmt",
        upload=SimpleUploadedFile("spmt.pdf", PDF, content_type="application/pdf"),
    )
    nurse_doc = document_add(
        actor=users["admin"],
        employee=people.nurse,
        kind="spmt",
        upload=SimpleUploadedFile("spmt.pdf", PDF, content_type="application/pdf"),
        valid_until=dt.date(2030, 1, 1),
    )
    job = job_create(actor=users["admin"], kind="people.import", input_name="x.csv")
    export = employee_export_queue(actor=users["admin"], filters=EmployeeFilter())
    job_work_run(export)
    selection_round = round_open(
        actor=users["admin"],
        name="Seleksi uji",
        level="II",
        ruleset_id="bima-2018",
        as_of=dt.date(2026, 11, 23),
        quota=3,
    )
    candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=people.head, reason="uji")
    assessment = assessor_assign(actor=users["admin"], candidate=candidate, assessor=users["penilai"])
    checklist_refresh(actor=users["admin"], selection_round=selection_round)
    check = candidate.document_checks.get(kind="sk_pangkat")
    r, c = selection_round.pk, candidate.pk
    team = team_create(
        actor=users["admin"], name="TSPDI 2026", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    chair = member_add(actor=users["admin"], team=team, employee=people.head, position="Sekda", role="ketua")
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=dt.date(2026, 11, 20),
        agenda="Penetapan",
        attendees=[chair],
    )
    advice = document_generate(actor=users["admin"], kind="saran_tspdi", subject=session)
    # A participant decided directly: the decision rules are tested in the selection tests.
    SessionDecision.objects.create(session=session, candidate=candidate, decision="ditetapkan_peserta")
    for status in ("penjaringan", "seleksi_administrasi", "ditutup"):
        round_move(actor=users["admin"], selection_round=selection_round, to=status)
    closed = round_open(
        actor=users["admin"],
        name="Seleksi lain",
        level="II",
        ruleset_id="bima-2018",
        as_of=dt.date(2026, 11, 23),
        quota=1,
    )
    dispatch = dispatch_open(
        actor=users["admin"],
        selection_round=selection_round,
        institution="PPSDM",
        accreditation="A",
        training_name="PKN Tingkat II",
        requested_on=dt.date(2026, 11, 23),
    )
    participant = dispatch.participants.get()
    cycle = cycle_open(
        actor=users["admin"],
        year=timezone.localdate().year + 1,
        needs_due=timezone.localdate(),
        verification_due=timezone.localdate(),
        report_due=timezone.localdate(),
    )
    own_plan, other_plan = cycle.unit_plans.get(unit__code="DISDIK"), cycle.unit_plans.get(unit__code="DINKES")
    item, spare, other_item = (
        item_add(
            actor=operator_of(plan.unit), unit_plan=plan, employee=person, competency=Competency.objects.get(pk="11"),
            path="pelatihan", kind=TrainingKind.objects.get(pk=3), title=title, jp=10, estimated_cost=Decimal(0),
            quarter=1, provider="BPSDM",
        )
        for plan, person, title in ((own_plan, people.head, "A"), (own_plan, people.head, "B"),
                                    (other_plan, people.nurse, "C"))
    )  # fmt: skip
    t, n = people.teacher.nip, people.nurse.nip
    cost_standard(YEAR)
    draft = proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1))
    other = proposal(operator_of(tree.dinkes), tree.dinkes, dt.date(YEAR, 12, 1))
    done = proposal(users["operator"], tree.disdik, dt.date(YEAR, 12, 1))
    first = training_flow.running(done, users, [people.teacher.nip], today=timezone.localdate())
    training_flow.finished(done, users, {people.teacher.nip: Decimal(90)})
    certificate = training_services.certificates_issue(actor=users["pimpinan"], program=done, kind="sttp")[0]
    d, o, f = draft.pk, other.pk, done.pk
    study = (
        _study_urls(users, people)
        | _service_urls(users, people, tree)
        | _api_urls(users, tree, people)
        | _selfservice_urls(users, certificate.pk, draft)
    )
    return study | {
        "dashboard": reverse("core:dashboard"),
        "password_change": reverse("accounts:password-change"),
        "password_change_done": reverse("accounts:password-change-done"),
        "account_users": reverse("accounts:users"),
        "account_password": reverse("accounts:user-password", args=[users["pegawai"].pk]),
        "account_unlock": reverse("accounts:user-unlock", args=[users["pegawai"].pk]),
        "account_two_factor_reset": reverse("accounts:user-two-factor-reset", args=[users["pegawai"].pk]),
        "employee_accounts": reverse("accounts:employee-accounts"),
        "employee_accounts_open": reverse("accounts:employee-accounts-open"),
        "employee_account_renew": reverse("accounts:employee-account-renew", args=[people.teacher.pk]),
        "two_factor_setup": reverse("accounts:two-factor-setup"),
        "two_factor_verify": reverse("accounts:two-factor-verify"),
        "list": reverse("people:list"),
        "list_filtered": reverse("people:list") + "?q=Siti&golongan=32&sort=-name",
        "export": reverse("people:export"),
        "create": reverse("people:create"),
        "import": reverse("people:import"),
        "detail_teacher": reverse("people:detail", args=[t]),
        "detail_nurse": reverse("people:detail", args=[n]),
        "audit_teacher": reverse("people:audit", args=[t]),
        "audit_nurse": reverse("people:audit", args=[n]),
        "edit_teacher": reverse("people:edit", args=[t]),
        "edit_nurse": reverse("people:edit", args=[n]),
        "history_teacher": reverse("people:history-add", args=[t, "pangkat"]),
        "history_nurse": reverse("people:history-add", args=[n, "diklat"]),
        "document_add_teacher": reverse("people:document-add", args=[t]),
        "document_teacher": reverse("people:document", args=[t, teacher_doc.pk]),
        "document_nurse": reverse("people:document", args=[n, nurse_doc.pk]),
        "job": reverse("core:job", args=[job.pk]),
        "job_retry": reverse("core:job-retry", args=[job.pk]),
        "job_cancel": reverse("core:job-cancel", args=[job.pk]),
        "job_download": reverse("core:job-download", args=[export.pk]),
        "admin": reverse("admin:index"),
        "rounds": reverse("selection:list"),
        "round_open": reverse("selection:open"),
        "round_detail": reverse("selection:detail", args=[r]),
        "round_inventory": reverse("selection:inventory", args=[r]),
        "round_screen": reverse("selection:screen", args=[r]),
        "round_move": reverse("selection:move", args=[r]),
        "candidate_add": reverse("selection:candidate-add", args=[r]),
        "candidate_exclude": reverse("selection:candidate-exclude", args=[r, c]),
        "candidates_exclude": reverse("selection:candidates-exclude", args=[r]),
        "papers_accept": reverse("selection:papers-accept", args=[r]),
        "target_posts": reverse("selection:target-posts", args=[r]),
        "candidate_facts": reverse("selection:candidate-facts", args=[r, c]),
        "assessor_assign": reverse("selection:assessor-assign", args=[r, c]),
        "assessments": reverse("selection:assessments"),
        "assessment": reverse("selection:assessment", args=[assessment.pk]),
        "round_documents": reverse("selection:documents", args=[r]),
        "what_if": reverse("selection:what-if", args=[r]),
        "document_verify": reverse("selection:document-verify", args=[r, c, check.pk]),
        "tabulation": reverse("selection:tabulation", args=[r]),
        "tabulation_document": reverse("selection:tabulation-document", args=[r]),
        "teams": reverse("selection:teams"),
        "team": reverse("selection:team", args=[team.pk]),
        "session_record": reverse("selection:session-record", args=[team.pk]),
        "session": reverse("selection:session", args=[session.pk]),
        "session_minutes": reverse("selection:session-minutes", args=[session.pk]),
        "session_decisions": reverse("selection:session-decisions", args=[session.pk]),
        "session_decisions_bulk": reverse("selection:session-decisions-bulk", args=[session.pk]),
        "session_document": reverse("selection:session-document", args=[session.pk, "berita_acara_tspdi"]),
        "documents": reverse("documents:list"),
        "document": reverse("documents:detail", args=[advice.pk]),
        "document_pdf": reverse("documents:download", args=[advice.pk, "pdf"]),
        "document_check": reverse("documents:check", args=[advice.pk]),
        "document_return": reverse("documents:return", args=[advice.pk]),
        "document_sign": reverse("documents:sign", args=[advice.pk]),
        "document_withdraw": reverse("documents:withdraw", args=[advice.pk]),
        "document_redraft": reverse("documents:redraft", args=[advice.pk]),
        "document_correct": reverse("documents:correct", args=[advice.pk]),
        "document_correction_upload": reverse("documents:correction-upload", args=[advice.pk]),
        "document_editable": reverse("documents:editable", args=[advice.pk]),
        "document_version": reverse("documents:version-download", args=[advice.pk, 1, "pdf"]),
        "document_record_paper": reverse("documents:record-paper", args=[advice.pk]),
        "document_paper_scan": reverse("documents:paper-scan", args=[advice.pk]),
        "templates": reverse("documents:templates"),
        "template_upload": reverse("documents:template-upload", args=["saran_tspdi"]),
        "template_download": reverse("documents:template-download", args=["saran_tspdi"]),
        "dispatches": reverse("dispatch:list"),
        "dispatch_open": reverse("dispatch:open", args=[closed.pk]),
        "dispatch": reverse("dispatch:detail", args=[dispatch.pk]),
        "dispatch_move": reverse("dispatch:move", args=[dispatch.pk]),
        "dispatch_result": reverse("dispatch:result", args=[dispatch.pk, participant.pk]),
        "dispatch_monitoring": reverse("dispatch:monitoring", args=[dispatch.pk]),
        "dispatch_documents": reverse("dispatch:documents", args=[dispatch.pk, "surat_perintah_tugas"]),
        "dispatch_report": reverse("dispatch:report", args=[dispatch.pk]),
        "planning": reverse("planning:list"),
        "planning_open": reverse("planning:open"),
        "planning_cycle": reverse("planning:cycle", args=[cycle.pk]),
        "planning_consolidate": reverse("planning:consolidate", args=[cycle.pk]),
        "planning_cancel": reverse("planning:cancel", args=[cycle.pk]),
        "planning_approve": reverse("planning:approve", args=[cycle.pk]),
        "planning_return": reverse("planning:return", args=[cycle.pk]),
        "planning_evaluate": reverse("planning:evaluate", args=[cycle.pk]),
        "planning_plan_xlsx": reverse("planning:plan-xlsx", args=[cycle.pk]),
        "planning_evaluation": reverse("planning:evaluation", args=[cycle.pk]),
        "planning_evaluation_xlsx": reverse("planning:evaluation-xlsx", args=[cycle.pk]),
        "planning_unit_plan": reverse("planning:unit-plan", args=[own_plan.pk]),
        "planning_unit_plan_other": reverse("planning:unit-plan", args=[other_plan.pk]),
        "planning_employee": reverse("planning:employee", args=[own_plan.pk, people.head.nip]),
        "planning_employee_other": reverse("planning:employee", args=[other_plan.pk, n]),
        "planning_level": reverse("planning:level", args=[own_plan.pk, people.head.nip]),
        "planning_item_edit": reverse("planning:item-edit", args=[item.pk]),
        "planning_item_edit_other": reverse("planning:item-edit", args=[other_item.pk]),
        "planning_item_verify": reverse("planning:item-verify", args=[item.pk]),
        "planning_realisation": reverse("planning:realisation", args=[item.pk]),
        "planning_item_remove": reverse("planning:item-remove", args=[spare.pk]),
        "planning_submit": reverse("planning:submit", args=[own_plan.pk]),
        "planning_verify": reverse("planning:verify", args=[own_plan.pk]),
        "planning_reopen": reverse("planning:reopen", args=[own_plan.pk]),
        "planning_report": reverse("planning:report", args=[own_plan.pk]),
        "planning_report_return": reverse("planning:report-return", args=[own_plan.pk]),
        "planning_jp": reverse("planning:jp"),
        "planning_jp_xlsx": reverse("planning:jp-xlsx"),
        "training_list": reverse("training:list"),
        "training_create": reverse("training:create"),
        "training_detail": reverse("training:detail", args=[f]),
        "training_detail_other": reverse("training:detail", args=[o]),
        "training_edit": reverse("training:edit", args=[d]),
        "training_edit_other": reverse("training:edit", args=[o]),
        "training_detail_add": reverse("training:detail-add", args=[d, "pengajar"]),
        "training_detail_remove": reverse(
            "training:detail-remove", args=[d, "anggaran", draft.budget_lines.first().pk]
        ),
        "training_material_upload": reverse("training:material-upload", args=[d]),
        "training_material": reverse("training:material", args=[d, draft.materials.first().pk]),
        "training_material_other": reverse("training:material", args=[o, other.materials.first().pk]),
        "training_submit": reverse("training:submit", args=[d]),
        "training_allow_late": reverse("training:allow-late", args=[d]),
        "training_review": reverse("training:review", args=[d]),
        "training_discussion": reverse("training:discussion", args=[d]),
        "training_return": reverse("training:return", args=[d]),
        "training_recommend": reverse("training:recommend", args=[d]),
        "training_decree": reverse("training:decree", args=[f]),
        "training_participants": reverse("training:participants", args=[f]),
        "training_participants_round": reverse("training:participants-round", args=[f]),
        "training_participant_remove": reverse("training:participant-remove", args=[f, done.participants.get().pk]),
        "training_session": reverse("training:session", args=[f]),
        "training_attendance": reverse("training:attendance", args=[f, first.pk]),
        "training_start": reverse("training:start", args=[f]),
        "training_results": reverse("training:results", args=[f]),
        "training_finish": reverse("training:finish", args=[f]),
        "training_supervision": reverse("training:supervision", args=[f, done.supervisions.first().pk]),
        "training_supervision_clear": reverse("training:supervision-clear", args=[f, done.supervisions.first().pk]),
        "training_discussion_fix": reverse("training:discussion-fix", args=[f, done.discussions.first().pk, "batal"]),
        "training_report": reverse("training:report", args=[f]),
        "training_report_return": reverse("training:report-return", args=[f]),
        "training_issue": reverse("training:issue", args=[f]),
        "training_certificates": reverse("training:certificates", args=[f, "sttp"]),
        "training_certificate": reverse("training:certificate", args=[f, certificate.pk]),
        "training_revoke": reverse("training:revoke", args=[f, certificate.pk]),
    }


def _api_urls(users, tree, people) -> dict[str, str]:  # type: ignore[no-untyped-def]
    lms = client_create(
        actor=users["admin"], name="LMS", access=["diklat:tulis"], unit=tree.disdik,
        valid_until=timezone.localdate() + dt.timedelta(days=30), rate_per_minute=60,
    ).client  # fmt: skip
    record = history_add(actor=None, row=TrainingRecord(
        employee=people.teacher, name="Bimtek", kind_id=8, start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 4), jp_hours=8,
    ))  # fmt: skip
    submission = SiasnSubmission.objects.create(training_record=record, history_kind="kursus", status="ditolak")
    return {
        "api_clients": reverse("api:clients"),
        "api_client_revoke": reverse("api:client-revoke", args=[lms.pk]),
        "siasn_submissions": reverse("siasn:submissions"),
        "siasn_queue": reverse("siasn:queue"),
        "siasn_resend": reverse("siasn:resend", args=[submission.pk]),
        "siasn_export": reverse("siasn:export") + "?year=2026",
        "siasn_employee_fetch": reverse("siasn:employee-fetch"),
    }


def _service_urls(users, people, tree) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A request, an assessment with the teacher as participant, two complaints (one passed to the
    teacher's school, one to Dinkes) and a disposition from the head to the head of division."""
    today = timezone.localdate()
    request = service_services.request_open(
        actor=users["admin"], service=Service.objects.get(code="seleksi-diklatpim"), title="Uji", received_on=today
    )
    assessment = service_flow.open_assessment(users["admin"])
    service_services.participants_add(actor=users["admin"], assessment=assessment, nips=[people.teacher.nip])
    participant = assessment.participants.get()
    paper = participant.papers.first()
    complaints = []
    for unit in (tree.school, tree.dinkes):
        complaint = service_services.complaint_enter(
            actor=users["admin"],
            service=None,
            channel="loket",
            name="Warga",
            contact="0812",
            subject="Uji",
            body="Uji pengaduan",
            received_on=today,
        )
        complaints.append(service_services.complaint_assign(actor=users["admin"], complaint=complaint, unit=unit))
    order = disposition_send(actor=users["pimpinan"], subject=request, to_role="kabid", instruction="Tindak lanjuti")
    return {
        "services_requests": reverse("desk:requests"),
        "services_request_open": reverse("desk:request-open"),
        "services_request": reverse("desk:request", args=[request.pk]),
        "services_request_step": reverse("desk:request-step", args=[request.pk, "langkah"]),
        "services_assessments": reverse("desk:assessments"),
        "services_assessment_open": reverse("desk:assessment-open"),
        "services_my_assessments": reverse("desk:my-assessments"),
        "services_assessment": reverse("desk:assessment", args=[assessment.pk]),
        "services_assessment_step": reverse("desk:assessment-step", args=[assessment.pk, "koordinasi"]),
        "services_participant_step": reverse("desk:participant-step", args=[participant.pk, "siasn"]),
        "services_paper_step": reverse("desk:paper-step", args=[participant.pk, paper.pk, "periksa"]),
        "services_complaints": reverse("desk:complaints"),
        "services_complaint_enter": reverse("desk:complaint-enter"),
        "services_complaint": reverse("desk:complaint", args=[complaints[0].pk]),
        "services_complaint_other": reverse("desk:complaint", args=[complaints[1].pk]),
        "services_complaint_step": reverse("desk:complaint-step", args=[complaints[0].pk, "jawab"]),
        "workflow_inbox": reverse("workflow:inbox"),
        "workflow_detail": reverse("workflow:detail", args=[order.pk]),
        "workflow_step": reverse("workflow:step", args=[order.pk, "selesai"]),
    }


def _selfservice_urls(users, certificate_id: int, draft) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from bangkom.selfservice import services as self_services
    from bangkom.selfservice.tests.flow import certificate, report

    waiting, returned = report(users["pegawai"]), report(users["pegawai"], name="Kursus daring")
    self_services.report_return(actor=users["operator"], report=returned, note="Halaman 2 sertifikat belum ada")
    correction = self_services.correction_request(
        actor=users["pegawai"],
        kind="pendidikan",
        reason="Ijazah S2 belum tercatat",
        upload=certificate(),
        data={"level": "45", "major": "Manajemen", "institution": "UNNES", "graduation_year": "2024"},
    )
    from bangkom.notifications.services import notify

    told = notify(recipients=[users["pegawai"]], message="Uji", link="/saya/")[0]
    from bangkom.selfservice.models import ProgramInterest

    # A request on a program still in draft: the operator's endorsement is refused with a message.
    interest = ProgramInterest.objects.create(
        employee=users["pegawai"].employee, program=draft, submitted_at=timezone.now()
    )
    return {
        "selfservice_programs": reverse("selfservice:programs"),
        "selfservice_letter": reverse("selfservice:letter", args=[draft.pk]),
        "selfservice_interest_register": reverse("selfservice:interest-register", args=[draft.pk]),
        "selfservice_interest_withdraw": reverse("selfservice:interest-withdraw", args=[interest.pk]),
        "selfservice_interest_decide": reverse("selfservice:interest-decide", args=[interest.pk]),
        "notifications": reverse("notifications:list"),
        "selfservice_competency": reverse("selfservice:competency"),
        "notification_open": reverse("notifications:open", args=[told.pk]),
        "notifications_read_all": reverse("notifications:read-all"),
        "selfservice_correction_new": reverse("selfservice:correction-new") + "?jenis=pendidikan",
        "selfservice_correction": reverse("selfservice:correction", args=[correction.pk]),
        "selfservice_correction_withdraw": reverse("selfservice:correction-withdraw", args=[correction.pk]),
        "selfservice_correction_file": reverse("selfservice:correction-file", args=[correction.pk]),
        "selfservice_home": reverse("selfservice:home"),
        "people_functional_positions": reverse("people:functional-positions") + "?q=guru",
        "core_waiting": reverse("core:waiting"),
        "core_waiting_count": reverse("core:waiting-count"),
        "selfservice_report_new": reverse("selfservice:report-new"),
        "selfservice_report": reverse("selfservice:report", args=[waiting.pk]),
        "selfservice_report_edit": reverse("selfservice:report-edit", args=[returned.pk]),
        "selfservice_report_withdraw": reverse("selfservice:report-withdraw", args=[waiting.pk]),
        "selfservice_report_file": reverse("selfservice:report-file", args=[waiting.pk]),
        "selfservice_certificate": reverse("selfservice:certificate", args=[certificate_id]),
        "selfservice_queue": reverse("selfservice:queue"),
    }


def _study_urls(users, people) -> dict[str, str]:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    opened = study_flow.announcement(users["admin"], today=today)
    draft = study_services.announcement_create(
        actor=users["admin"],
        rules_id=study_flow.RULES,
        title="Draf",
        year=today.year + 1,
        opens_on=today,
        closes_on=today + dt.timedelta(days=10),
        study_starts_on=today + dt.timedelta(days=100),
        description="",
    )
    quota = study_services.quota_set(actor=users["admin"], announcement=draft, level="S1", quota=2)
    own = study_flow.application(users["operator"], opened, people.teacher, today=today)
    other = study_flow.application(operator_of(people.nurse.unit), opened, people.nurse, today=today)
    own_paper, other_paper = (next(iter(study_services.papers_of(item).values())) for item in (own, other))
    # The assignment rows exist only so their pages can be walked; the flow is tested in the studies app.
    own_study, other_study = (
        StudyAssignment.objects.create(
            application=item,
            employee=item.employee,
            level="S2",
            institution="UI",
            study_program="MAP",
            starts_on=today,
            ends_on=today + dt.timedelta(days=700),
        )
        for item in (own, other)
    )
    abroad = study_flow.overseas(users["operator"], people.teacher, today=today)
    abroad_other = study_flow.overseas(operator_of(people.nurse.unit), people.nurse, today=today)
    a, p = opened.pk, own.pk
    return {
        "studies_list": reverse("studies:list"),
        "studies_announcement_create": reverse("studies:announcement-create"),
        "studies_announcement": reverse("studies:announcement", args=[a]),
        "studies_announcement_draft": reverse("studies:announcement", args=[draft.pk]),
        "studies_announcement_edit": reverse("studies:announcement-edit", args=[draft.pk]),
        "studies_quota": reverse("studies:announcement-step", args=[draft.pk, "kuota"]),
        "studies_quota_remove": reverse("studies:quota-remove", args=[draft.pk, quota.pk]),
        "studies_reopen": reverse("studies:announcement-step", args=[a, "buka-kembali"]),
        "studies_step": reverse("studies:announcement-step", args=[draft.pk, "buka"]),
        "studies_application_create": reverse("studies:application-create", args=[a]),
        "studies_application": reverse("studies:application", args=[p]),
        "studies_application_other": reverse("studies:application", args=[other.pk]),
        "studies_application_edit": reverse("studies:application-edit", args=[p]),
        "studies_application_edit_other": reverse("studies:application-edit", args=[other.pk]),
        "studies_application_submit": reverse("studies:application-submit", args=[p]),
        "studies_application_return": reverse("studies:application-return", args=[p]),
        "studies_application_unit_decide": reverse("studies:application-unit-decide", args=[p]),
        "selfservice_study_apply": reverse("selfservice:study-apply", args=[a]),
        "selfservice_study_application": reverse("selfservice:study-application", args=[p]),
        "selfservice_study_application_edit": reverse("selfservice:study-application-edit", args=[p]),
        "selfservice_study_application_send": reverse("selfservice:study-application-send", args=[p]),
        "selfservice_study_paper_upload": reverse("selfservice:study-paper-upload", args=[p]),
        "selfservice_study_paper": reverse("selfservice:study-paper", args=[own_paper.pk]),
        "studies_scores": reverse("studies:scores", args=[p]),
        "studies_paper_upload": reverse("studies:paper-upload", args=["usulan", p]),
        "studies_paper": reverse("studies:paper", args=[own_paper.pk]),
        "studies_paper_other": reverse("studies:paper", args=[other_paper.pk]),
        "studies_paper_verify": reverse("studies:paper-verify", args=[own_paper.pk]),
        "studies_assignment": reverse("studies:assignment", args=[own_study.pk]),
        "studies_assignment_other": reverse("studies:assignment", args=[other_study.pk]),
        "studies_assignment_step": reverse("studies:assignment-step", args=[own_study.pk, "kemajuan"]),
        "studies_overseas_list": reverse("studies:overseas-list"),
        "studies_overseas_create": reverse("studies:overseas-create"),
        "studies_overseas": reverse("studies:overseas", args=[abroad.pk]),
        "studies_overseas_other": reverse("studies:overseas", args=[abroad_other.pk]),
        "studies_overseas_edit": reverse("studies:overseas-edit", args=[abroad.pk]),
        "studies_overseas_submit": reverse("studies:overseas-step", args=[abroad.pk, "kirim"]),
        "studies_overseas_return": reverse("studies:overseas-step", args=[abroad.pk, "kembalikan"]),
        "studies_overseas_decide": reverse("studies:overseas-step", args=[abroad.pk, "putuskan"]),
        "studies_overseas_report": reverse("studies:overseas-step", args=[abroad.pk, "laporan"]),
        "studies_overseas_report_decide": reverse("studies:overseas-step", args=[abroad.pk, "laporan-putuskan"]),
    }


def fetch(client: Client, name: str, url: str):
    """GET a page, POST an action (the actions refuse GET for everyone alike)."""
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_matrix_covers_every_role() -> None:
    assert all(len(row) == len(ROLES) for row in MATRIX.values())


@pytest.mark.parametrize("role", ROLES)
def test_every_url_as_role(role: str, users, urls) -> None:
    client = Client()
    client.force_login(users[role])
    got = {name: fetch(client, name, url).status_code for name, url in urls.items()}
    expected = {name: MATRIX[name][ROLES.index(role)] for name in urls}
    assert got == expected


def test_anonymous_is_sent_to_login(urls) -> None:
    client = Client()
    for name, url in urls.items():
        response = fetch(client, name, url)
        assert response.status_code == 302, name
        assert "/masuk/" in response["Location"] or "/admin/login/" in response["Location"], name


def test_write_is_refused_for_read_only_role(users, people) -> None:
    client = Client()
    client.force_login(users["pimpinan"])
    response = client.post(
        reverse("people:history-add", args=[people.teacher.nip, "pangkat"]),
        {"golongan": 33, "tmt": "2022-04-01"},
    )
    assert response.status_code == 403
    assert people.teacher.rank_history.count() == 1


def test_matrix_walks_every_named_url_of_the_apps(urls) -> None:
    """A new page must join the matrix: every named URL of Bangkom's apps is walked above."""
    from django.urls import get_resolver, resolve

    walked = {resolve(url.split("?")[0]).view_name for url in urls.values()}
    public = {
        "accounts:login", "accounts:logout", "accounts:activate", "accounts:password-reset", "accounts:password-reset-done",
        "accounts:password-reset-confirm", "accounts:password-reset-complete", "verification:search", "verification:certificate", "desk:catalogue",
        "desk:service", "desk:complaint-public", "desk:complaint-track", "desk:complaint-sent",
        "documents:lambang", "api:schema", "api:docs", "accounts:sso-start", "accounts:sso-callback",
    }  # fmt: skip
    # The API's endpoints answer JSON (401 without a token, not the log-in page): walked role by role
    # in bangkom/api/tests/test_api.py.
    walked |= {f"api:{name}" for name in API_MATRIX}
    ours = set()
    namespaces = [n for n in get_resolver().namespace_dict if n not in ("admin",)]
    assert {"core", "people", "accounts", "selection", "documents", "dispatch"} <= set(namespaces)
    for namespace in namespaces:
        resolver = get_resolver().namespace_dict[namespace][1]
        ours |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert ours - public - walked == set()


def test_administrator_edits_reference_data_in_the_admin(users, tree) -> None:
    from bangkom.people.models import Golongan, Unit

    client = Client()
    client.force_login(users["admin"])
    for model in ("golongan", "eselon", "buprule", "functionalposition", "educationlevel", "trainingkind", "unit"):
        assert client.get(reverse(f"admin:people_{model}_changelist")).status_code == 200, model
    response = client.post(
        reverse("admin:people_golongan_change", args=[41]),
        {"id": 41, "code": "IV/a", "pangkat": "Pembina", "legal_source": "PP 99/2000", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Golongan.objects.get(pk=41).legal_source == "PP 99/2000"
    # A unit added in the admin gets its place in the tree through the service.
    response = client.post(
        reverse("admin:people_unit_add"),
        {"code": "UPT-X", "name": "UPT Baru", "kind": "upt", "parent": tree.dinkes.pk, "short_name": ""},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="UPT-X")
    assert unit.path.startswith(tree.dinkes.path) and unit.depth == 2
    for role in ("operator", "pimpinan", "pegawai"):
        other = Client()
        other.force_login(users[role])
        assert other.get(reverse("admin:people_golongan_changelist")).status_code == 302
