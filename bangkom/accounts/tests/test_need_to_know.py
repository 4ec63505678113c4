"""Need to know, per role: sensitive papers (health letters, assessment reports) are read only by the
employee, the uploader and the roles deciding on them in a flow the employee is in; generated
documents only by those who took part, those following their flow, and officials while the document
is in the signing chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bangkom.desk import services as service_services
from bangkom.desk.tests import flow as service_flow
from bangkom.documents.services import document_check, document_generate, document_sign
from bangkom.people.models import EmployeeDocument
from bangkom.people.need_to_know import SENSITIVE_PAPERS
from bangkom.people.services import document_add
from bangkom.selection.services import (
    assessor_assign,
    candidate_add,
    member_add,
    round_open,
    session_record,
    team_create,
)
from conftest import SAMPLE_PDF

pytestmark = pytest.mark.django_db
ROLES = ("admin", "operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum")


def _paper(actor, employee, kind: str) -> EmployeeDocument:  # type: ignore[no-untyped-def]
    return document_add(
        actor=actor,
        employee=employee,
        kind=kind,
        upload=SimpleUploadedFile(f"{kind}.pdf", SAMPLE_PDF, content_type="application/pdf"),
    )


def _statuses(users, document: EmployeeDocument) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    url = reverse("people:document", args=[document.employee.nip, document.pk])
    got = []
    for role in ROLES:
        client = Client()
        client.force_login(users[role])
        got.append(client.get(url).status_code)
    return tuple(got)


def test_the_rules_are_data_with_their_reason() -> None:
    assert set(SENSITIVE_PAPERS) == {"surat_sehat", "hasil_asesmen"}
    assert all(rule.reason and "." in rule.permission for rules in SENSITIVE_PAPERS.values() for rule in rules)


def test_sensitive_papers_per_role(users, people) -> None:
    """The teacher is a candidate in a round with the assessor assigned; the nurse is in no flow until
    she joins a JPT assessment run by the head of division."""
    admin = users["admin"]
    selection_round = round_open(
        actor=admin, name="Seleksi PKA", level="III", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=3
    )
    candidate = candidate_add(actor=admin, selection_round=selection_round, employee=people.teacher, reason="uji")
    assessor_assign(actor=admin, candidate=candidate, assessor=users["penilai"])
    health, report = (_paper(users["operator"], people.teacher, kind) for kind in ("surat_sehat", "hasil_asesmen"))
    nurse_health = _paper(admin, people.nurse, "surat_sehat")
    nurse_spmt = _paper(admin, people.nurse, "spmt")
    #                                  admin operator penilai tspdi pimpinan pegawai kabid umum
    assert _statuses(users, health) == (200, 200, 404, 404, 404, 200, 404, 404)
    assert _statuses(users, report) == (200, 200, 200, 404, 404, 200, 404, 404)
    assert _statuses(users, nurse_health) == (200, 404, 404, 404, 404, 404, 404, 404)
    assert _statuses(users, nurse_spmt) == (200, 404, 200, 200, 200, 404, 200, 404)
    assessment = service_flow.open_assessment(admin)
    service_services.participants_add(actor=admin, assessment=assessment, nips=[people.nurse.nip])
    assert _statuses(users, nurse_health) == (200, 404, 404, 404, 404, 404, 200, 404)


def test_the_employee_page_lists_only_the_papers_one_may_open(users, people) -> None:
    _paper(users["admin"], people.nurse, "surat_sehat")
    _paper(users["admin"], people.nurse, "spmt")
    client = Client()
    client.force_login(users["penilai"])
    page = client.get(reverse("people:detail", args=[people.nurse.nip])).content.decode()
    assert "SPMT" in page and "Surat keterangan sehat" not in page


def _can_read(users, document) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    got = []
    for role in ROLES:
        client = Client()
        client.force_login(users[role])
        got.append(client.get(reverse("documents:download", args=[document.pk, "pdf"])).status_code)
    return tuple(got)


def test_generated_documents_per_role(users, people) -> None:
    admin = users["admin"]
    selection_round = round_open(
        actor=admin, name="Seleksi PKA", level="III", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=3
    )
    team = team_create(actor=admin, name="TSPDI", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    chair = member_add(actor=admin, team=team, employee=people.head, position="Sekda", role="ketua")
    session = session_record(
        actor=admin,
        team=team,
        selection_round=selection_round,
        held_on=dt.date(2026, 11, 20),
        agenda="Penetapan",
        attendees=[chair],
    )
    advice = document_generate(actor=admin, kind="saran_tspdi", subject=session)
    #                          admin operator penilai tspdi pimpinan pegawai kabid umum
    assert _can_read(users, advice) == (200, 403, 403, 200, 200, 403, 200, 404)  # kabid may initial a draft
    document_check(actor=users["tspdi"], document=advice)
    document_sign(actor=users["pimpinan"], document=advice)
    assert _can_read(users, advice) == (200, 403, 403, 200, 200, 403, 404, 404)  # signed: kabid took no part
