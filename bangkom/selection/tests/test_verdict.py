"""C means a requirement failed: a C that rests only on missing data or on scores not yet given is
shown as "data belum lengkap" or "belum dinilai" on the pages, the tabulation and its XLSX."""

from __future__ import annotations

import pytest

from bangkom.selection.models import verdict_of

MET = {"kode": "GOLONGAN", "status": "memenuhi", "keterangan": "Golongan IV/b memenuhi batas minimal IV/a."}
FAILED = {"kode": "SKP", "status": "tidak_memenuhi", "keterangan": "Predikat SKP Kurang; disyaratkan Baik."}
MISSING_DATA = {"kode": "PENDIDIKAN", "status": "data_belum_lengkap", "keterangan": "Data belum lengkap: …"}
NO_SCORES = {
    "kode": "NILAI",
    "status": "tidak_memenuhi",
    "keterangan": "Nilai belum lengkap: nilai potensi akademik belum ada.",
}


@pytest.mark.parametrize(
    ("category", "findings", "verdict"),
    [
        ("A", [MET], "A"),
        ("B", [MET], "B"),
        ("", [], ""),
        ("C", [MET, FAILED], "C"),
        ("C", [FAILED, MISSING_DATA, NO_SCORES], "C"),
        ("C", [MET, MISSING_DATA], "data belum lengkap"),
        ("C", [MISSING_DATA, NO_SCORES], "data belum lengkap"),
        ("C", [MET, NO_SCORES], "belum dinilai"),
        ("C", [], "C"),  # set by hand, nothing to explain it: as stored
    ],
)
def test_the_verdict_says_what_the_category_means(category, findings, verdict) -> None:
    assert verdict_of(category, findings) == verdict
