"""The document kinds other apps register, and the builder of their default templates.

A kind says what it is called, how it is numbered by default, and which placeholders it fills
(`sample`, used to check an uploaded template before it replaces the current one). Its default
template is built here from a few blocks so that it reads as code; the agency downloads it, edits it
in Word and uploads a new version."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def indonesian_date(day: dt.date | None) -> str:
    """24 November 2026 — the way dates are written in letters."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "-"


# Blocks of a default template: ("kop",), ("title", text), ("p", text), ("center", text),
# ("table", headers, loop, cells, widths_cm), ("sign", role_line), ("break",), ("chart", name): the
# chart the context holds under `name` (charts.chart_spec), drawn as an image across the page;
# ("for", "c in items") … ("endfor",): the blocks between repeat per item; ("break_between",) inside
# such a loop starts the next item on a new page (no blank page after the last); ("image", name): a
# picture such as a QR code (qr.qr_spec), centred.
Block = tuple[Any, ...]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    name: Promise
    number_format: str
    blocks: Sequence[Block]
    sample: Mapping[str, Any]
    # Need to know: beyond those who took part in a document, who may read it once it is out of the
    # signing chain: the permissions of the flow it belongs to (any one of them suffices).
    readers: tuple[str, ...] = ()
    # The data a letter of this kind cannot go without: context name -> what to fill in, named in the
    # refusal when a draft lacks it (an SPT without its dates would read "pada tanggal - s.d. -").
    required: Mapping[str, Promise] = field(default_factory=dict)
    landscape: bool = False
    page_numbers: bool = True  # a certificate carries none
    # subject -> (title, context): how the owning app fills the document, used again on a redraft.
    build: Callable[[Any], tuple[str, dict[str, Any]]] | None = None
    # (document, actor) after every move of a document of this kind, inside its transaction: how the
    # owning app's flow learns that its letter was drafted, initialled, returned or signed.
    moved: Callable[[Any, Any], None] | None = None

    def default_template(self) -> bytes:
        return build_template(self.blocks, landscape=self.landscape)


KINDS: dict[str, DocumentKind] = {}

# Filled in by the engine for every document (see services.document_context).
COMMON_SAMPLE: dict[str, Any] = {
    "instansi": {"pemerintah": "", "nama": "", "alamat": "", "kota": "", "kepala_daerah": ""},
    "nomor": "",
    "tanggal": "",
    "status_tanda_tangan": "",
    "penandatangan": "",
}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.code] = kind
    return kind


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, str(kind.name)) for kind in KINDS.values()]


def _paragraph(document: Any, text: str, *, bold: bool = False, align: Any = None, size: int = 11) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(4)


def _table(document: Any, headers: Sequence[str], loop: str, cells: Sequence[str], widths: Sequence[float]) -> None:
    """A table whose body repeats per item: docxtpl's `{%tr for %}` rows are removed when filled."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for index, header in enumerate(headers):
        table.rows[0].cells[index].text = header
        table.rows[0].cells[index].paragraphs[0].runs[0].bold = True
        table.rows[2].cells[index].text = cells[index]
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for row in table.rows:
            row.cells[index].width = Cm(width)


def build_template(blocks: Sequence[Block], *, landscape: bool = False) -> bytes:
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    builders: dict[str, Callable[..., None]] = {
        "kop": lambda: (
            _paragraph(document, "{{ instansi.pemerintah|upper }}", bold=True, align=center, size=13),
            _paragraph(document, "{{ instansi.nama|upper }}", bold=True, align=center, size=12),
            _paragraph(document, "{{ instansi.alamat }}", align=center, size=9),
            _paragraph(document, "_" * 80, align=center, size=9),
        ),
        "title": lambda text: _paragraph(document, text, bold=True, align=center, size=12),
        "center": lambda text: _paragraph(document, text, align=center),
        "p": lambda text: _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY),
        "table": lambda headers, loop, cells, widths: _table(document, headers, loop, cells, widths),
        "sign": lambda role_line: (
            _paragraph(document, "{{ instansi.kota }}, {{ tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, role_line, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{{ status_tanda_tangan }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{{ penandatangan }}", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT),
        ),
        "break": lambda: document.add_page_break(),
        "break_between": lambda: (
            _paragraph(document, "{%p if not loop.last %}"),
            document.add_page_break(),
            _paragraph(document, "{%p endif %}"),
        ),
        "chart": lambda name: _paragraph(document, "{{ " + name + " }}", align=center),
        "image": lambda name: _paragraph(document, "{{ " + name + " }}", align=center),
        "for": lambda loop: _paragraph(document, "{%p for " + loop + " %}"),
        "endfor": lambda: _paragraph(document, "{%p endfor %}"),
    }
    for block in blocks:
        builders[block[0]](*block[1:])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
