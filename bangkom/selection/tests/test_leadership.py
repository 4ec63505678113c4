"""Leadership training is recognised under every name it has had, and whoever holds a level (or a
higher one) is never proposed for it again."""

from __future__ import annotations

import datetime as dt

import pytest

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
