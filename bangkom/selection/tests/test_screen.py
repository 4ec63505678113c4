"""The `screen` command as a public contract: output shape, formats, and every input error."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from bangkom.rules.candidates_csv import COLUMNS

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "calon-diklatpim-ii.csv"
GOOD = {
    "nip": "197508202001121002", "nama": "Budi Santoso", "tanggal_lahir": "1975-08-20", "golongan": "IV/b",
    "jenis_jabatan": "administrator", "eselon": "III.a", "tmt_jabatan": "2019-06-03", "pendidikan": "S1",
    "konversi_pendidikan": "tidak", "skp": "baik", "usul_opd": "ya", "rekomendasi_baperjakat": "ya",
    "tes_inggris": "TOEFL", "skor_inggris": "470", "nilai_pengetahuan": "82", "nilai_potensi": "78",
    "nilai_fisik_mental": "80", "nilai_bahasa_inggris": "75", "bup": "",
}  # fmt: skip


def write(tmp_path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    path = tmp_path / "calon.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*columns, "catatan_lain"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows([{**row, "catatan_lain": "diabaikan"} for row in rows])
    return path


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("screen", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def screen_args(path: Path, level: str = "II", rules: str = "bima-2018", as_of: str = "2026-11-23") -> list[str]:
    return ["--rules", rules, "--level", level, "--as-of", as_of, "--candidates", str(path)]


def test_json_output_of_the_example(capsys) -> None:
    call_command("screen", *screen_args(EXAMPLE))
    results = json.loads(capsys.readouterr().out)
    summary = [(r["nama"], r["kelompok"], r["kategori"], r["nilai_akhir"], r["peringkat"]) for r in results]
    assert summary == [
        ("Drs. Ahmad Suryana", "menjabat", "A", None, 1),
        ("Budi Santoso", "seleksi", "A", 79.0, 1),
        ("Siti Rahayu", "seleksi", "B", 71.1, 2),
        ("Hendra Kusuma", "seleksi", "C", 84.5, None),
        ("Joko Pratama", "seleksi", "C", 80.0, None),
        ("Dewi Lestari", "seleksi", "C", 69.99, None),
    ]
    assert set(results[0]) == {"nip", "nama", "kelompok", "kategori", "nilai_akhir", "peringkat", "syarat"}
    assert set(results[0]["syarat"][0]) == {"kode", "status", "keterangan", "dasar"}
    assert [s["kode"] for s in results[0]["syarat"]] == [
        "GOLONGAN",
        "JABATAN",
        "PENDIDIKAN",
        "USIA_BUP",
        "SKP",
        "USUL_OPD",
    ]


def test_csv_and_xlsx_outputs(tmp_path) -> None:
    code, out, _err = run(*screen_args(EXAMPLE), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["kategori"] for r in rows] == ["A", "A", "B", "C", "C", "C"]
    assert rows[3]["USIA_BUP"] == "tidak_memenuhi" and "USIA_BUP:" in rows[3]["keterangan"]
    target = tmp_path / "hasil.xlsx"
    code, out, _err = run(*screen_args(EXAMPLE), "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert code == 0 and out == ""
    assert values[2][:6] == ("nip", "nama", "kelompok", "kategori", "nilai_akhir", "peringkat")  # title, blank
    assert values[4][:6] == ("197508202001121002", "Budi Santoso", "seleksi", "A", 79, 1)
    assert run(*screen_args(EXAMPLE), "--format", "xlsx")[0] == 2


def test_all_three_levels_and_both_rulesets(tmp_path) -> None:
    path = write(tmp_path, [GOOD])
    for level in ("II", "III", "IV"):
        code, out, _ = run(*screen_args(path, level))
        assert code == 0 and json.loads(out)[0]["nip"] == GOOD["nip"]
    code, out, _ = run(*screen_args(path, "II", "bekasi-diklatpim-ii"))
    result = json.loads(out)[0]
    assert code == 0 and result["nilai_akhir"] is None and result["kategori"] == "C"  # TOEFL is not Bekasi's test


BAD_CELLS = [
    ("nip", "19750820200112100", "NIP harus 18 angka"),
    ("nip", "19750820200112100X", "NIP harus 18 angka"),
    ("nip", "197508212001121002", "tidak sama dengan tanggal_lahir"),
    ("tanggal_lahir", "20-08-1975", "YYYY-MM-DD"),
    ("tanggal_lahir", "1975-02-30", "YYYY-MM-DD"),
    ("tmt_jabatan", "2019/06/03", "YYYY-MM-DD"),
    ("golongan", "IV/f", "kode tidak dikenal"),
    ("jenis_jabatan", "struktural", "kode tidak dikenal"),
    ("eselon", "V.a", "kode tidak dikenal"),
    ("pendidikan", "SLTA", "kode tidak dikenal"),
    ("skp", "cukup", "kode tidak dikenal"),
    ("tes_inggris", "IELTS", "kode tidak dikenal"),
    ("usul_opd", "y", "harus ya atau tidak"),
    ("skor_inggris", "empat ratus", "bukan angka"),
    ("nilai_pengetahuan", "9.99", "harus 10–100"),
    ("nilai_potensi", "100.01", "harus 10–100"),
    ("nilai_fisik_mental", "abc", "bukan angka"),
    ("bup", "58.5", "bilangan bulat"),
    ("nama", "", "wajib diisi"),
]


@pytest.mark.parametrize(("column", "value", "reason"), BAD_CELLS)
def test_each_bad_value_is_reported_with_row_column_value_and_reason(tmp_path, column, value, reason) -> None:
    # Line 2 is good; line 3 carries the one bad value (a bad birth date leaves the NIP unchecked).
    path = write(tmp_path, [GOOD, {**GOOD, "nip": "197508202001121003", column: value}])
    code, out, err = run(*screen_args(path))
    assert code == 2 and out == ""
    line = err.strip().splitlines()[0]
    assert line.startswith(f"baris 3, kolom {column}, nilai '{value}': ") and reason in line


def test_every_bad_row_is_listed_and_nothing_is_printed(tmp_path) -> None:
    rows = [
        GOOD,
        {**GOOD, "golongan": "IV/z"},  # line 3, and a duplicate NIP of line 2
        {**GOOD, "nip": "197508202001121009", "nilai_potensi": "5", "skp": "bagus"},  # line 4: two errors
        {**GOOD, "nip": "197508202001121010"},  # a good row
    ]
    code, out, err = run(*screen_args(write(tmp_path, rows)))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "baris 3, kolom nip, nilai '197508202001121002': NIP ganda, sudah ada di baris 2",
        "baris 3, kolom golongan, nilai 'IV/z': kode tidak dikenal; pilihan: " + ", ".join(
            ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]),
        "baris 4, kolom skp, nilai 'bagus': kode tidak dikenal; pilihan: sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang",
        "baris 4, kolom nilai_potensi, nilai '5': harus 10–100",
    ]  # fmt: skip


def test_missing_columns_and_bad_arguments(tmp_path) -> None:
    path = write(tmp_path, [GOOD], columns=tuple(c for c in COLUMNS if c not in ("skp", "bup")))
    code, out, err = run(*screen_args(path))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "baris 1, kolom skp, nilai '': kolom wajib tidak ada pada baris judul",
        "baris 1, kolom bup, nilai '': kolom wajib tidak ada pada baris judul",
    ]
    good = write(tmp_path, [GOOD])
    assert run(*screen_args(good, rules="surabaya-2020"))[2].startswith("surabaya-2020: (berkas): tidak ditemukan")
    code, out, err = run(*screen_args(good, "III", "bekasi-diklatpim-ii"))
    assert code == 2 and "tidak mengatur tingkat III" in err
    assert run(*screen_args(tmp_path / "tidak-ada.csv"))[0] == 2


def test_optional_values_and_lenient_spelling(tmp_path) -> None:
    row = {**GOOD, "golongan": "iv/b", "eselon": "iii.a", "pendidikan": "s1", "skp": "Sangat Baik", "usul_opd": "YA",
           "tes_inggris": "toefl", "nilai_pengetahuan": "82,0", "tmt_jabatan": ""}  # fmt: skip
    code, out, _ = run(*screen_args(write(tmp_path, [row])))
    result = json.loads(out)[0]
    assert code == 0 and result["kategori"] == "A" and result["nilai_akhir"] == 79.0


def test_real_process_exit_status_and_streams(tmp_path) -> None:
    """The contract seen from a shell: exit 2, nothing on stdout, errors on stderr."""
    bad = write(tmp_path, [{**GOOD, "golongan": "X"}])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "screen", *screen_args(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("baris 2, kolom golongan, nilai 'X': kode tidak dikenal")


def test_fast_json_is_the_same_document_as_json_dumps() -> None:
    from bangkom.rules import load_ruleset, read_candidates, screen
    from bangkom.selection.screening_output import json_text, result_dict

    with EXAMPLE.open(encoding="utf-8") as handle:
        candidates, _errors = read_candidates(handle)
    results = screen(load_ruleset("bima-2018"), "II", __import__("datetime").date(2026, 11, 23), candidates)
    assert json_text(results) == json.dumps([result_dict(r) for r in results], ensure_ascii=False) + "\n"


def test_a_file_may_carry_whether_a_candidate_passed_the_selection() -> None:
    """`lulus_seleksi` is an optional column: Bekasi's requirement 5 reads it; without the column
    nobody has passed, and a bad value is named with its row and column like any other."""
    import io

    from bangkom.rules import read_candidates

    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header, first, second = text[0], text[1], text[2]
    with_column = "\n".join([header + ",lulus_seleksi", first + ",ya", second + ",tidak"]) + "\n"
    candidates, errors = read_candidates(io.StringIO(with_column))
    assert errors == [] and [c.selection_passed for c in candidates] == [True, False]
    candidates, errors = read_candidates(io.StringIO("\n".join([header, first]) + "\n"))
    assert errors == [] and candidates[0].selection_passed is False
    _candidates, errors = read_candidates(io.StringIO("\n".join([header + ",lulus_seleksi", first + ",mungkin"])))
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "lulus_seleksi", "mungkin")]


def test_a_file_may_carry_the_functional_level_in_either_order_of_the_optional_columns() -> None:
    """`jenjang_fungsional` ("Ahli Madya", "ahli_utama") sets the functional BUP of the rule set
    (PP 11/2017 Pasal 239); the two optional columns may come in any order; a bad level is named."""
    import io

    from bangkom.rules import read_candidates

    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header, first, second = text[0], text[1], text[2]
    both = "\n".join([header + ",jenjang_fungsional,lulus_seleksi", first + ",Ahli Madya,ya", second + ",,tidak"])
    candidates, errors = read_candidates(io.StringIO(both + "\n"))
    assert errors == []
    assert [(c.functional_level, c.selection_passed) for c in candidates] == [("ahli_madya", True), (None, False)]
    _candidates, errors = read_candidates(
        io.StringIO("\n".join([header + ",jenjang_fungsional", first + ",ahli super"]))
    )
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "jenjang_fungsional", "ahli super")]
    assert "pilihan: ahli_utama, ahli_madya" in errors[0].reason


def test_a_round_cannot_be_dated_before_its_rule_set_took_effect(users) -> None:
    import datetime as dt

    from django.core.exceptions import ValidationError

    from bangkom.selection.services import round_open

    with pytest.raises(ValidationError) as refused:
        round_open(
            actor=users["admin"],
            name="Seleksi lama",
            level="II",
            ruleset_id="bima-2018",
            as_of=dt.date(2017, 12, 31),
            quota=2,
        )
    assert refused.value.message_dict["as_of"] == [
        "Aturan bima-2018 berlaku mulai 01-01-2018; tanggal acuan tidak boleh sebelumnya."
    ]


def test_the_command_refuses_an_as_of_date_before_the_rule_set() -> None:
    code, out, err = run(*screen_args(EXAMPLE, as_of="2017-12-31"))
    assert (code, out) == (2, "")
    assert "Aturan bima-2018 berlaku mulai 2018-01-01; --as-of 2017-12-31 jatuh sebelumnya." in err
