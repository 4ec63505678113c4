"""The engine's codes: the ordered scales it compares on. They follow BKN/SIASN reference data
(golongan I/a..IV/e, eselon I.a..IV.b, education SD..S3 with D4 = S1, SKP predikat since 2022)."""

from __future__ import annotations

GOLONGAN = (
    "I/a",
    "I/b",
    "I/c",
    "I/d",
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
    "IV/d",
    "IV/e",
)
GOLONGAN_RANK = {code: index for index, code in enumerate(GOLONGAN)}

ESELON = ("I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b")

EDUCATION_RANK = {"SD": 1, "SMP": 2, "SMA": 3, "D1": 4, "D2": 5, "D3": 6, "D4": 7, "S1": 7, "S2": 8, "S3": 9}

SKP = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")

POSITION_KINDS = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")

# Levels of a functional position (jenjang jabatan fungsional), highest first.
FUNCTIONAL_LEVELS = (
    "ahli_utama", "ahli_madya", "ahli_muda", "ahli_pertama", "penyelia", "mahir", "terampil", "pemula",
)  # fmt: skip
# default_bup keys for a functional level whose BUP differs from the kind's ("fungsional_ahli_madya").
FUNCTIONAL_BUP_KEYS = tuple(f"fungsional_{level}" for level in FUNCTIONAL_LEVELS)

ENGLISH_TESTS = ("TOEFL", "TOEFL_ITP", "TOEIC", "ECSCS")

# The registry's document kinds a rule set may require as papers (people.models.DocumentKind).
PAPER_KINDS = (
    "sk_pangkat", "sk_jabatan", "skp", "surat_sehat", "bahasa_inggris", "baperjakat", "dokumen_potensi",
    "kompetensi_teknis", "surat_penugasan",
)  # fmt: skip

LEVELS = ("II", "III", "IV")

YES, NO = "ya", "tidak"


def eselon_family(eselon: str | None) -> str | None:
    """ "II.a" -> "II": the level of training an official of that eselon is already in."""
    return eselon.split(".")[0] if eselon else None
