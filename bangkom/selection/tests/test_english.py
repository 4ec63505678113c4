"""Bima's "skor TOEFL … atau yang setara": the agency's equivalence table in Data referensi decides
which other tests count, and from the registry the best valid test counts, not the newest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from bangkom.core.errors import ServiceError
from bangkom.people.models import EnglishTest
from bangkom.people.services import history_add
from bangkom.selection.models import EnglishEquivalence, RoundCandidate
from bangkom.selection.services import candidate_add, english_equivalence_save, round_screen
from bangkom.selection.tests.test_rounds import open_round, workforce  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _test(employee, kind: str, score: int, day: dt.date) -> None:
    history_add(actor=None, row=EnglishTest(employee=employee, kind_id=kind, score=Decimal(score), test_date=day))


def _english(users, workforce, *tests) -> tuple[str, str]:  # noqa: F811
    employee = workforce["kabid_a"]  # eselon III.a: the feeder group, which the English requirement covers
    for kind, score, day in tests:
        _test(employee, kind, score, day)
    selection_round = open_round(users)
    candidate_add(actor=users["admin"], selection_round=selection_round, employee=employee, reason="uji")
    round_screen(actor=users["admin"], selection_round=selection_round)
    candidate = RoundCandidate.objects.get(round=selection_round, employee=employee)
    finding = next(f for f in candidate.findings if f["kode"] == "BAHASA_INGGRIS")
    return finding["status"], finding["keterangan"]


def test_a_toeic_holder_passes_once_the_agency_sets_its_equivalence(users, workforce) -> None:  # noqa: F811
    toeic = ("TOEIC", 650, dt.date(2026, 2, 10))
    status, text = _english(users, workforce, toeic)
    assert status == "tidak_memenuhi" and text.startswith("Tes TOEIC belum ditetapkan setara")
    row = EnglishEquivalence(
        ruleset_id="bima-2018",
        test="TOEIC",
        min_score=Decimal(600),
        valid_years=2,
        source="Keputusan Kepala BKPSDM Nomor 800/12/2026",
    )
    for role in ("operator", "tspdi", "pimpinan", "kabid", "pegawai", "penilai", "umum", "nobody"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            english_equivalence_save(actor=users[role], row=row)
    english_equivalence_save(actor=users["admin"], row=row)
    EnglishTest.objects.all().delete()
    status, text = _english(users, workforce, toeic)
    assert (status, text) == (
        "memenuhi",
        "Skor TOEIC 650 memenuhi batas minimal 600 (setara, Keputusan Kepala BKPSDM Nomor 800/12/2026).",
    )


def test_the_best_valid_test_counts_not_the_newest(users, workforce) -> None:  # noqa: F811
    status, text = _english(
        users, workforce, ("TOEFL_ITP", 500, dt.date(2024, 3, 1)), ("TOEIC", 600, dt.date(2025, 5, 2))
    )
    assert (status, text) == ("memenuhi", "Skor TOEFL_ITP 500 memenuhi batas minimal 435.")


def test_the_table_holds_only_tests_the_rule_set_does_not_name(users) -> None:
    with pytest.raises(ServiceError, match="sudah menetapkan skor TOEFL sendiri"):
        english_equivalence_save(
            actor=users["admin"],
            row=EnglishEquivalence(ruleset_id="bima-2018", test="TOEFL", min_score=Decimal(400), source="x"),
        )
    with pytest.raises(ServiceError, match="surabaya-2020 tidak ditemukan"):
        english_equivalence_save(
            actor=users["admin"],
            row=EnglishEquivalence(ruleset_id="surabaya-2020", test="TOEIC", min_score=Decimal(600), source="x"),
        )
    assert not EnglishEquivalence.objects.exists()


def test_only_the_administrator_opens_the_table_in_data_referensi(users) -> None:
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        status = client.get("/admin/selection/englishequivalence/").status_code
        assert status == 200 if role == "admin" else status in (302, 403), (role, status)
    client = Client()
    client.force_login(users["admin"])
    response = client.post(
        "/admin/selection/englishequivalence/add/",
        {"ruleset_id": "bima-2018", "test": "TOEFL", "min_score": "400", "valid_years": "", "source": "x"},
    )
    assert response.status_code == 200 and "sudah menetapkan skor TOEFL sendiri" in response.content.decode()
    response = client.post(
        "/admin/selection/englishequivalence/add/",
        {"ruleset_id": "bima-2018", "test": "ECSCS", "min_score": "70", "valid_years": "2", "source": "SK 1"},
    )
    assert response.status_code == 302 and EnglishEquivalence.objects.get().test == "ECSCS"
