"""Leadership training is recognised under every name it has had, and whoever holds a level (or a
higher one) is never proposed for it again."""

from __future__ import annotations

import datetime as dt

import pytest

from bangkom.core.tests.exports import content_of, exported
from bangkom.people.models import TrainingRecord
from bangkom.people.services import history_add
from bangkom.selection.leadership import at_least, employees_trained, level_of_name
from bangkom.selection.services import inventory_apply
from bangkom.selection.tests.test_rounds import official, open_round, workforce  # noqa: F401 - fixture


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("DIKLAT PIM TK. III", "III"), ("Diklatpim Tingkat III Angkatan XII", "III"), ("diklat pim tk.iii", "III"),
        ("Pendidikan dan Pelatihan Kepemimpinan Tingkat 3", "III"), ("PKA Angkatan IV 2021", "III"),
        ("Pelatihan Kepemimpinan Administrator", "III"), ("SPAMA", "III"), ("SEPADYA 1994", "III"),
        ("DIKLAT PIM TK. II", "II"), ("PKN Tingkat II Angkatan I", "II"), ("PKN II", "II"), ("SESPA", "II"),
        ("SPAMEN", "II"), ("Diklatpim IV", "IV"), ("PKP Angkatan 10", "IV"), ("ADUM", "IV"), ("SEPALA", "IV"),
        ("Pelatihan Kepemimpinan Pengawas", "IV"), ("DIKLAT PIM TK. I", "I"), ("SEPATI", "I"),
        # Not leadership training: the words alone, or a level that belongs to something else.
        ("Bimbingan Teknis Kepemimpinan Perempuan", None), ("Pelatihan Dasar CPNS Golongan III", None),
        ("Diklat Teknis Pengadaan Barang/Jasa Tingkat Dasar", None), ("Workshop PPK", None), ("", None),
    ],
)  # fmt: skip
def test_the_level_is_read_from_any_name_it_had(name: str, level: str | None) -> None:
    assert level_of_name(name) == level


def test_a_higher_level_includes_the_lower_ones() -> None:
    assert at_least("III") == ("III", "II", "I")
    assert at_least("II") == ("II", "I")


def _named_training(employee, name: str, year: int) -> None:
    history_add(actor=None, row=TrainingRecord(
        employee=employee, name=name, kind_id=1, structural_level=None, start_date=dt.date(year, 2, 1),
        end_date=dt.date(year, 3, 1), jp_hours=285))  # fmt: skip


@pytest.mark.django_db
def test_a_pka_holder_recorded_by_name_only_is_not_proposed_for_pka(users, workforce, tree) -> None:  # noqa: F811
    """The Sekretaris Dinas (eselon III.a) holds "DIKLAT PIM TK. III" (2020) typed without its SIASN
    code; a kepala bidang holds PKN Tingkat II, higher than PKA; a third official holds only PKP."""
    secretary = workforce["kabid_a"]
    _named_training(secretary, "DIKLAT PIM TK. III", 2020)
    senior = official(tree.dinkes, "197301012000031006", "Kabid Senior", "32", 41)
    _named_training(senior, "PKN Tingkat II Angkatan III", 2022)
    junior = official(tree.dinkes, "197401012000031007", "Kabid Muda", "32", 41)
    _named_training(junior, "PKP Angkatan 2", 2019)
    assert employees_trained("III") >= {secretary.pk, senior.pk} and junior.pk not in employees_trained("III")
    selection_round = open_round(users, level="III")
    inventory_apply(actor=users["admin"], selection_round=selection_round)
    proposed = set(selection_round.candidates.values_list("employee_id", flat=True))
    assert secretary.pk not in proposed and senior.pk not in proposed
    assert junior.pk in proposed and workforce["kabid_b"].pk in proposed


@pytest.mark.django_db
def test_the_bekasi_inventory_proposes_eselon_ii_without_pkn_ii_and_the_iii_a_feeders_only(users, workforce, tree):  # noqa: F811
    """Bekasi step 1 and requirement 5: the eselon II officials without PKN Tingkat II, and eselon III.a
    officials; never a teacher or a pelaksana, whatever their golongan (the rule set names no such kind)."""
    from bangkom.people.models import Employee

    teacher = official(tree.school, "197801012003121008", "Guru Madya", None, 42)
    Employee.objects.filter(pk=teacher.pk).update(position_kind_id="fungsional")
    selection_round = open_round(users, ruleset="bekasi-diklatpim-ii")
    inventory_apply(actor=users["admin"], selection_round=selection_round)
    proposed = dict(selection_round.candidates.values_list("employee__name", "source"))
    assert proposed == {"Kepala Dinas": "menjabat", "Sekretaris Dinas": "jabatan_di_bawah"}


@pytest.mark.django_db
def test_a_holder_added_by_hand_is_flagged_on_the_round_the_tabulation_and_the_decree(
    users,
    workforce,  # noqa: F811
    tree,
    run_job,
) -> None:
    """The inventory leaves out the Sekretaris Dinas, who holds DIKLAT PIM TK. III (2020); added by
    hand with a reason, they carry a warning naming the training on every page and paper."""
    import io

    from django.test import Client
    from django.urls import reverse
    from openpyxl import load_workbook

    from bangkom.documents.models import Document
    from bangkom.documents.tests.pdf import text as pdf_text
    from bangkom.selection.models import Decision, MemberRole
    from bangkom.selection.services import (
        candidate_add,
        decision_record,
        member_add,
        round_screen,
        session_record,
        team_create,
    )

    secretary = workforce["kabid_a"]
    _named_training(secretary, "DIKLAT PIM TK. III", 2020)
    selection_round = open_round(users, level="III")
    admin = Client()
    admin.force_login(users["admin"])
    response = admin.post(
        reverse("selection:candidate-add", args=[selection_round.pk]),
        {"nip": secretary.nip, "reason": "Usul Sekda: penyegaran"},
        follow=True,
    )
    expected = "Sudah mengikuti DIKLAT PIM TK. III (2020); ditambahkan dengan alasan: Usul Sekda: penyegaran"
    assert expected in response.content.decode()  # told at once
    candidate = selection_round.candidates.get(employee=secretary)
    assert candidate.trained_already == "DIKLAT PIM TK. III (2020)"
    other = official(tree.dinkes, "197401012000031007", "Kabid Muda", "32", 41)
    plain = candidate_add(actor=users["admin"], selection_round=selection_round, employee=other, reason="usul")
    assert plain.trained_already == "" and plain.trained_warning == ""
    round_screen(actor=users["admin"], selection_round=selection_round)
    page = admin.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
    assert page.count('data-testid="trained-warning"') == 1
    facts = admin.get(reverse("selection:candidate-facts", args=[selection_round.pk, candidate.pk])).content.decode()
    assert expected in facts
    sheet = load_workbook(
        io.BytesIO(content_of(exported(admin, reverse("selection:tabulation", args=[selection_round.pk]))[1]))
    )
    notes = {row[1]: row[-1] for row in sheet.active.iter_rows(values_only=True) if row and row[1]}
    assert notes[secretary.nip].startswith(expected) and not notes[other.nip].startswith("Sudah mengikuti")
    # Training recorded after the candidate was added is caught at the next screening.
    _named_training(other, "Pelatihan Kepemimpinan Administrator Angkatan V", 2025)
    round_screen(actor=users["admin"], selection_round=selection_round)
    plain.refresh_from_db()
    assert plain.trained_already == "Pelatihan Kepemimpinan Administrator Angkatan V (2025)"
    team = team_create(
        actor=users["admin"], name="TSPDI", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    chair = member_add(
        actor=users["admin"], team=team, employee=workforce["kabid_b"], position="Sekda", role=MemberRole.CHAIR
    )
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=dt.date(2026, 11, 23),
        agenda="Sidang",
        attendees=[chair],
    )
    candidate.refresh_from_db()
    decision_record(actor=users["admin"], session=session, candidate=candidate, decision=Decision.ADMIN_PASSED)
    run_job(admin, reverse("selection:session-document", args=[session.pk, "keputusan_seleksi"]))
    decree = Document.objects.get(kind="keputusan_seleksi")
    assert decree.context["lulus_administrasi"][0]["catatan"] == expected
    text = " ".join(pdf_text(bytes(decree.pdf)).split())
    assert "CALON PESERTA PELATIHAN KEPEMIMPINAN ADMINISTRATOR (DIKLATPIM TINGKAT III)" in text
    assert "Sudah mengikuti DIKLAT PIM TK. III (2020)" in text
