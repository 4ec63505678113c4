"""The engine imports nothing from Django or the apps, and rule sets are checked on load."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bangkom.rules.loader import RuleSetError, available_rulesets, load_ruleset, parse_ruleset

RULES_DIR = Path(__file__).resolve().parents[1]


def test_engine_sources_import_no_django_and_no_app() -> None:
    offenders = []
    for path in RULES_DIR.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith("django") or (n.startswith("bangkom") and not n.startswith("bangkom.rules"))
            ]
    assert offenders == []


def test_importing_the_engine_loads_no_django() -> None:
    code = (
        "import sys, bangkom.rules; print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'openpyxl')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=RULES_DIR.parents[1], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_shipped_rulesets_load_with_weights_of_100() -> None:
    assert available_rulesets() == ["bekasi-diklatpim-ii", "bima-2018"]
    bima = load_ruleset("bima-2018")
    assert set(bima.levels) == {"II", "III", "IV"}
    for level in bima.levels.values():
        score = next(r for r in level.requirements if r.kind == "score")
        assert sum(score.params["weights"].values()) == 100
        assert all(r.source.startswith("Perwali Bima No. 5 Tahun 2018") for r in level.requirements)
    assert "JABATAN" not in [r.code for r in bima.levels["IV"].requirements]
    bekasi = load_ruleset("bekasi-diklatpim-ii")
    assert set(bekasi.levels) == {"II"} and not bekasi.levels["II"].scored


def base() -> dict:
    return json.loads((RULES_DIR / "rulesets" / "bima-2018.json").read_text())


def broken(change) -> dict:
    data = base()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (lambda d: d.pop("id"), "id", "wajib ada"),
        (
            lambda d: d["levels"]["II"]["requirements"][0].update(kind="umur"),
            "levels.II.requirements[0].kind",
            "'umur' tidak dikenal",
        ),
        (
            lambda d: d["levels"]["II"]["requirements"][0].update(min="IV/f"),
            "levels.II.requirements[0].min",
            "'IV/f' tidak dikenal",
        ),
        (
            lambda d: d["levels"]["III"]["requirements"][-1]["weights"].update(potensi=25),
            "levels.III.requirements[8].weights",
            "jumlah bobot 95",
        ),
        (
            lambda d: d["levels"]["IV"]["requirements"][-1].update(pass_mark="tujuh puluh"),
            "levels.IV.requirements[7].pass_mark",
            "harus",
        ),
        (
            lambda d: d["levels"]["II"]["requirements"][1].update(source=" "),
            "levels.II.requirements[1].source",
            "dasar hukum",
        ),
        (
            lambda d: d["levels"]["II"]["requirements"][2].update(groups=["semua"]),
            "levels.II.requirements[2].groups",
            "'semua' tidak dikenal",
        ),
        (
            lambda d: d["levels"]["II"]["requirements"][7]["minimum"].update(IELTS=6),
            "levels.II.requirements[7].minimum",
            "'IELTS' tidak dikenal",
        ),
        (
            lambda d: d["levels"]["II"]["requirements"][4].update(yearz=5),
            "levels.II.requirements[4].yearz",
            "kunci tidak dikenal",
        ),
        (lambda d: d["levels"].update(V={}), "levels", "'V' tidak dikenal"),
        (lambda d: d["default_bup"].pop("lainnya"), "default_bup.lainnya", "wajib ada"),
        (
            lambda d: d["levels"]["II"]["requirements"].append(d["levels"]["II"]["requirements"][0]),
            "levels.II.requirements",
            "kode syarat ganda",
        ),
    ],
)
def test_a_broken_ruleset_names_file_key_and_reason(change, key: str, reason: str) -> None:
    with pytest.raises(RuleSetError) as error:
        parse_ruleset(broken(change), "wilayah-x.json")
    assert error.value.file == "wilayah-x.json"
    assert error.value.key == key
    assert reason in error.value.reason
    assert str(error.value).startswith(f"wilayah-x.json: {key}: ")


def test_unknown_ruleset_and_bad_json(tmp_path) -> None:
    with pytest.raises(RuleSetError, match="tidak ditemukan; yang tersedia: bekasi-diklatpim-ii, bima-2018"):
        load_ruleset("surabaya-2020")
    bad = tmp_path / "rusak.json"
    bad.write_text('{"id": "x",\n "name": }')
    with pytest.raises(RuleSetError, match=r"rusak\.json: baris 2: JSON tidak sah"):
        load_ruleset(bad)


def test_a_new_region_is_a_new_data_file(tmp_path) -> None:
    data = base()
    data["id"] = "contoh-kabupaten"
    data["levels"] = {"IV": data["levels"]["IV"]}
    data["levels"]["IV"]["requirements"][0]["min"] = "III/c"
    path = tmp_path / "contoh-kabupaten.json"
    path.write_text(json.dumps(data))
    ruleset = load_ruleset(path)
    assert ruleset.id == "contoh-kabupaten" and ruleset.levels["IV"].requirements[0].params["min"] == "III/c"
