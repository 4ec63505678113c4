from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from bangkom.people.models import (
    EducationHistory,
    Employee,
    EnglishTest,
    PositionHistory,
    RankHistory,
    TrainingRecord,
)
from bangkom.people.selectors import employee_audit_trail
from bangkom.people.services import (
    document_add,
    employee_create,
    employee_update,
    history_add,
    unit_create,
    unit_update,
)
from conftest import SAMPLE_PDF, SAMPLE_PNG, make_employee

PDF = SAMPLE_PDF
PNG = SAMPLE_PNG


def test_employee_must_agree_with_nip(tree) -> None:
    with pytest.raises(ValidationError) as error:
        employee_create(
            actor=None,
            nip="198503152010012003",
            name="Siti",
            birth_date=dt.date(1985, 3, 16),
            gender="1",
            unit=tree.school,
        )
    messages = error.value.message_dict["nip"]
    assert any("16-03-1985" in m for m in messages)
    assert any("jenis kelamin" in m for m in messages)
    assert not Employee.objects.exists()


def test_invalid_nip_is_refused_with_reason(tree) -> None:
    with pytest.raises(ValidationError) as error:
        employee_create(
            actor=None,
            nip="198503152010132003",
            name="Siti",
            birth_date=dt.date(1985, 3, 15),
            gender="2",
            unit=tree.school,
        )
    assert "Bulan TMT CPNS" in error.value.message_dict["nip"][0]


def test_current_facts_follow_the_newest_history_rows(people, users) -> None:
    teacher = people.teacher
    admin = users["admin"]
    assert teacher.golongan_id == 32
    history_add(actor=admin, row=RankHistory(employee=teacher, golongan_id=33, tmt=dt.date(2022, 4, 1)))
    # An older rank entered later does not become the current one.
    history_add(actor=admin, row=RankHistory(employee=teacher, golongan_id=31, tmt=dt.date(2010, 1, 1)))
    history_add(
        actor=admin,
        row=PositionHistory(
            employee=teacher,
            name="Guru Ahli Muda",
            kind_id="fungsional",
            tmt=dt.date(2021, 1, 1),
            functional_position_id="A5EB03E23F44F6A0E040640A040252AD",
        ),
    )
    history_add(actor=admin, row=EducationHistory(employee=teacher, level_id="45", graduation_year=2015))
    history_add(actor=admin, row=EducationHistory(employee=teacher, level_id="40", graduation_year=2008))
    teacher.refresh_from_db()
    assert (teacher.golongan_id, teacher.golongan_tmt) == (33, dt.date(2022, 4, 1))
    assert (teacher.position_name, teacher.position_kind_id) == ("Guru Ahli Muda", "fungsional")
    assert teacher.education_level_id == "45"  # S2 stays the highest even though S1 was entered later
    assert teacher.rank_history.count() == 3  # nothing overwritten


def test_history_rows_are_validated(people) -> None:
    with pytest.raises(ValidationError) as error:
        history_add(
            actor=None,
            row=TrainingRecord(
                employee=people.teacher,
                name="Bimtek",
                kind_id=8,
                start_date=dt.date(2026, 5, 2),
                end_date=dt.date(2026, 5, 1),
                jp_hours=8,
            ),
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        history_add(
            actor=None,
            row=EnglishTest(employee=people.teacher, kind_id="TOEFL_ITP", score=700, test_date=dt.date(2026, 1, 1)),
        )
    assert "310" in error.value.message_dict["score"][0]


def test_audit_trail_records_who_changed_what(people, users) -> None:
    teacher = Employee.objects.get(pk=people.teacher.pk)
    employee_update(actor=users["operator"], employee=teacher, name="Siti Rahayu Lestari", back_title="S.Pd.")
    history_add(actor=users["admin"], row=RankHistory(employee=teacher, golongan_id=33, tmt=dt.date(2022, 4, 1)))
    trail = employee_audit_trail(teacher)
    update = next(e for e in trail if e.who == "u_operator")
    assert update.action == "diubah"
    changed = {c.field: (c.old, c.new) for c in update.changes}
    assert changed["nama"] == ("Siti Rahayu", "Siti Rahayu Lestari")
    assert changed["gelar belakang"] == ("", "S.Pd.")
    rank_entry = next(e for e in trail if e.what == "riwayat pangkat" and e.who == "u_admin")
    assert rank_entry.action == "dibuat"
    assert any(
        e.who == "u_admin" and e.what == "pegawai" and any(c.field == "golongan" for c in e.changes) for e in trail
    )


def test_document_upload_checks_content_not_name(people, users, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        document = document_add(
            actor=users["admin"], employee=people.teacher, kind="foto_4x6", upload=SimpleUploadedFile("foto.png", PNG)
        )
        assert (document.extension, document.content_type) == ("png", "image/png")
        assert document.file.path.startswith(str(tmp_path))
        with pytest.raises(ValidationError, match="bukan jenis yang diizinkan"):
            document_add(
                actor=users["admin"],
                employee=people.teacher,
                kind="spmt",
                upload=SimpleUploadedFile("spmt.pdf", b"MZ\x90\x00 not a pdf"),
            )
        with override_settings(DOCUMENT_MAX_BYTES=10), pytest.raises(ValidationError, match="melebihi batas"):
            document_add(
                actor=users["admin"],
                employee=people.teacher,
                kind="spmt",
                upload=SimpleUploadedFile("spmt.pdf", PDF),
            )
        assert people.teacher.documents.count() == 1
        assert len(list((tmp_path / "documents" / people.teacher.nip).iterdir())) == 1


def test_unit_tree_paths_follow_moves(tree) -> None:
    upt = unit_create(code="UPT", name="UPT Uji", kind="upt", parent=tree.school)
    assert upt.path.startswith(tree.disdik.path)
    unit_update(unit=tree.school, parent=tree.dinkes)
    upt.refresh_from_db()
    assert upt.path.startswith(tree.dinkes.path) and upt.depth == 3
    with pytest.raises(ValidationError):
        unit_update(unit=tree.dinkes, parent=upt)


def test_operator_scope_covers_sub_units_only(users, people) -> None:
    from bangkom.people.selectors import employees_visible

    assert set(employees_visible(users["operator"]).values_list("name", flat=True)) == {"Siti Rahayu", "Budi Santoso"}
    assert set(employees_visible(users["pegawai"])) == {people.teacher}
    assert employees_visible(users["nobody"]).count() == 0
    assert employees_visible(users["penilai"]).count() == 3


def test_make_employee_helper_agrees_with_nip(tree) -> None:
    employee = make_employee(tree.root, "197001011995031001", "Tes")
    assert employee.gender == "1"


def test_current_from_rows_breaks_ties_by_entry_order() -> None:
    from bangkom.people.services import current_from_rows

    same_day = dt.date(2020, 4, 1)
    saved = RankHistory(pk=5, golongan_id=32, tmt=same_day)
    unsaved_first = RankHistory(golongan_id=33, tmt=same_day)
    unsaved_last = RankHistory(golongan_id=34, tmt=same_day)
    older = RankHistory(pk=9, golongan_id=41, tmt=dt.date(2019, 1, 1))
    ranks = {"40": 7, "45": 8}
    assert current_from_rows([saved, older], [], [], ranks)["golongan_id"] == 32
    assert current_from_rows([unsaved_last, saved, unsaved_first], [], [], ranks)["golongan_id"] == 33
    assert current_from_rows([saved, unsaved_first, unsaved_last], [], [], ranks)["golongan_id"] == 34
    assert current_from_rows([], [], [], ranks) == dict.fromkeys(current_from_rows([], [], [], ranks)) | {
        "position_name": ""
    }


@pytest.mark.parametrize(
    ("kind", "eselon", "ok"),
    [
        ("jpt", "22", True),
        ("administrator", "31", True),
        ("pengawas", "42", True),
        ("jpt", "31", False),
        ("administrator", None, False),
        ("pengawas", "99", False),
        ("fungsional", None, True),
        ("fungsional", "99", True),
        ("pelaksana", "41", False),
    ],
)
def test_position_kind_and_eselon_must_agree(people, kind: str, eselon: str | None, ok: bool) -> None:
    row = PositionHistory(
        employee=people.head, name="Jabatan Uji", kind_id=kind, eselon_id=eselon, tmt=dt.date(2024, 1, 1)
    )
    if ok:
        history_add(actor=None, row=row)
        assert people.head.position_history.count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            history_add(actor=None, row=row)
        assert "eselon" in error.value.message_dict
