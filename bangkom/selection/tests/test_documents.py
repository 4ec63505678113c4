"""The document checklist of a round: registry documents matched per required kind, then verified."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from bangkom.core.errors import ServiceError
from bangkom.people.services import document_add
from bangkom.selection.models import REQUIRED_DOCUMENTS, CheckStatus, DocumentCheck
from bangkom.selection.services import candidate_add, checklist_refresh, document_verify, round_open
from bangkom.selection.tests.test_rounds import official
from conftest import SAMPLE_PDF

PDF = SAMPLE_PDF


def upload(users, employee, kind: str, valid_until: dt.date | None = None, content: bytes = PDF):
    return document_add(actor=users["admin"], employee=employee, kind=kind,
                        upload=SimpleUploadedFile(f"{kind}.pdf", content), valid_until=valid_until)  # fmt: skip


def test_checklist_matches_valid_documents_and_is_verified(users, tree, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        employee = official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
        selection_round = round_open(
            actor=users["admin"],
            name="Seleksi",
            level="II",
            ruleset_id="bima-2018",
            as_of=dt.date(2026, 11, 23),
            quota=2,
        )
        candidate = candidate_add(
            actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji"
        )
        sk = upload(users, employee, "sk_pangkat")
        upload(users, employee, "surat_sehat", valid_until=dt.date(2026, 11, 22))  # expired the day before as-of
        assert checklist_refresh(actor=users["admin"], selection_round=selection_round) == len(REQUIRED_DOCUMENTS)
        checks = {c.kind: c for c in DocumentCheck.objects.filter(candidate=candidate)}
        assert set(checks) == set(REQUIRED_DOCUMENTS)
        assert (checks["sk_pangkat"].status, checks["sk_pangkat"].document_id) == (CheckStatus.PRESENT, sk.pk)
        assert checks["surat_sehat"].status == CheckStatus.MISSING
        assert checklist_refresh(actor=users["admin"], selection_round=selection_round) == 0  # nothing new

        with pytest.raises(ServiceError, match="belum ada"):
            document_verify(actor=users["admin"], check=checks["skp"], accepted=True)
        with pytest.raises(ValidationError):
            document_verify(actor=users["admin"], check=checks["sk_pangkat"], accepted=False)
        document_verify(actor=users["admin"], check=checks["sk_pangkat"], accepted=True)
        checks["sk_pangkat"].refresh_from_db()
        assert (checks["sk_pangkat"].status, checks["sk_pangkat"].verified_by) == (CheckStatus.VERIFIED, users["admin"])

        # A newer SK pangkat replaces the verified one: it has to be verified again.
        newer = upload(users, employee, "sk_pangkat", content=PDF + b"% baru\n")
        assert checklist_refresh(actor=users["admin"], selection_round=selection_round) == 1
        checks["sk_pangkat"].refresh_from_db()
        assert (checks["sk_pangkat"].status, checks["sk_pangkat"].document_id, checks["sk_pangkat"].verified_by) == (
            CheckStatus.PRESENT, newer.pk, None,
        )  # fmt: skip
        document_verify(actor=users["admin"], check=checks["sk_pangkat"], accepted=False, note="Bukan SK terakhir")
        checks["sk_pangkat"].refresh_from_db()
        assert checks["sk_pangkat"].status == CheckStatus.REJECTED and checks["sk_pangkat"].history.count() >= 3
