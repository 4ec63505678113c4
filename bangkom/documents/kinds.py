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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
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


# The issuing bodies, each with one numbering register (Tata Naskah Dinas: a number belongs to the
# body that issues the document, whatever the kind): the agency itself, and the head of region whose
# decrees the agency drafts.
AGENCY = "instansi"
REGION_HEAD = "kepala_daerah"
ISSUERS: dict[str, str] = {AGENCY: "Register nomor BKPSDM", REGION_HEAD: "Register nomor kepala daerah"}

# The signing posts shipped (documents migration 0005; the agency renames them and records who holds
# them). A kind names the post that signs and the posts that initial, in order.
HEAD_OF_AGENCY = "kepala_bkpsdm"
DIVISION_HEAD = "kabid_pengembangan_kompetensi"
REGIONAL_SECRETARY = "sekretaris_daerah"
HEAD_OF_REGION = "kepala_daerah"
TSPDI_CHAIR = "ketua_tspdi"
# (initialling posts in order, signing post) per issuer, for kinds that do not name their own.
DEFAULT_CHAINS: dict[str, tuple[tuple[str, ...], str]] = {
    AGENCY: ((DIVISION_HEAD,), HEAD_OF_AGENCY),
    REGION_HEAD: ((DIVISION_HEAD, HEAD_OF_AGENCY, REGIONAL_SECRETARY), HEAD_OF_REGION),
}


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
    # Whose register numbers it (its number format carries the kind's archive classification code).
    issuer: str = AGENCY
    # Who initials (in order) and who signs; None takes the issuer's default chain.
    chain: tuple[tuple[str, ...], str] | None = None
    landscape: bool = False
    page_numbers: bool = True  # a certificate carries none
    # Whether an official may sign it on the signing post's behalf (a.n./u.b.): a letter may be, a
    # decree is signed by the official whose decree it is (or whoever holds that post as Plt./Plh.).
    delegable: bool = True
    # subject -> (title, context): how the owning app fills the document, used again on a redraft.
    build: Callable[[Any], tuple[str, dict[str, Any]]] | None = None
    # (document, actor) after every move of a document of this kind, inside its transaction: how the
    # owning app's flow learns that its letter was drafted, initialled, returned or signed.
    moved: Callable[[Any, Any], None] | None = None
    # (document, actor) -> why this actor may not sign it now, or None: the owning flow's word when
    # its step wants the actor's paraf on this letter, not a signature (the button is not offered).
    sign_refusal: Callable[[Any, Any], str | None] | None = None
    # (document) -> why its signature may no longer be withdrawn, or None; a kind without it keeps
    # every signature (a decree acted upon is corrected by a new decree, not by un-signing).
    withdraw_refusal: Callable[[Any], str | None] | None = None
    # Whether the people whose NIP the signed letter carries receive it (a decree naming them, their
    # assignment, summons or approval): they find it among their own letters. A report or a tabulation
    # that lists people is not addressed to them.
    to_named_people: bool = False

    def signing_chain(self) -> tuple[tuple[str, ...], str]:
        return self.chain or DEFAULT_CHAINS[self.issuer]

    def default_template(self) -> bytes:
        return build_template(self.blocks, landscape=self.landscape, page_numbers=self.page_numbers)


KINDS: dict[str, DocumentKind] = {}

# Filled in by the engine for every document (see services.document_context).
COMMON_SAMPLE: dict[str, Any] = {
    "instansi": dict.fromkeys(("pemerintah", "nama", "alamat", "kontak", "kota", "kepala_daerah", "lambang"), ""),
    "nomor": "",
    # The parts of a letter (Tata Naskah Dinas) the drafter sets on the document's page.
    "sifat": "Biasa",
    "lampiran": "-",
    "tembusan": [],
    "tanggal": "",
    "status_tanda_tangan": "",
    "penandatangan": "",
    # Filled at signing from the signer's registry record (name above); empty in a draft.
    "penandatangan_jabatan": "",
    "penandatangan_pangkat": "",
    "penandatangan_nip": "",
    # The jabatan lines over the signature, "Plt. KEPALA …" when acting, "a.n. KEPALA …,\nSEKRETARIS"
    # when signed on the post's behalf; empty where no post is registered.
    "penandatangan_sebagai": "",
}


# One item of Menimbang / Mengingat as `documents.selectors.legal_items` gives it.
LEGAL_ITEM = {"tanda": "", "teks": ""}
DECREE_SAMPLE = {"menimbang": [LEGAL_ITEM], "mengingat": [LEGAL_ITEM]}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.code] = kind
    return kind


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, str(kind.name)) for kind in KINDS.values()]


def _paragraph(document: Any, text: str, *, bold: bool = False, align: Any = None, size: int = 11) -> Any:
    """A paragraph of the template (python-docx has no types: Any)."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(4)
    return paragraph


def _row_property(row: Any, name: str) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement(name))


# Tables print smaller than the text, with narrow cell margins, so an 18-digit NIP or "Rp12.500.000"
# fits its column whole: LibreOffice breaks a word only when it cannot fit the cell.
TABLE_TEXT = Pt(9)
CELL_MARGIN_TWIPS = "57"  # 0.1 cm


def _narrow_cell_margins(table: Any) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), CELL_MARGIN_TWIPS)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _table(document: Any, headers: Sequence[str], loop: str, cells: Sequence[str], widths: Sequence[float]) -> Any:
    """A table whose body repeats per item: docxtpl's `{%tr for %}` rows are removed when filled. The
    header row repeats on every page and no row is split across pages."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    _narrow_cell_margins(table)
    _row_property(table.rows[0], "w:tblHeader")
    for row in table.rows:
        _row_property(row, "w:cantSplit")
    for index, header in enumerate(headers):
        table.rows[0].cells[index].text = header
        table.rows[0].cells[index].paragraphs[0].runs[0].bold = True
        table.rows[2].cells[index].text = cells[index]
    for row in (table.rows[0], table.rows[2]):
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = TABLE_TEXT  # the filled rows keep their run's size
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for row in table.rows:
            row.cells[index].width = Cm(width)
    return table


def _items(document: Any, label: str, loop: str) -> None:
    """Menimbang / Mengingat as decrees set them: the label and a colon once, then each item with its
    mark (a., b. or 1., 2.) and a hanging text, in a table without borders."""
    table = document.add_table(rows=3, cols=4)
    _narrow_cell_margins(table)
    cells = (
        "{% if loop.first %}" + label + "{% endif %}",
        "{% if loop.first %}:{% endif %}",
        "{{ m.tanda }}",
        "{{ m.teks }}",
    )
    for index, text in enumerate(cells):
        table.rows[1].cells[index].text = text
    table.rows[0].cells[0].text = "{%tr for m in " + loop + " %}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    for index, width in enumerate((2.8, 0.5, 0.8, 12.9)):
        table.columns[index].width = Cm(width)
        for row in table.rows:
            row.cells[index].width = Cm(width)
            row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if index == 3 else None


def _borderless_table(document: Any, rows: int, widths: Sequence[float]) -> Any:
    table = document.add_table(rows=rows, cols=len(widths))
    _narrow_cell_margins(table)
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for row in table.rows:
            row.cells[index].width = Cm(width)
    return table


def _cell_paragraph(
    cell: Any, text: str, *, first: bool = False, bold: bool = False, size: int = 11, align: Any = None
) -> Any:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _double_rule(paragraph: Any) -> None:
    """The kop's closing line: a thick and a thin rule under the address (a paragraph border, so it
    spans the text width in Word and LibreOffice alike)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "thickThinSmallGap"), ("w:sz", "24"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _kop(document: Any) -> None:
    """The agency's kop: the region's lambang on the left, the government, the agency, its address and
    contact centred beside it, closed by a double rule."""
    table = _borderless_table(document, 1, (2.6, 14.4))
    _cell_paragraph(table.rows[0].cells[0], "{{ instansi.lambang }}", first=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell, center = table.rows[0].cells[1], WD_ALIGN_PARAGRAPH.CENTER
    _cell_paragraph(cell, "{{ instansi.pemerintah|upper }}", first=True, bold=True, size=14, align=center)
    _cell_paragraph(cell, "{{ instansi.nama|upper }}", bold=True, size=12, align=center)
    _cell_paragraph(cell, "{{ instansi.alamat }}", size=9, align=center)
    _cell_paragraph(cell, "{%p if instansi.kontak %}", size=9)
    _cell_paragraph(cell, "{{ instansi.kontak }}", size=9, align=center)
    _cell_paragraph(cell, "{%p endif %}", size=9)
    rule = document.add_paragraph()
    rule.paragraph_format.space_after = Pt(8)
    _double_rule(rule)


def _letter_heading(document: Any, subject: str, addressee: str, place: str) -> None:
    """The head of a letter (Tata Naskah Dinas): place and date on the right; Nomor, Sifat, Lampiran
    and Hal; then "Yth." and the addressee, with "di" and the place when one is given."""
    _paragraph(document, "{{ instansi.kota }}, {{ tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    table = _borderless_table(document, 4, (2.2, 0.4, 14.4))
    for row, (label, value) in zip(
        table.rows,
        (("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat }}"), ("Lampiran", "{{ lampiran }}"), ("Hal", subject)),
        strict=True,
    ):
        for cell, text in zip(row.cells, (label, ":", value), strict=True):
            _cell_paragraph(cell, text, first=True)
    _paragraph(document, "")
    _paragraph(document, "Yth. " + addressee)
    if place:
        _paragraph(document, "di")
        _paragraph(document, "    " + place)


def _appendix_heading(document: Any, issuer: str, topic: str) -> None:
    """A decree's lampiran starts on a new page headed, on the right half, by the decree it belongs to."""
    document.add_page_break()
    table = _borderless_table(document, 4, (7.0, 2.2, 0.4, 7.4))
    rows = (
        ("LAMPIRAN", "", "KEPUTUSAN " + issuer),
        ("NOMOR", ":", "{{ nomor }}"),
        ("TANGGAL", ":", "{{ tanggal|upper }}"),
        ("TENTANG", ":", topic),
    )
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells[1:], texts, strict=True):
            _cell_paragraph(cell, text, first=True, size=10)
    _paragraph(document, "")


def _copies(document: Any) -> list[Any]:
    """Tembusan, when the letter has any: numbered, under the signature."""
    lines = (
        "{%p if tembusan %}",
        "Tembusan:",
        "{%p for t in tembusan %}",
        "{{ loop.index }}. {{ t }}",
        "{%p endfor %}",
        "{%p endif %}",
    )
    return [_paragraph(document, line) for line in lines]


def _page_number_footer(section: Any) -> None:
    """The words "Halaman N" at the foot of every page, as a Word PAGE field (Word and LibreOffice fill it)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Halaman ").font.size = Pt(8)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build_template(blocks: Sequence[Block], *, landscape: bool = False, page_numbers: bool = True) -> bytes:
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    if page_numbers:
        _page_number_footer(section)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(11)
    center = WD_ALIGN_PARAGRAPH.CENTER

    def _signature(role_line: str) -> tuple[Any, ...]:
        return (
            _paragraph(document, "{%p if penandatangan_sebagai %}"),
            _paragraph(document, "{{ penandatangan_sebagai }},", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{%p else %}"),
            _paragraph(document, role_line, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{%p endif %}"),
            _paragraph(document, "{{ status_tanda_tangan }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{{ penandatangan }}", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{%p if penandatangan_nip %}"),
            _paragraph(document, "{{ penandatangan_pangkat }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "NIP. {{ penandatangan_nip }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "{%p endif %}"),
        )

    builders: dict[str, Callable[..., object]] = {
        "kop": lambda: _kop(document),
        # ("letter", hal, addressee, place): the head of a letter; its date is on top, so the letter
        # closes with ("letter_sign", role_line) instead of ("sign", …).
        "letter": lambda subject, addressee, place="": _letter_heading(document, subject, addressee, place),
        "letter_sign": lambda role_line: (*_signature(role_line), _copies(document)),
        "title": lambda text: _paragraph(document, text, bold=True, align=center, size=12),
        "center": lambda text: _paragraph(document, text, align=center),
        "p": lambda text: _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY),
        # An empty list prints "nihil" instead of a table with no rows (Tata Naskah Dinas).
        "table": lambda headers, loop, cells, widths: (
            _paragraph(document, "{%p if " + loop.split(" in ", 1)[1] + " %}"),
            _table(document, headers, loop, cells, widths),
            _paragraph(document, "{%p else %}"),
            _paragraph(document, "nihil"),
            _paragraph(document, "{%p endif %}"),
        ),
        "sign": lambda role_line: (
            _paragraph(document, "{{ instansi.kota }}, {{ tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            *_signature(role_line),
            _copies(document),
        ),
        # The head of region's own kop: a decree is the Bupati's, not the agency's letter; the
        # lambang above the title of the office.
        "region_kop": lambda: (
            _paragraph(document, "{{ instansi.lambang }}", align=center),
            _paragraph(document, "{{ instansi.kepala_daerah|upper }}", bold=True, align=center, size=14),
            _paragraph(document, "", align=center, size=6),
        ),
        # The heading of a decree's lampiran, on its own page: which decree it belongs to.
        "appendix": lambda issuer, topic: _appendix_heading(document, issuer, topic),
        "items": lambda label, loop: _items(document, label, loop),
        # "Ditetapkan di … pada tanggal …", then the signature block as for a letter.
        "decree_sign": lambda role_line: (
            _paragraph(document, "Ditetapkan di {{ instansi.kota }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            _paragraph(document, "pada tanggal {{ tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT),
            *_signature(role_line),
            _copies(document),
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
