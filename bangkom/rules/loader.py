"""Rule sets are JSON data files, validated on load: a mistake names the file, the key and why."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .model import BUP_COUNTED_TO, TIE_BREAKS, Group, Interpretation, LevelRules, Requirement, RuleSet
from .vocabulary import (
    EDUCATION_RANK,
    ENGLISH_TESTS,
    ESELON,
    FUNCTIONAL_BUP_KEYS,
    GOLONGAN_RANK,
    LEVELS,
    PAPER_KINDS,
    POSITION_KINDS,
    SKP,
)

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"
SCORE_PARTS = ("pengetahuan", "potensi", "fisik_mental", "bahasa_inggris")
FLAG_FIELDS = ("usul_opd", "rekomendasi_baperjakat", "lulus_seleksi")


class RuleSetError(ValueError):
    """A rule set file that cannot be used; the message names the file, the key and the reason."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file, self.key, self.reason = file, key, reason


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, reason: str) -> RuleSetError:
        return RuleSetError(self.file, key, reason)

    def get(
        self, data: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...], *, required: bool = True
    ) -> Any:
        if key not in data:
            if required:
                raise self.fail(f"{path}.{key}" if path else key, "wajib ada")
            return None
        value = data[key]
        if isinstance(value, bool) and kind is not bool and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(f"{path}.{key}" if path else key, "jenis nilai salah")
        if not isinstance(value, kind):
            raise self.fail(f"{path}.{key}" if path else key, f"harus {_kind_name(kind)}")
        return value

    def number(self, value: Any, key: str, *, positive: bool = True) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(key, "harus angka")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(key, "harus angka") from None
        if positive and number <= 0:
            raise self.fail(key, "harus lebih dari 0")
        return number

    def one_of(self, value: Any, allowed: Any, key: str) -> Any:
        if value not in allowed:
            raise self.fail(key, f"{value!r} tidak dikenal; pilihan: {', '.join(map(str, allowed))}")
        return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "teks", int: "bilangan bulat", float: "angka", bool: "true/false", list: "daftar", dict: "objek"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " atau ".join(names.get(k, k.__name__) for k in kinds)


def _min_golongan(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    return {"min": r.one_of(r.get(data, "min", path, str), GOLONGAN_RANK, f"{path}.min")}


def _position(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    eselon = r.get(data, "eselon", path, list)
    return {"eselon": tuple(r.one_of(e, ESELON, f"{path}.eselon[{i}]") for i, e in enumerate(eselon))}


def _flag(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    return {"field": r.one_of(r.get(data, "field", path, str), FLAG_FIELDS, f"{path}.field")}


def _min_education(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    conversion = r.get(data, "conversion", path, bool, required=False)
    return {
        "min": r.one_of(r.get(data, "min", path, str), EDUCATION_RANK, f"{path}.min"),
        "conversion": bool(conversion),
    }


def _bup_margin(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    years = r.get(data, "years", path, int)
    if years < 1:
        raise r.fail(f"{path}.years", "harus 1 atau lebih")
    return {"years": years}


def _skp(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    accepted = r.get(data, "accepted", path, list)
    if not accepted:
        raise r.fail(f"{path}.accepted", "tidak boleh kosong")
    return {"accepted": tuple(r.one_of(a, SKP, f"{path}.accepted[{i}]") for i, a in enumerate(accepted))}


def _english(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    def table(key: str, required: bool) -> dict[str, Decimal]:
        raw = r.get(data, key, path, dict, required=required) or {}
        return {
            r.one_of(test, ENGLISH_TESTS, f"{path}.{key}"): r.number(score, f"{path}.{key}.{test}")
            for test, score in raw.items()
        }

    minimum = table("minimum", True)
    if not minimum:
        raise r.fail(f"{path}.minimum", "tidak boleh kosong")
    # An equivalence row is a score, or {"min": score, "valid_years": n, "source": "..."}.
    raw_equivalences = r.get(data, "equivalences", path, dict, required=False) or {}
    equivalences: dict[str, Decimal] = {}
    valid_years: dict[str, int] = {}
    sources: dict[str, str] = {}
    for test, row in raw_equivalences.items():
        where = f"{path}.equivalences.{test}"
        name = r.one_of(test, ENGLISH_TESTS, f"{path}.equivalences")
        if isinstance(row, dict):
            equivalences[name] = r.number(row.get("min"), f"{where}.min")
            if row.get("valid_years") is not None:
                valid_years[name] = r.get(row, "valid_years", where, int)
            sources[name] = r.get(row, "source", where, str, required=False) or ""
        else:
            equivalences[name] = r.number(row, where)
    both = minimum.keys() & equivalences.keys()
    if both:
        raise r.fail(f"{path}.equivalences", f"tes {', '.join(sorted(both))} sudah ada di minimum")
    valid_for_all = r.get(data, "valid_years", path, int, required=False)
    if valid_for_all is not None:
        valid_years = {**dict.fromkeys(minimum, valid_for_all), **valid_years}
    return {
        "minimum": minimum,
        "equivalences": equivalences,
        "valid_years": valid_years,
        "equivalence_sources": sources,
    }


def _score(r: _Reader, data: dict[str, Any], path: str) -> dict[str, Any]:
    raw = r.get(data, "weights", path, dict)
    unknown = set(raw) - set(SCORE_PARTS)
    if unknown or set(raw) != set(SCORE_PARTS):
        raise r.fail(f"{path}.weights", f"harus berisi tepat {', '.join(SCORE_PARTS)}")
    weights = {part: r.number(raw[part], f"{path}.weights.{part}") for part in SCORE_PARTS}
    if sum(weights.values()) != 100:
        raise r.fail(f"{path}.weights", f"jumlah bobot {sum(weights.values())}, harus 100")
    pass_mark = r.number(r.get(data, "pass_mark", path, (int, float)), f"{path}.pass_mark")
    return {"weights": weights, "pass_mark": pass_mark}


KINDS: dict[str, Callable[[_Reader, dict[str, Any], str], dict[str, Any]]] = {
    "min_golongan": _min_golongan,
    "position": _position,
    "flag": _flag,
    "min_education": _min_education,
    "bup_margin": _bup_margin,
    "skp": _skp,
    "english": _english,
    "score": _score,
}
COMMON_KEYS = {"code", "kind", "source", "groups", "absolute", "note"}


def _requirement(r: _Reader, data: Any, path: str) -> Requirement:
    if not isinstance(data, dict):
        raise r.fail(path, "harus objek")
    code = r.get(data, "code", path, str)
    kind = r.one_of(r.get(data, "kind", path, str), KINDS, f"{path}.kind")
    source = r.get(data, "source", path, str)
    if not source.strip():
        raise r.fail(f"{path}.source", "dasar hukum wajib diisi")
    groups_raw = r.get(data, "groups", path, list, required=False) or [g.value for g in Group]
    groups = frozenset(Group(r.one_of(g, [x.value for x in Group], f"{path}.groups")) for g in groups_raw)
    params = KINDS[kind](r, data, path)
    extra = set(data) - COMMON_KEYS - set(params)
    if extra:
        raise r.fail(f"{path}.{sorted(extra)[0]}", "kunci tidak dikenal")
    absolute = r.get(data, "absolute", path, bool, required=False) or False
    return Requirement(code, kind, source, groups, absolute, params)


def parse_ruleset(data: Any, file: str) -> RuleSet:
    r = _Reader(file)
    if not isinstance(data, dict):
        raise r.fail("(akar)", "harus objek")
    ruleset_id = r.get(data, "id", "", str)
    valid_from_text = r.get(data, "valid_from", "", (str, type(None)), required=False)
    try:
        valid_from = dt.date.fromisoformat(valid_from_text) if valid_from_text else None
    except ValueError:
        raise r.fail("valid_from", "harus tanggal YYYY-MM-DD") from None
    bup_raw = r.get(data, "default_bup", "", dict)
    default_bup: dict[str, int] = {}
    for kind, age in bup_raw.items():
        if kind != "source":
            r.one_of(kind, (*POSITION_KINDS, *FUNCTIONAL_BUP_KEYS, "lainnya"), "default_bup")
            if isinstance(age, bool) or not isinstance(age, int) or not 40 <= age <= 75:
                raise r.fail(f"default_bup.{kind}", "harus bilangan bulat 40–75")
            default_bup[kind] = age
    if "lainnya" not in default_bup:
        raise r.fail("default_bup.lainnya", "wajib ada (BUP untuk jenis jabatan lain)")
    levels_raw = r.get(data, "levels", "", dict)
    if not levels_raw:
        raise r.fail("levels", "tidak boleh kosong")
    levels: dict[str, LevelRules] = {}
    for level, body in levels_raw.items():
        path = f"levels.{level}"
        r.one_of(level, LEVELS, "levels")
        if not isinstance(body, dict):
            raise r.fail(path, "harus objek")
        requirements_raw = r.get(body, "requirements", path, list)
        requirements = tuple(
            _requirement(r, item, f"{path}.requirements[{i}]") for i, item in enumerate(requirements_raw)
        )
        codes = [req.code for req in requirements]
        if len(set(codes)) != len(codes):
            raise r.fail(f"{path}.requirements", "kode syarat ganda")
        feeders = r.get(body, "feeders", path, dict, required=False) or {}
        papers = r.get(body, "papers", path, dict, required=False) or {}
        paper_kinds = r.get(papers, "kinds", f"{path}.papers", list, required=bool(papers)) or ()
        levels[level] = LevelRules(
            level=level,
            training=r.get(body, "training", path, str),
            target_eselon_family=r.one_of(
                r.get(body, "target_eselon_family", path, str), ("I", "II", "III", "IV"), f"{path}.target_eselon_family"
            ),
            requirements=requirements,
            feeder_eselons=tuple(
                r.one_of(e, ESELON, f"{path}.feeders.eselon")
                for e in r.get(feeders, "eselon", f"{path}.feeders", list, required=False) or ()
            ),
            feeder_position_kinds=tuple(
                r.one_of(k, POSITION_KINDS, f"{path}.feeders.position_kinds")
                for k in r.get(feeders, "position_kinds", f"{path}.feeders", list, required=False) or ()
            ),
            papers=tuple(r.one_of(k, PAPER_KINDS, f"{path}.papers.kinds") for k in paper_kinds),
            papers_source=r.get(papers, "source", f"{path}.papers", str, required=bool(papers)) or "",
        )
    return RuleSet(
        id=ruleset_id,
        name=r.get(data, "name", "", str),
        source=r.get(data, "source", "", str),
        valid_from=valid_from,
        default_bup=default_bup,
        levels=levels,
        interpretation=_interpretation(r, r.get(data, "interpretation", "", dict, required=False) or {}),
    )


INTERPRETATION_KEYS = ("round_before_pass_mark", "tie_break", "b_ranked_with_a", "bup_counted_to", "note")


def _interpretation(r: _Reader, data: dict[str, Any]) -> Interpretation:
    """The rule set's readings of what its text leaves open; a key left out keeps the default."""
    unknown = sorted(set(data) - set(INTERPRETATION_KEYS))
    if unknown:
        raise r.fail(f"interpretation.{unknown[0]}", f"kunci tidak dikenal; pilihan: {', '.join(INTERPRETATION_KEYS)}")
    default = Interpretation()
    tie_break = r.get(data, "tie_break", "interpretation", list, required=False)
    if tie_break is not None:
        for key in tie_break:
            r.one_of(key, TIE_BREAKS, "interpretation.tie_break")
        if len(set(tie_break)) != len(tie_break):
            raise r.fail("interpretation.tie_break", "urutan ganda")
    bup_counted_to = r.get(data, "bup_counted_to", "interpretation", str, required=False)
    if bup_counted_to is not None:
        r.one_of(bup_counted_to, BUP_COUNTED_TO, "interpretation.bup_counted_to")
    flags = {
        key: value
        if (value := r.get(data, key, "interpretation", bool, required=False)) is not None
        else getattr(default, key)
        for key in ("round_before_pass_mark", "b_ranked_with_a")
    }
    return Interpretation(
        tie_break=tuple(tie_break) if tie_break is not None else default.tie_break,
        bup_counted_to=bup_counted_to or default.bup_counted_to,
        note=r.get(data, "note", "interpretation", str, required=False) or "",
        **flags,
    )


def ruleset_document(name_or_path: str | Path) -> tuple[Any, str]:
    """The raw JSON of a shipped rule set by id (`bima-2018`) or of any file by path, with its file
    name; a selection round keeps this document so that later edits never change it."""
    path = Path(name_or_path)
    if not path.suffix:
        path = RULESET_DIR / f"{name_or_path}.json"
    if not path.is_file():
        known = ", ".join(available_rulesets())
        raise RuleSetError(str(name_or_path), "(berkas)", f"tidak ditemukan; yang tersedia: {known}")
    try:
        return json.loads(path.read_text(encoding="utf-8")), path.name
    except json.JSONDecodeError as error:
        raise RuleSetError(path.name, f"baris {error.lineno}", f"JSON tidak sah: {error.msg}") from None


def load_ruleset(name_or_path: str | Path) -> RuleSet:
    """A shipped rule set by id or any rule set file by path, validated."""
    data, file = ruleset_document(name_or_path)
    return parse_ruleset(data, file)


def available_rulesets() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.json"))
