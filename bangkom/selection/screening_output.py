"""The `screen` command's output: JSON (the contract), CSV or XLSX with the same content."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from bangkom.rules import Finding, Result

SUMMARY_COLUMNS = ("nip", "nama", "kelompok", "kategori", "nilai_akhir", "peringkat")
# A finding as the contract spells it, wherever it is written: the command's output, a round
# candidate's stored findings and the findings a round keeps once for many candidates.
FINDING_KEYS = ("kode", "status", "keterangan", "dasar")


def finding_dict(code: str, status: str, explanation: str, source: str) -> dict[str, str]:
    return dict(zip(FINDING_KEYS, (code, status, explanation, source), strict=True))


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "nip": result.candidate.nip,
        "nama": result.candidate.name,
        "kelompok": result.group.value,
        "kategori": result.category.value,
        "nilai_akhir": float(result.final_score) if result.final_score is not None else None,
        "peringkat": result.rank,
        "syarat": [finding_dict(f.code, f.status.value, f.explanation, f.source) for f in result.findings],
    }


def finding_json(finding: Finding) -> str:
    """One finding as the JSON text of `finding_dict`."""
    quote = encode_basestring
    values = (finding.code, finding.status.value, finding.explanation, finding.source)
    return f"{{{', '.join(f'{quote(key)}: {quote(value)}' for key, value in zip(FINDING_KEYS, values, strict=True))}}}"


class FindingsEncoder:
    """Findings as the JSON text of their dicts (`result_dict`'s "syarat", a round candidate's
    `findings`). Candidates share most findings (the engine hands out one object per distinct
    verdict), so each distinct finding is encoded once; the encoder keeps every finding it has
    seen, so an id is never reused while it lives."""

    def __init__(self) -> None:
        self._fragments: dict[int, tuple[Finding, str]] = {}

    def fragment(self, finding: Finding) -> str:
        known = self._fragments.get(id(finding))
        if known is None:
            known = self._fragments[id(finding)] = (finding, finding_json(finding))
        return known[1]

    def encode(self, findings: Sequence[Finding]) -> str:
        return f"[{', '.join([self.fragment(f) for f in findings])}]"


def json_chunks(results: Sequence[Result], *, per_chunk: int = 2000) -> Iterator[str]:
    """The same document as json.dumps([result_dict(r) ...]), in pieces, each distinct finding
    encoded once. Streaming keeps a 200,000-candidate result (about 370 MB) from being copied whole
    in memory."""
    quote = encode_basestring
    findings = FindingsEncoder()

    def candidate(r: Result) -> str:
        score = "null" if r.final_score is None else repr(float(r.final_score))
        rank = "null" if r.rank is None else str(r.rank)
        return (
            f'{{"nip": {quote(r.candidate.nip)}, "nama": {quote(r.candidate.name)}, "kelompok": "{r.group.value}", '
            f'"kategori": "{r.category.value}", "nilai_akhir": {score}, "peringkat": {rank}, '
            f'"syarat": {findings.encode(r.findings)}}}'
        )

    yield "["
    for start in range(0, len(results), per_chunk):
        separator = ", " if start else ""
        yield separator + ", ".join([candidate(r) for r in results[start : start + per_chunk]])
    yield "]\n"


def json_text(results: Sequence[Result]) -> str:
    return "".join(json_chunks(results))


def table(results: Sequence[Result], codes: Sequence[str]) -> tuple[list[str], list[list[Any]]]:
    """One row per candidate: the summary, the status of each requirement, and the reasons of what
    was not fully met."""
    header = [*SUMMARY_COLUMNS, *codes, "keterangan"]
    rows = []
    for result in results:
        status = {f.code: f.status.value for f in result.findings}
        notes = "; ".join(f"{f.code}: {f.explanation}" for f in result.findings if f.status.value != "memenuhi")
        score = float(result.final_score) if result.final_score is not None else None
        rows.append([
            result.candidate.nip, result.candidate.name, result.group.value, result.category.value, score,
            result.rank, *(status.get(code, "") for code in codes), notes,
        ])  # fmt: skip
    return header, rows


def csv_text(results: Sequence[Result], codes: Sequence[str]) -> str:
    from bangkom.core.xlsx import data_row

    header, rows = table(results, codes)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(data_row(header))
    writer.writerows(data_row("" if v is None else v for v in row) for row in rows)
    return out.getvalue()


def write_xlsx(results: Sequence[Result], codes: Sequence[str], path: str, title: str) -> None:
    from openpyxl import Workbook

    from bangkom.core.xlsx import add_table

    workbook = Workbook(write_only=True)
    header, rows = table(results, codes)
    add_table(workbook, "Hasil seleksi", header, rows, title=[title])
    workbook.save(path)
