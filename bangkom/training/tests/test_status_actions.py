"""What may be done to a program is declared once on the model: the services refuse by it and the
page offers by it (no template compares status strings)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from bangkom.core.state_machine import UnknownAction
from bangkom.training.models import Program, ProgramStatus

S = ProgramStatus
# Written out by hand from the program's flow (Juknis diklat, the seed): which status allows what.
EXPECTED = {
    "edit": {S.DRAFT, S.RETURNED},
    "submit": {S.DRAFT, S.RETURNED},
    "review": {S.SUBMITTED},
    "draft_decree": {S.RECOMMENDED, S.CONDITIONAL},
    "start": {S.RECOMMENDED, S.CONDITIONAL},
    "prepare": {S.RECOMMENDED, S.CONDITIONAL, S.RUNNING},
    "record_attendance": {S.RUNNING},
    "record_results": {S.RUNNING},
    "finish": {S.RUNNING},
    "report": {S.FINISHED},
    "check_report": {S.REPORTED},
    "show_execution": {S.RECOMMENDED, S.CONDITIONAL, S.RUNNING, S.FINISHED, S.REPORTED},
    "issue_certificates": {S.FINISHED, S.REPORTED},
}


@pytest.mark.parametrize("status", list(ProgramStatus))
def test_each_status_allows_exactly_what_the_flow_says(status: str) -> None:
    program = Program(status=status)
    assert program.actions_allowed() == {action for action, statuses in EXPECTED.items() if status in statuses}
    assert set(Program.ACTIONS) == set(EXPECTED)


def test_a_template_asks_the_model_and_a_misspelt_action_is_loud() -> None:
    page = Template("{% if p.may.review %}telaah{% else %}-{% endif %}")
    assert page.render(Context({"p": Program(status=S.SUBMITTED)})) == "telaah"
    assert page.render(Context({"p": Program(status=S.RUNNING)})) == "-"
    with pytest.raises(UnknownAction, match="reveiw"):
        Template("{% if p.may.reveiw %}x{% endif %}").render(Context({"p": Program(status=S.SUBMITTED)}))


def test_a_service_refuses_in_its_own_words() -> None:
    from bangkom.core.errors import ServiceError

    with pytest.raises(ServiceError, match="selama program berlangsung"):
        Program(status=S.FINISHED).require("record_attendance", "Kehadiran dicatat selama program berlangsung.")
    Program(status=S.RUNNING).require("record_attendance", "tidak dipakai")
