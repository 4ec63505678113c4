"""Rendering: a DOCX template with Jinja placeholders filled by docxtpl, and the filled DOCX laid out
as a PDF with ReportLab. The PDF is made from the filled DOCX itself, so a template the agency edits
in Word changes both files alike. Pure Python: no office suite needed on the server."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, InlineImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .charts import bar_chart_png, is_chart
from .qr import is_qr, qr_png
from .sandbox import RenderBudget, SandboxedLetterEnvironment, TemplatePolicyError, bounded

EMU_PER_POINT = 12700


class TemplateError(Exception):
    """The template cannot be read or filled; the message says where and why."""


def template_placeholders(template: bytes) -> set[str]:
    """The top-level names a template uses (`{{ nomor }}`, `{% for c in calon %}` → nomor, calon)."""
    try:
        return set(DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables())
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"placeholder tidak sah pada baris {error.lineno}: {error.message}") from error
    except Exception as error:  # any unreadable upload is the same user-facing refusal
        raise TemplateError(f"berkas bukan DOCX yang dapat dibaca ({error.__class__.__name__})") from error


def _usable_width(document: DocxTemplate) -> int:
    section = document.get_docx().sections[0]
    if not (section.page_width and section.left_margin is not None and section.right_margin is not None):
        return Cm(16)
    return section.page_width - section.left_margin - section.right_margin


def _with_images(document: DocxTemplate, context: Mapping[str, Any]) -> dict[str, Any]:
    """Chart specs in the context become images as wide as the page's text, QR specs images of their
    own size; lists and mappings are looked into, so each item of a loop may carry its own."""
    width = min(_usable_width(document), Cm(24))

    def image(value: Any) -> Any:
        if is_chart(value):
            return InlineImage(document, io.BytesIO(bar_chart_png(value)), width=Emu(width))
        if is_qr(value):
            return InlineImage(document, io.BytesIO(qr_png(value)), width=Cm(value["size_cm"]))
        if isinstance(value, Mapping):
            return {key: image(item) for key, item in value.items()}
        if isinstance(value, list):
            return [image(item) for item in value]
        return value

    return {key: image(value) for key, value in context.items()}


# A letter template is a few pages; these bounds refuse a small upload that unpacks into millions
# of paragraphs (a 45 KB file held a worker for minutes) before python-docx or Jinja touch it.
MAX_TEMPLATE_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_TEMPLATE_PARAGRAPHS = 20_000
PARAGRAPH_TAG = re.compile(rb"<w:p[ >/]")


def template_bounds_check(template: bytes) -> None:
    """Refuse a DOCX whose parts unpack past the bound or whose text has too many paragraphs."""
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_TEMPLATE_UNPACKED_BYTES:
                raise TemplateError(
                    f"isi berkas {unpacked // (1024 * 1024)} MB setelah dibuka, melebihi batas "
                    f"{MAX_TEMPLATE_UNPACKED_BYTES // (1024 * 1024)} MB"
                )
            names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            paragraphs = sum(len(PARAGRAPH_TAG.findall(archive.read(name))) for name in names)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise TemplateError(f"berkas bukan DOCX yang dapat dibaca ({error.__class__.__name__})") from error
    if paragraphs > MAX_TEMPLATE_PARAGRAPHS:
        raise TemplateError(f"templat memuat {paragraphs} paragraf, melebihi batas {MAX_TEMPLATE_PARAGRAPHS}")


def render_docx(template: bytes, context: Mapping[str, Any], *, declared: Mapping[str, Any] | None = None) -> bytes:
    """Fill a template in the sandbox (`sandbox.SandboxedLetterEnvironment`). `declared` is the kind's sample
    context: when given, the template may use only its names and their fields."""
    template_bounds_check(template)
    document = DocxTemplate(io.BytesIO(template))
    environment = SandboxedLetterEnvironment(declared=declared)
    budget: RenderBudget = environment.budget
    context = {key: bounded(value, budget) for key, value in _with_images(document, context).items()}
    try:
        # autoescape: a name such as "A & B" must not break the document's XML.
        document.render(context, jinja_env=environment, autoescape=True)
    except TemplatePolicyError as error:
        raise TemplateError(f"templat memakai yang tidak diizinkan: {error.message}") from error
    except jinja2.UndefinedError as error:
        raise TemplateError(f"placeholder tidak dikenal: {error.message}") from error
    except jinja2.TemplateError as error:
        raise TemplateError(f"templat tidak dapat diisi: {error}") from error
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ALIGNMENTS = {
    WD_ALIGN_PARAGRAPH.CENTER: TA_CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT: TA_RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY: TA_JUSTIFY,
}
BASE_SIZE = 11


def _style(paragraph: DocxParagraph, size: float, style_names: dict[str, str]) -> ParagraphStyle:
    # Looked up by id in a table made once per document: python-docx's own lookup scans every style
    # for every paragraph, which dominated long documents (500 certificates).
    heading = style_names.get(paragraph._p.style or "", "").startswith(("Heading", "Title"))
    font_size = size + (3 if heading else 0)
    return ParagraphStyle(
        "p",
        fontName="Times-Bold" if heading else "Times-Roman",
        fontSize=font_size,
        leading=font_size * 1.25,
        alignment=ALIGNMENTS.get(paragraph.alignment, TA_CENTER if heading else TA_LEFT),
        spaceAfter=font_size * 0.4,
    )


def _markup(paragraph: DocxParagraph) -> tuple[str, bool]:
    """ReportLab markup of a paragraph's runs, and whether a page break follows it."""
    parts, page_break = [], False
    for run in paragraph.runs:
        text = escape(run.text).replace("\t", "&nbsp;" * 4).replace("\n", "<br/>")
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.underline:
            text = f"<u>{text}</u>"
        parts.append(text)
        page_break |= any(br.get(qn("w:type")) == "page" for br in run._r.findall(qn("w:br")))
    return "".join(parts), page_break


def _table(table: DocxTable, width: float, size: float) -> Table:
    cell_style = ParagraphStyle("cell", fontName="Times-Roman", fontSize=size - 1, leading=(size - 1) * 1.2)
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = "<br/>".join(_markup(p)[0] for p in cell.paragraphs)
            cells.append(Paragraph(text, cell_style))
        rows.append(cells)
    grid = [column.width or 0 for column in table.columns]
    total = sum(grid) or 1
    column_widths = [width * w / total for w in grid] if all(grid) else None
    pdf_table = Table(rows, colWidths=column_widths, repeatRows=1)
    pdf_table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ]
        )
    )
    return pdf_table


def _images(document: Any, paragraph: DocxParagraph, style_names: dict[str, str]) -> list[Flowable]:
    """The pictures in a paragraph (charts, a logo), at their size in the DOCX."""
    images: list[Flowable] = []
    for drawing in paragraph._p.iter(qn("w:drawing")):
        blip = next(drawing.iter(qn("a:blip")), None)
        extent = next(drawing.iter(qn("wp:extent")), None)
        part = document.part.related_parts.get(blip.get(qn("r:embed"))) if blip is not None else None
        if part is None or extent is None:
            continue
        width, height = (int(extent.get(axis)) / EMU_PER_POINT for axis in ("cx", "cy"))
        image = Image(io.BytesIO(part.blob), width=width, height=height)
        image.hAlign = {TA_CENTER: "CENTER", TA_RIGHT: "RIGHT"}.get(
            _style(paragraph, BASE_SIZE, style_names).alignment, "LEFT"
        )
        images.append(image)
    return images


def docx_to_pdf(docx: bytes, title: str = "", *, page_numbers: bool = True) -> bytes:
    """Lay the filled DOCX out as a PDF: its paragraphs (bold, italic, alignment, page breaks) and
    tables in order, on the page size and margins of its first section, numbered at the foot."""
    document = open_docx(io.BytesIO(docx))
    section = document.sections[0]
    page = (section.page_width.pt, section.page_height.pt) if section.page_width else (595.3, 841.9)
    margins = [(m.pt if m is not None else inch) for m in (section.left_margin, section.right_margin)]
    top = section.top_margin.pt if section.top_margin is not None else inch
    bottom = section.bottom_margin.pt if section.bottom_margin is not None else inch
    width = page[0] - margins[0] - margins[1]
    story: list[Flowable] = []
    style_names = {style.style_id: style.name or "" for style in document.styles}
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            story.append(_table(block, width, BASE_SIZE))
            story.append(Spacer(1, 6))
            continue
        text, page_break = _markup(block)
        images = _images(document, block, style_names)
        if text or not images:
            story.append(Paragraph(text or "&nbsp;", _style(block, BASE_SIZE, style_names)))
        story.extend(images)
        if page_break:
            story.append(PageBreak())

    def footer(canvas: Any, doc: Any) -> None:
        if not page_numbers:
            return
        canvas.saveState()
        canvas.setFont("Times-Roman", 8)
        canvas.drawRightString(page[0] - margins[1], bottom / 2, f"Halaman {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out, pagesize=page, leftMargin=margins[0], rightMargin=margins[1], topMargin=top, bottomMargin=bottom,
        title=title, author="Bangkom",
    )  # fmt: skip
    try:
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    except Exception as error:  # e.g. a table cell taller than a page
        raise TemplateError(f"tata letak PDF gagal: {error}") from error
    return out.getvalue()
