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
    return document_add(
        actor=users["admin"],
        employee=employee,
        kind=kind,
        upload=SimpleUploadedFile(f"{kind}.pdf", content),
        valid_until=valid_until,
    )


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
            CheckStatus.PRESENT,
            newer.pk,
            None,
        )
        document_verify(actor=users["admin"], check=checks["sk_pangkat"], accepted=False, note="Bukan SK terakhir")
        checks["sk_pangkat"].refresh_from_db()
        assert checks["sk_pangkat"].status == CheckStatus.REJECTED and checks["sk_pangkat"].history.count() >= 3


def test_papers_decide_once_the_round_has_checked_them(users, tree, tmp_path) -> None:
    """S2: a paper rejected or missing is a requirement failed, naming the paper (category C, so the
    candidate cannot be made a participant); one not yet verified leaves the data incomplete; an
    official already in an eselon II post needs no Baperjakat recommendation."""
    from bangkom.selection.services import candidate_set_facts, round_screen

    with override_settings(MEDIA_ROOT=tmp_path):
        head = official(tree.disdik, "197201012000031001", "Kepala Dinas", "22", 43)
        selection_round = round_open(
            actor=users["admin"],
            name="Seleksi",
            level="II",
            ruleset_id="bima-2018",
            as_of=dt.date(2026, 11, 23),
            quota=2,
        )
        candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=head, reason="uji")
        candidate_set_facts(
            actor=users["admin"],
            candidate=candidate,
            proposed_by_unit=True,
            baperjakat=False,
            education_conversion=False,
        )

        def screened() -> tuple[str, dict[str, tuple[str, str]]]:
            round_screen(actor=users["admin"], selection_round=selection_round)
            candidate.refresh_from_db()
            return candidate.category, {f["kode"]: (f["status"], f["keterangan"]) for f in candidate.findings}

        category, findings = screened()
        assert category == "A" and "BERKAS" not in findings  # papers not checked yet: not part of screening
        for kind in ("sk_pangkat", "sk_jabatan", "skp", "surat_sehat", "bahasa_inggris"):
            upload(users, head, kind)
        checklist_refresh(actor=users["admin"], selection_round=selection_round)
        category, findings = screened()
        assert category == "C" and findings["BERKAS"][0] == "data_belum_lengkap"
        assert (
            "SK pangkat, SK jabatan, Dokumen SKP, Surat keterangan sehat, Sertifikat tes bahasa Inggris belum "
            "diverifikasi" in findings["BERKAS"][1]
        )
        checks = {c.kind: c for c in DocumentCheck.objects.filter(candidate=candidate)}
        for kind in ("sk_pangkat", "sk_jabatan", "skp", "surat_sehat", "bahasa_inggris"):
            document_verify(actor=users["admin"], check=checks[kind], accepted=True)
        category, findings = screened()
        assert category == "A" and findings["BERKAS"][0] == "memenuhi"  # no Baperjakat needed in post
        checks["surat_sehat"].refresh_from_db()
        document_verify(actor=users["admin"], check=checks["surat_sehat"], accepted=False, note="tanpa tanda tangan")
        category, findings = screened()
        assert category == "C" and candidate.rank is None
        assert findings["BERKAS"] == (
            "tidak_memenuhi",
            "Berkas tidak memenuhi: Surat keterangan sehat ditolak (tanpa tanda tangan).",
        )


def test_bekasi_requires_its_own_papers_potential_technical_competence_and_assignment(users, tree, tmp_path) -> None:
    """Bekasi's requirements 1, 2 and 6 are papers of its rule set: a round of that rule set checks
    them (and not the default SKP or health letter), and a missing assignment letter fails the paper
    requirement with the standard as its source."""
    from bangkom.selection.selectors import required_papers
    from bangkom.selection.services import round_screen

    with override_settings(MEDIA_ROOT=tmp_path):
        head = official(tree.disdik, "197201012000031001", "Kepala Dinas", "22", 43)
        selection_round = round_open(
            actor=users["admin"],
            name="Diklatpim II Bekasi",
            level="II",
            ruleset_id="bekasi-diklatpim-ii",
            as_of=dt.date(2026, 11, 23),
            quota=2,
        )
        assert required_papers(selection_round) == (
            "dokumen_potensi",
            "kompetensi_teknis",
            "sk_pangkat",
            "sk_jabatan",
            "bahasa_inggris",
            "baperjakat",
            "surat_penugasan",
        )
        candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=head, reason="uji")
        for kind in ("dokumen_potensi", "kompetensi_teknis", "sk_pangkat", "sk_jabatan", "bahasa_inggris"):
            upload(users, head, kind)
        assert checklist_refresh(actor=users["admin"], selection_round=selection_round) == 7
        for check in DocumentCheck.objects.filter(candidate=candidate).exclude(status=CheckStatus.MISSING):
            document_verify(actor=users["admin"], check=check, accepted=True)
        round_screen(actor=users["admin"], selection_round=selection_round)
        candidate.refresh_from_db()
        papers = next(f for f in candidate.findings if f["kode"] == "BERKAS")
        # In post (eselon II): no Baperjakat letter needed; the assignment letter is.
        assert (papers["status"], papers["keterangan"]) == (
            "tidak_memenuhi",
            "Berkas tidak memenuhi: Surat penugasan pejabat yang berwenang belum ada.",
        )
        assert papers["dasar"].endswith("Persyaratan angka 1 sampai dengan 6") and candidate.category == "C"


def test_round_papers_reads_each_candidate_once_and_shares_papers_that_stand_alike(users, tree) -> None:
    """One row per candidate in the order of `required_papers`: a rejected paper with its note, a
    missing one, a present one not yet verified; candidates whose papers stand alike share one tuple;
    one added after the check has every paper unchecked; an excluded one is left out."""
    from bangkom.rules.engine import PAPER_ACCEPTED, PAPER_MISSING, PAPER_REJECTED, PAPER_UNCHECKED
    from bangkom.selection.selectors import round_papers
    from bangkom.selection.services import candidates_exclude

    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )
    first, alike, also_alike, other, excluded = [
        candidate_add(
            actor=users["admin"], selection_round=selection_round, reason="uji",
            employee=official(tree.disdik, f"19720101200003100{n}", f"Pejabat {n}", "22", 43),
        )
        for n in range(1, 6)
    ]  # fmt: skip
    assert round_papers(selection_round) is None  # no check yet: papers are not part of screening
    checklist_refresh(actor=users["admin"], selection_round=selection_round)  # no uploads: every paper missing
    DocumentCheck.objects.filter(candidate=first, kind="sk_pangkat").update(status=CheckStatus.VERIFIED)
    DocumentCheck.objects.filter(candidate=first, kind="skp").update(status=CheckStatus.REJECTED, note="Tahun salah")
    DocumentCheck.objects.filter(candidate=first, kind="surat_sehat").update(status=CheckStatus.PRESENT)
    DocumentCheck.objects.filter(candidate=other).delete()  # as if added after the check
    candidates_exclude(actor=users["admin"], selection_round=selection_round, candidates=[excluded], reason="uji")

    papers = round_papers(selection_round)

    assert papers is not None and set(papers) == {first.pk, alike.pk, also_alike.pk, other.pk}
    labels = [label for label, _state, _note in papers[first.pk]]
    assert labels[:4] == ["SK pangkat", "SK jabatan", "Dokumen SKP", "Surat keterangan sehat"]
    states = {label: (state, note) for label, state, note in papers[first.pk]}
    assert states["SK pangkat"] == (PAPER_ACCEPTED, "")
    assert states["Dokumen SKP"] == (PAPER_REJECTED, "Tahun salah")
    assert states["Surat keterangan sehat"] == (PAPER_UNCHECKED, "")
    assert states["SK jabatan"] == (PAPER_MISSING, "")
    assert {state for _label, state, _note in papers[alike.pk]} == {PAPER_MISSING}
    assert papers[other.pk] == tuple((label, PAPER_UNCHECKED, "") for label in labels)
    assert papers[alike.pk] is papers[also_alike.pk]  # one tuple for papers that stand alike
