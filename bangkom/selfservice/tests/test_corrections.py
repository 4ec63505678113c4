"""A civil servant asks to correct their own record; the operator approves (a history row is
appended, audited, and the current education follows) or refuses with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bangkom.core.errors import ServiceError
from bangkom.people.models import EducationHistory, Employee
from bangkom.selfservice import selectors, services
from bangkom.selfservice.models import CorrectionStatus
from bangkom.selfservice.tests.flow import certificate
from conftest import SAMPLE_PDF, assert_services_refuse_without, operator_of

MASTER = {
    "level": "45",
    "major": "Manajemen Pendidikan",
    "institution": "Universitas Negeri Semarang",
    "graduation_year": "2024",
}


def _ask(users, data=None, **extra):  # type: ignore[no-untyped-def]
    return services.correction_request(
        actor=users["pegawai"],
        kind="pendidikan",
        data=data or MASTER,
        reason="Ijazah S2 belum tercatat",
        upload=certificate(SAMPLE_PDF + b"ijazah"),
        **extra,
    )


def test_an_approved_education_is_appended_audited_and_becomes_the_current_one(users, people) -> None:
    asked = _ask(users)
    assert asked.status == CorrectionStatus.SUBMITTED and asked.proposed["graduation_year"] == "2024"
    approved = services.correction_approve(actor=users["operator"], request=asked, note="Sesuai ijazah")
    row = approved.result
    assert isinstance(row, EducationHistory) and row.employee == people.teacher
    assert (row.level_id, row.major, row.graduation_year) == ("45", "Manajemen Pendidikan", 2024)
    audit = row.history.get()
    assert audit.history_user == users["operator"] and "permintaan pegawai no." in audit.history_change_reason
    assert Employee.objects.get(pk=people.teacher.pk).education_level_id == "45"
    assert [c.to_status for c in approved.status_changes.all()] == ["diajukan", "disetujui"]


def test_a_proposal_is_checked_by_the_registrys_own_form(users) -> None:
    with pytest.raises(ValidationError) as refused:
        _ask(users, data={**MASTER, "graduation_year": "2099", "level": "zz"})
    assert {"graduation_year", "level"} <= set(refused.value.message_dict)
    with pytest.raises(ServiceError, match="tidak dapat diminta"):
        services.correction_request(actor=users["pegawai"], kind="skp", data={}, reason="x", upload=certificate())
    with pytest.raises(ValidationError) as no_reason:
        services.correction_request(
            actor=users["pegawai"], kind="pendidikan", data=MASTER, reason=" ", upload=certificate()
        )
    assert "note" in no_reason.value.message_dict or no_reason.value.messages
    with pytest.raises(ValidationError):
        services.correction_request(
            actor=users["pegawai"], kind="pendidikan", data=MASTER, reason="ijazah", upload=certificate(b"not a pdf")
        )


def test_refused_with_a_reason_and_nothing_is_appended(users, people) -> None:
    asked = _ask(users)
    with pytest.raises(ValidationError):
        services.correction_refuse(actor=users["operator"], request=asked, note="")
    refused = services.correction_refuse(actor=users["operator"], request=asked, note="Ijazah tidak terbaca")
    assert refused.status == CorrectionStatus.REFUSED and refused.result is None
    assert not EducationHistory.objects.filter(employee=people.teacher).exists()
    with pytest.raises(ServiceError):
        services.correction_approve(actor=users["operator"], request=refused)


def test_deciding_needs_the_permission_the_scope_and_someone_else(users, people, tree) -> None:
    _ask(users)
    assert_services_refuse_without(
        services.DECIDE_CORRECTION, services, ("correction_approve", "correction_refuse"), users
    )
    asked = _ask(users, data={**MASTER, "graduation_year": "2023"})
    with pytest.raises(ServiceError, match="Di luar unit kerja"):
        services.correction_approve(actor=operator_of(tree.dinkes), request=asked)
    own = users["operator"]
    own.employee = people.head
    own.save()
    theirs = services.correction_request(
        actor=own, kind="pendidikan", data=MASTER, reason="S2", upload=certificate(SAMPLE_PDF + b"kepala")
    )
    with pytest.raises(ServiceError, match="Anda sendiri"):
        services.correction_approve(actor=own, request=theirs)


def test_only_the_owner_withdraws(users, people) -> None:
    asked = _ask(users)
    other = users["nobody"]
    other.employee = people.nurse
    other.save()
    with pytest.raises(ServiceError, match="bukan milik Anda"):
        services.correction_withdraw(actor=other, request=asked)
    assert services.correction_withdraw(actor=users["pegawai"], request=asked).status == CorrectionStatus.WITHDRAWN


def test_pages_propose_show_and_approve(users, people) -> None:
    pns, operator = Client(), Client()
    pns.force_login(users["pegawai"])
    operator.force_login(users["operator"])
    assert b"?jenis=pendidikan" in pns.get(reverse("selfservice:correction-new")).content
    url = reverse("selfservice:correction-new") + "?jenis=pendidikan"
    bad = pns.post(url, {**MASTER, "graduation_year": "1900", "reason": "S2", "document": certificate()})
    assert bad.status_code == 200 and "graduation_year" in bad.context["form"].errors
    sent = pns.post(url, {**MASTER, "reason": "S2 belum tercatat", "document": certificate()})
    asked = selectors.my_corrections(users["pegawai"]).get()
    assert sent.url == reverse("selfservice:correction", args=[asked.pk])
    page = operator.get(reverse("selfservice:correction", args=[asked.pk]))
    assert dict(page.context["rows"]) == {
        "Jenjang": "S2",
        "Jurusan": "Manajemen Pendidikan",
        "Nama sekolah/perguruan tinggi": "Universitas Negeri Semarang",
        "Tahun lulus": "2024",
    }
    queue = operator.get(reverse("selfservice:queue")).content.decode()
    assert "Siti Rahayu" in queue and reverse("selfservice:correction", args=[asked.pk]) in queue
    operator.post(reverse("selfservice:correction", args=[asked.pk]), {"decision": "setujui", "note": "OK"})
    detail = pns.get(reverse("people:detail", args=[people.teacher.nip]))
    assert "Universitas Negeri Semarang" in detail.content.decode()


def test_a_file_that_is_not_a_document_is_refused_beside_its_field_and_nothing_is_asked(users) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    pns = Client()
    pns.force_login(users["pegawai"])
    url = reverse("selfservice:correction-new") + "?jenis=pendidikan"
    fake = SimpleUploadedFile("ijazah.pdf", b"MZ\x90\x00 bukan PDF", content_type="application/pdf")
    refused = pns.post(url, {**MASTER, "reason": "S2 belum tercatat", "document": fake})
    assert refused.status_code == 200
    assert set(refused.context["extras"].errors) == {"document"} and not refused.context["form"].errors
    assert not selectors.my_corrections(users["pegawai"]).exists()
