from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from bangkom.people.importer import SIASN_COLUMNS, ImportFileError, import_file
from bangkom.people.models import Employee, PositionHistory, RankHistory, Unit
from bangkom.people.tests.siasn import siasn_csv, siasn_row


@pytest.fixture
def agency(tree):
    Unit.objects.filter(pk=tree.school.pk).update(siasn_unor_id="U-SD1")
    return tree


def test_good_file_creates_employees_with_histories(agency, admin_user, tmp_path) -> None:
    rows = [
        siasn_row(),
        siasn_row(
            pns_id="A2",
            nip_baru="197201011998031005",
            nama="BUDI SANTOSO",
            tanggal_lahir="01-01-1972",
            jenis_kelamin="M",
            jenis_jabatan_id="1",
            jabatan_nama="Kepala Dinas Pendidikan",
            jabatan_id="",
            gol_akhir_id="42",
            tingkat_pendidikan_id="45",
            tahun_lulus="2005",
            unor_id="U-NEW",
            unor_nama="Dinas Baru",
        ),
    ]
    outcome = import_file(siasn_csv(rows, tmp_path / "a.csv"), actor=admin_user)
    assert outcome.ok, outcome.errors
    assert (outcome.summary.created, outcome.summary.updated, outcome.summary.histories) == (2, 0, 6)
    assert outcome.summary.units_created == ["Dinas Baru"]
    siti = Employee.objects.get(nip="198503152010012003")
    assert (siti.name, siti.back_title, siti.gender, siti.birth_date) == (
        "SITI RAHAYU",
        "S.Pd.",
        "2",
        dt.date(1985, 3, 15),
    )
    assert siti.unit == agency.school
    assert siti.email == ""  # the literal null is empty
    assert (siti.golongan_id, siti.position_kind_id, siti.education_level_id) == (32, "fungsional", "40")
    assert siti.functional_position.name == "Guru Ahli Muda"
    budi = Employee.objects.get(nip="197201011998031005")
    assert (budi.position_kind_id, budi.eselon_id) == ("jpt", "22")  # eselon from the title pattern
    assert budi.unit.parent == agency.root
    # Personal data the app does not need is not stored anywhere on the record.
    assert "3201234567890001" not in str(Employee.objects.filter(pk=siti.pk).values().first())
    assert siti.history.first().history_user == admin_user


def test_reimport_updates_and_appends_without_duplicates(agency, admin_user, tmp_path) -> None:
    import_file(siasn_csv([siasn_row()], tmp_path / "a.csv"), actor=admin_user)
    outcome = import_file(siasn_csv([siasn_row()], tmp_path / "b.csv"), actor=admin_user)
    assert (outcome.summary.created, outcome.summary.updated, outcome.summary.unchanged, outcome.summary.histories) == (
        0,
        0,
        1,
        0,
    )
    promoted = siasn_row(nama="SITI RAHAYU LESTARI", gol_akhir_id="33", tmt_golongan="01-04-2022")
    outcome = import_file(siasn_csv([promoted], tmp_path / "c.csv"), actor=admin_user)
    assert (outcome.summary.created, outcome.summary.updated, outcome.summary.histories) == (0, 1, 1)
    siti = Employee.objects.get()
    assert siti.name == "SITI RAHAYU LESTARI"
    assert (siti.golongan_id, siti.golongan_tmt) == (33, dt.date(2022, 4, 1))
    assert list(RankHistory.objects.values_list("golongan_id", flat=True).order_by("tmt")) == [32, 33]
    assert PositionHistory.objects.count() == 1
    # An older rank arriving later is appended but does not replace the current one.
    old = siasn_row(nama="SITI RAHAYU LESTARI", gol_akhir_id="31", tmt_golongan="01-04-2014")
    import_file(siasn_csv([old], tmp_path / "d.csv"), actor=admin_user)
    siti.refresh_from_db()
    assert siti.golongan_id == 33 and RankHistory.objects.count() == 3


def test_bad_rows_are_all_reported_and_nothing_is_imported(agency, admin_user, tmp_path) -> None:
    rows = [
        siasn_row(),
        siasn_row(nip_baru="198503152010132003"),  # line 3: TMT month 13 (and duplicates nothing)
        siasn_row(nip_baru="199001012015031001", tanggal_lahir="02-01-1990", jenis_kelamin="M"),  # line 4: birth date
        siasn_row(
            nip_baru="199001012015031002", tanggal_lahir="01-01-1990", jenis_kelamin="M", gol_akhir_id="99"
        ),  # line 5
        siasn_row(nip_baru="199001012015031003", tanggal_lahir="1990/31/31", jenis_kelamin="M"),  # line 6
        siasn_row(),  # line 7: same NIP as line 2
        siasn_row(
            nip_baru="199001012015031004",
            tanggal_lahir="01-01-1990",
            jenis_kelamin="M",
            jenis_jabatan_id="1",
            jabatan_nama="Koordinator Khusus",
        ),  # line 8
        siasn_row(
            nip_baru="199001012015031005",
            tanggal_lahir="01-01-1990",
            jenis_kelamin="M",
            unor_id="",
            unor_nama="X" * 201,
        ),  # line 9
    ]
    outcome = import_file(siasn_csv(rows, tmp_path / "bad.csv"), actor=admin_user)
    assert not outcome.ok and outcome.summary is None
    found = {(e.line, e.column) for e in outcome.errors}
    assert found == {
        (3, "nip_baru"),
        (4, "tanggal_lahir"),
        (5, "gol_akhir_id"),
        (6, "tanggal_lahir"),
        (7, "nip_baru"),
        (8, "jabatan_nama"),
        (9, "unor_nama"),
    }
    by_line = {e.line: e for e in outcome.errors}
    assert by_line[5].value == "99" and "golongan" in by_line[5].reason
    assert "baris 2" in by_line[7].reason
    assert "eselon_id" in by_line[8].reason
    assert not Employee.objects.exists()


def test_semicolon_csv_and_apostrophes(agency, admin_user, tmp_path) -> None:
    outcome = import_file(
        siasn_csv([siasn_row(nip_baru="'198503152010012003")], tmp_path / "s.csv", delimiter=";"), actor=admin_user
    )
    assert outcome.ok and Employee.objects.get().nip == "198503152010012003"


def test_xlsx_with_the_same_columns(agency, admin_user, tmp_path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(SIASN_COLUMNS))
    row = siasn_row()
    row_values = [row[c] for c in SIASN_COLUMNS]
    row_values[SIASN_COLUMNS.index("tanggal_lahir")] = dt.datetime(1985, 3, 15)  # a real date cell
    sheet.append(row_values)
    path = tmp_path / "data.xlsx"
    workbook.save(path)
    outcome = import_file(path, actor=admin_user)
    assert outcome.ok, outcome.errors
    assert Employee.objects.get().birth_date == dt.date(1985, 3, 15)


def test_unreadable_files_are_refused_whole(agency, admin_user, tmp_path) -> None:
    missing = tmp_path / "missing.csv"
    missing.write_text("nip_baru,nama\n198503152010012003,SITI\n")
    with pytest.raises(ImportFileError, match="tanggal_lahir"):
        import_file(missing, actor=admin_user)
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(ImportFileError, match="bukan CSV"):
        import_file(binary, actor=admin_user)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ImportFileError):
        import_file(broken, actor=admin_user)
    empty = tmp_path / "empty.csv"
    siasn_csv([], empty)
    with pytest.raises(ImportFileError, match="tidak berisi baris"):
        import_file(empty, actor=admin_user)


def test_command_reports_every_error_or_imports(agency, admin_user, tmp_path, capsys) -> None:
    from django.core.management import CommandError, call_command

    bad = siasn_csv([siasn_row(jenis_kelamin="X"), siasn_row(nip_baru="1985")], tmp_path / "bad.csv")
    with pytest.raises(CommandError, match="2 kesalahan pada 2 baris"):
        call_command("import_employees", str(bad), "--user", admin_user.username)
    out = capsys.readouterr().out
    assert "baris 2\tkolom jenis_kelamin\tnilai 'X'" in out
    assert "baris 3\tkolom nip_baru\tnilai '1985'" in out
    good = siasn_csv([siasn_row()], tmp_path / "good.csv")
    call_command("import_employees", str(good), "--user", admin_user.username)
    assert "1 baru" in capsys.readouterr().out
    assert Employee.objects.get().history.first().history_user == admin_user
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_employees", str(tmp_path / "nope.csv"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15-03-1985", dt.date(1985, 3, 15)), ("5/3/1985", dt.date(1985, 3, 5)), ("1985-03-15", dt.date(1985, 3, 15))],
)
def test_parse_date_accepts_siasn_and_iso_forms(text: str, expected: dt.date) -> None:
    from bangkom.people.importer import parse_date

    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-1985", "15-13-1985", "1985/03/15", "15-03-85", "15 Maret 1985", ""])
def test_parse_date_refuses_anything_else(text: str) -> None:
    from bangkom.people.importer import parse_date

    with pytest.raises(ValueError):
        parse_date(text)


def test_clean_value_handles_excel_and_siasn_markers() -> None:
    from bangkom.people.importer import clean_value

    assert clean_value("'198503152010012003 ") == "198503152010012003"
    assert clean_value("NULL") == clean_value(None) == ""
    assert clean_value(32.0) == "32"
    assert clean_value(dt.datetime(1985, 3, 15, 0, 0)) == "15-03-1985"


def _people(count: int, *, start: int = 1, **values: str) -> list[dict[str, str]]:
    """`count` good rows of distinct men born 1 January 1990 (NIP sequence `start`…)."""
    return [
        siasn_row(
            pns_id=f"P{n}",
            nip_baru=f"199001012015031{n:03d}",
            nama=f"PEGAWAI {n}",
            tanggal_lahir="01-01-1990",
            jenis_kelamin="M",
            **values,
        )
        for n in range(start, start + count)
    ]


def test_a_file_is_written_in_batches_that_add_up_to_the_whole(agency, admin_user, tmp_path, monkeypatch) -> None:
    """With batches of 2, a file of 3 people already known (one promoted) and 4 new ones, one of the
    new units first met in the first batch, is counted as one import."""
    import_file(siasn_csv(_people(3), tmp_path / "first.csv"), actor=admin_user)
    monkeypatch.setattr("bangkom.people.importer.IMPORT_CHUNK", 2)
    rows = _people(3)
    rows[2]["gol_akhir_id"], rows[2]["tmt_golongan"] = "33", "01-04-2022"  # the third one promoted
    rows += _people(4, start=4, unor_id="U-BARU", unor_nama="Dinas Baru")
    outcome = import_file(siasn_csv(rows, tmp_path / "second.csv"), actor=admin_user)
    assert outcome.ok
    summary = outcome.summary
    assert (summary.created, summary.updated, summary.unchanged) == (4, 1, 2)
    assert summary.histories == 4 * 3 + 1  # each new person's rank, post, education; one new rank
    assert summary.units_created == ["Dinas Baru"]  # met in two batches, created once
    assert Unit.objects.filter(siasn_unor_id="U-BARU").count() == 1
    assert Employee.objects.get(nip="199001012015031003").golongan_id == 33
    assert Employee.objects.filter(unit__siasn_unor_id="U-BARU").count() == 4


def test_a_failure_in_a_later_batch_undoes_the_earlier_ones(agency, admin_user, tmp_path, monkeypatch) -> None:
    from bangkom.people import importer

    monkeypatch.setattr(importer, "IMPORT_CHUNK", 2)
    written = importer._write_rows
    batches: list[int] = []

    def failing_third(rows, summary, **kwargs):  # type: ignore[no-untyped-def]
        batches.append(len(rows))
        if len(batches) == 3:
            raise RuntimeError("disk full")
        written(rows, summary, **kwargs)

    monkeypatch.setattr(importer, "_write_rows", failing_third)
    before = (Employee.objects.count(), RankHistory.objects.count(), Employee.history.count())
    with pytest.raises(RuntimeError):
        import_file(
            siasn_csv(_people(5, unor_id="U-LAIN", unor_nama="Dinas Lain"), tmp_path / "a.csv"), actor=admin_user
        )
    assert batches == [2, 2, 1]
    assert (Employee.objects.count(), RankHistory.objects.count(), Employee.history.count()) == before
    assert not Unit.objects.filter(siasn_unor_id="U-LAIN").exists()


def test_a_file_changed_between_check_and_write_is_not_written(agency, admin_user, tmp_path, monkeypatch) -> None:
    """The check passed; by the time the rows are read again the third line is bad: nothing is saved."""
    from bangkom.people import importer

    monkeypatch.setattr(importer, "IMPORT_CHUNK", 2)
    path = siasn_csv(_people(4), tmp_path / "a.csv")
    checked = importer.validate_file

    def check_then_spoil(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = checked(*args, **kwargs)
        rows = _people(4)
        rows[2]["tanggal_lahir"] = "31-02-1990"
        siasn_csv(rows, path)
        return result

    monkeypatch.setattr(importer, "validate_file", check_then_spoil)
    with pytest.raises(
        ImportFileError, match='Baris 4 berubah sejak diperiksa: kolom tanggal_lahir, nilai "31-02-1990": '
    ) as refused:
        import_file(path, actor=admin_user)
    assert str(refused.value).endswith("Impor dibatalkan; tidak ada data yang disimpan.")
    assert not Employee.objects.filter(nip__startswith="19900101201503").exists()
