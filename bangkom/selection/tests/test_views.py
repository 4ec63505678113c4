"""The selection pages: the administrator runs a round, an operator proposes from their own unit."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangkom.selection.models import CandidateSource, RoundCandidate, RoundStatus, SelectionRound
from bangkom.selection.services import candidate_add, round_open
from bangkom.selection.tests.test_rounds import official
from conftest import SAMPLE_PDF, warm


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_administrator_runs_a_round_through_the_pages(users, tree, run_job) -> None:
    head = official(tree.disdik, "197201012000031001", "Kepala Dinas", "22", 43)
    official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
    admin = client_for(users["admin"])
    response = admin.post(reverse("selection:open"), {
        "name": "Seleksi PKN II 2027", "level": "II", "ruleset_id": "bima-2018", "as_of": "2026-11-23", "quota": 2,
        "opens_on": "2026-12-01", "closes_on": "2026-11-30",
    })  # fmt: skip
    assert "closes_on" in response.context["form"].errors  # ends before it starts
    response = admin.post(reverse("selection:open"), {
        "name": "Seleksi PKN II 2027", "level": "II", "ruleset_id": "bima-2018", "as_of": "2026-11-23", "quota": 2,
    })  # fmt: skip
    selection_round = SelectionRound.objects.get()
    assert response["Location"] == reverse("selection:detail", args=[selection_round.pk])
    detail = admin.get(response["Location"]).content.decode()  # the readings the rule set applies, shown
    assert (
        "sesudah dibulatkan 2 desimal" in detail
        and "masa jabatan terlama, golongan tertinggi, usia tertua, NIP" in detail
    )
    page = run_job(admin, reverse("selection:inventory", args=[selection_round.pk])).content.decode()
    assert "Penjaringan: 2 calon ditambahkan." in page and 'data-status="succeeded"' in page
    assert selection_round.candidates.count() == 2
    candidate = RoundCandidate.objects.get(employee=head)
    response = admin.post(
        reverse("selection:candidate-facts", args=[selection_round.pk, candidate.pk]),
        {"proposed_by_unit": "on", "education_conversion": "on"},
    )
    assert "harus disertai dasar" in str(response.context["form"].errors["education_conversion_note"])
    candidate.refresh_from_db()
    assert not candidate.education_conversion  # nothing half-saved
    admin.post(
        reverse("selection:candidate-facts", args=[selection_round.pk, candidate.pk]), {"proposed_by_unit": "on"}
    )
    page = run_job(admin, reverse("selection:screen", args=[selection_round.pk])).content.decode()
    assert "2 calon disaring." in page and "Penyaringan calon · Seleksi PKN II 2027" in page
    assert f'href="{reverse("selection:detail", args=[selection_round.pk])}" data-testid="job-link"' in page
    candidate.refresh_from_db()
    assert (candidate.category, candidate.rank) == ("A", 1)
    admin.post(
        reverse("selection:move", args=[selection_round.pk]), {"to": RoundStatus.CLOSED}
    )  # not allowed from draft
    selection_round.refresh_from_db()
    assert selection_round.status == RoundStatus.DRAFT
    page = admin.post(
        reverse("selection:candidate-exclude", args=[selection_round.pk, candidate.pk]), {"reason": ""}, follow=True
    )
    assert "Isian belum benar: Alasan" in page.content.decode()
    assert RoundCandidate.objects.get(pk=candidate.pk).included


def test_operator_proposes_only_from_their_own_units(users, people, tree) -> None:
    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )
    operator = client_for(users["operator"])
    url = reverse("selection:candidate-add", args=[selection_round.pk])
    response = operator.post(url, {"nip": people.nurse.nip, "reason": "usul"})  # Dinkes: outside the operator's units
    assert "tidak ditemukan dalam cakupan" in str(response.context["form"].errors["nip"])
    assert operator.post(url, {"nip": people.head.nip, "reason": "Usul Kepala Dinas"}).status_code == 302
    proposed = RoundCandidate.objects.get()
    assert (proposed.source, proposed.proposed_by_unit, proposed.employee) == (CandidateSource.UNIT, True, people.head)
    # The operator sees the candidates of their own units only.
    candidate_add(actor=users["admin"], selection_round=selection_round, employee=people.nurse, reason="BKPSDM")
    page = operator.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
    assert people.head.nip in page and people.nurse.nip not in page


def test_list_and_detail_query_counts_do_not_grow(users, tree) -> None:
    admin = client_for(users["admin"])
    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(url).status_code == 200
        return len(captured)

    list_url, detail_url = reverse("selection:list"), reverse("selection:detail", args=[selection_round.pk])
    # One candidate first: an empty page costs one query less (no rows to fetch after the count).
    first = official(tree.disdik, "197201012000031010", "Pejabat 0", "22", 43)
    candidate_add(actor=users["admin"], selection_round=selection_round, employee=first, reason="uji")
    warm(admin, list_url, detail_url)
    few = (queries(list_url), queries(detail_url))
    for n in range(1, 9):
        employee = official(tree.disdik, f"19720101200003100{n}", f"Pejabat {n}", "22", 43)
        candidate_add(actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji")
        round_open(
            actor=users["admin"],
            name=f"Seleksi {n}",
            level="III",
            ruleset_id="bima-2018",
            as_of=dt.date(2026, 11, 23),
            quota=1,
        )
    assert (queries(list_url), queries(detail_url)) == few


def test_assessor_pages(users, tree) -> None:
    from bangkom.accounts import roles
    from bangkom.accounts.services import user_create
    from bangkom.selection.models import Assessment

    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )
    employee = official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
    candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji")
    admin = client_for(users["admin"])
    page = admin.get(reverse("selection:candidate-facts", args=[selection_round.pk, candidate.pk])).content.decode()
    assert "u_penilai" in page  # offered in the assign list
    admin.post(
        reverse("selection:assessor-assign", args=[selection_round.pk, candidate.pk]), {"assessor": users["penilai"].pk}
    )
    assessment = Assessment.objects.get()
    assessor = client_for(users["penilai"])
    assert "Sekretaris Dinas" in assessor.get(reverse("selection:assessments")).content.decode()
    url = reverse("selection:assessment", args=[assessment.pk])
    response = assessor.post(url, {"knowledge_written": "101", "knowledge_interview": "80"})
    assert "knowledge_written" in response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.knowledge_interview is None  # nothing half-saved
    assert assessor.post(url, {"knowledge_written": "85", "knowledge_interview": "80"}).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.knowledge_written, assessment.knowledge_interview) == (85, 80)
    other = user_create(username="u_penilai_lain", password="rahasia-uji-123", role=roles.ASSESSOR)
    assert client_for(other).get(url).status_code == 404  # someone else's assignment


def test_document_checklist_pages(users, tree, tmp_path, run_job) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from bangkom.people.services import document_add
    from bangkom.selection.models import DocumentCheck

    with override_settings(MEDIA_ROOT=tmp_path):
        selection_round = round_open(
            actor=users["admin"],
            name="Seleksi",
            level="II",
            ruleset_id="bima-2018",
            as_of=dt.date(2026, 11, 23),
            quota=2,
        )
        employee = official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
        candidate = candidate_add(
            actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji"
        )
        document_add(
            actor=users["admin"],
            employee=employee,
            kind="sk_jabatan",
            upload=SimpleUploadedFile("sk.pdf", SAMPLE_PDF),
        )
        admin = client_for(users["admin"])
        page = run_job(admin, reverse("selection:documents", args=[selection_round.pk])).content.decode()
        assert "Dokumen diperiksa: 6 perubahan." in page
        assert (
            "dokumen 0/6 terverifikasi"
            in admin.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
        )
        check = DocumentCheck.objects.get(candidate=candidate, kind="sk_jabatan")
        url = reverse("selection:document-verify", args=[selection_round.pk, candidate.pk, check.pk])
        page = admin.post(url, {"decision": "tolak", "note": ""}, follow=True).content.decode()
        assert "Alasan penolakan dokumen wajib diisi." in page
        admin.post(url, {"decision": "terima"})
        check.refresh_from_db()
        assert check.status == "terverifikasi"
        page = admin.get(reverse("selection:candidate-facts", args=[selection_round.pk, candidate.pk])).content.decode()
        assert "<title>Sekretaris Dinas · Bangkom</title>" in page and 'data-testid="document-checks"' in page
        detail = admin.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
        assert "dokumen 1/6 terverifikasi" in detail


def test_what_if_reruns_with_an_edited_rule_set_and_saves_nothing(users, tree) -> None:
    import json

    from bangkom.selection.services import candidate_set_facts, round_screen

    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )
    head = official(tree.disdik, "197201012000031001", "Kepala Dinas", "22", 43)
    candidate = candidate_add(actor=users["admin"], selection_round=selection_round, employee=head, reason="uji")
    candidate_set_facts(
        actor=users["admin"], candidate=candidate, proposed_by_unit=True, baperjakat=False, education_conversion=False
    )
    round_screen(actor=users["admin"], selection_round=selection_round)
    document = json.loads(json.dumps(selection_round.ruleset_document))
    document["levels"]["II"]["requirements"][0]["min"] = "IV/d"  # the official is IV/c
    tspdi = client_for(users["tspdi"])
    url = reverse("selection:what-if", args=[selection_round.pk])
    assert "bima-2018" in tspdi.get(url).content.decode()  # the round's copy, ready to edit
    response = tspdi.post(url, {"ruleset": json.dumps(document)})
    [(result, stored)] = response.context["rows"]
    assert (stored.category, result.category.value) == ("A", "C")
    candidate.refresh_from_db()
    assert candidate.category == "A"  # nothing saved
    assert "JSON tidak sah pada baris 1" in tspdi.post(url, {"ruleset": "{"}).content.decode()
    document["levels"]["II"]["requirements"][0]["min"] = "IV/z"
    page = tspdi.post(url, {"ruleset": json.dumps(document)}).content.decode()
    assert "levels.II.requirements[0].min" in page and "IV/z" in page


def test_assessment_list_query_count_does_not_grow(users, tree) -> None:
    from bangkom.selection.services import assessor_assign

    selection_round = round_open(
        actor=users["admin"], name="Seleksi", level="II", ruleset_id="bima-2018", as_of=dt.date(2026, 11, 23), quota=2
    )
    assessor = client_for(users["penilai"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert assessor.get(reverse("selection:assessments")).status_code == 200
        return len(captured)

    def assign(n: int) -> None:
        employee = official(tree.disdik, f"19720101200003100{n}", f"Pejabat {n}", "22", 43)
        candidate = candidate_add(
            actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji"
        )
        assessor_assign(actor=users["admin"], candidate=candidate, assessor=users["penilai"])

    assign(1)
    warm(assessor, reverse("selection:assessments"))
    few = queries()
    for n in range(2, 9):
        assign(n)
    assert queries() == few


def test_papers_found_are_accepted_in_bulk_and_a_rejected_or_missing_one_stays(users, tree, tmp_path) -> None:
    import pytest
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from bangkom.core.errors import ServiceError
    from bangkom.people.services import document_add
    from bangkom.selection.models import CheckStatus, DocumentCheck
    from bangkom.selection.services import checklist_refresh, document_verify, papers_accept

    with override_settings(MEDIA_ROOT=tmp_path):
        selection_round = round_open(
            actor=users["admin"],
            name="Seleksi",
            level="II",
            ruleset_id="bima-2018",
            as_of=dt.date(2026, 11, 23),
            quota=2,
        )
        first = official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
        second = official(tree.dinkes, "197601012001121004", "Sekretaris Dinkes", "31", 41)
        candidates = [
            candidate_add(actor=users["admin"], selection_round=selection_round, employee=e, reason="uji")
            for e in (first, second)
        ]
        for employee in (first, second):
            for kind in ("sk_jabatan", "sk_pangkat"):
                document_add(
                    actor=users["admin"],
                    employee=employee,
                    kind=kind,
                    upload=SimpleUploadedFile(f"{kind}.pdf", SAMPLE_PDF),
                )
        checklist_refresh(actor=users["admin"], selection_round=selection_round)
        rejected = DocumentCheck.objects.get(candidate=candidates[1], kind="sk_pangkat")
        document_verify(actor=users["admin"], check=rejected, accepted=False, note="SK tidak terbaca")
        for role in ("operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"):
            with pytest.raises(ServiceError):
                papers_accept(actor=users[role], selection_round=selection_round, candidates=candidates)
        admin = client_for(users["admin"])
        url = reverse("selection:papers-accept", args=[selection_round.pk])
        page = admin.post(url, {"pilih": [str(c.pk) for c in candidates]}, follow=True).content.decode()
        assert "3 dokumen diterima." in page  # 2 + 2 found, one of them rejected before
        statuses = dict(DocumentCheck.objects.filter(candidate__in=candidates).values_list("pk", "status"))
        assert statuses[rejected.pk] == CheckStatus.REJECTED
        assert sorted(statuses.values()).count(CheckStatus.VERIFIED) == 3
        assert sorted(statuses.values()).count(CheckStatus.MISSING) == 2 * 6 - 4  # six papers each, two found
        accepted = DocumentCheck.objects.filter(status=CheckStatus.VERIFIED)
        assert {c.verified_by for c in accepted} == {users["admin"]}
        assert {c.history.first().history_user for c in accepted} == {users["admin"]}
        # Nothing ticked: refused with a message; a second pass over the filter finds nothing left.
        assert "Pilih sekurang-kurangnya satu calon." in admin.post(url, {}, follow=True).content.decode()
        assert "0 dokumen diterima." in admin.post(url, {"semua": "1"}, follow=True).content.decode()
