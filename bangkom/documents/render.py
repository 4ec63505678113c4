"""Rendering: a DOCX template with Jinja placeholders filled by docxtpl in a sandbox, and the filled
DOCX turned into a PDF by LibreOffice (`converter`). The PDF is made from the filled DOCX itself, so a
template the agency edits in Word comes out as Word shows it."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from django.conf import settings
from docx.shared import Cm, Emu
from docxtpl import DocxTemplate, InlineImage
from PIL import Image

from .charts import bar_chart_png, is_chart
from .converter import ConversionFailed, convert_to_pdf, with_properties
from .qr import is_qr, qr_png
from .sandbox import RenderBudget, SandboxedLetterEnvironment, TemplatePolicyError, bounded


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


PICTURE_KEY = "__picture__"


def picture_spec(png: bytes, *, height_cm: float) -> dict[str, Any]:
    """A picture the context carries as data (the lambang), drawn at the given height."""
    return {PICTURE_KEY: png, "height_cm": height_cm}


def _usable_area(document: DocxTemplate) -> tuple[int, int]:
    """The width and height (EMU) inside the first section's margins."""
    section = document.get_docx().sections[0]
    width, height = Cm(16), Cm(24)
    if section.page_width and section.left_margin is not None and section.right_margin is not None:
        width = section.page_width - section.left_margin - section.right_margin
    if section.page_height and section.top_margin is not None and section.bottom_margin is not None:
        height = section.page_height - section.top_margin - section.bottom_margin
    return width, height


def _chart_image(document: DocxTemplate, png: bytes, width: int, height: int) -> InlineImage:
    """A chart as wide as the text, or as tall as the page allows when it has many labels."""
    with Image.open(io.BytesIO(png)) as picture:
        pixels_wide, pixels_high = picture.size
    if width * pixels_high / pixels_wide > height * 0.9:
        return InlineImage(document, io.BytesIO(png), height=Emu(int(height * 0.9)))
    return InlineImage(document, io.BytesIO(png), width=Emu(width))


def _with_images(document: DocxTemplate, context: Mapping[str, Any]) -> dict[str, Any]:
    """Chart specs in the context become images as wide as the page's text, QR and picture specs
    images of their own size; lists and mappings are looked into, so each item of a loop may carry its own."""
    usable_width, usable_height = _usable_area(document)
    width = min(usable_width, Cm(24))

    def image(value: Any) -> Any:
        if is_chart(value):
            return _chart_image(document, bar_chart_png(value), width, usable_height)
        if isinstance(value, Mapping) and PICTURE_KEY in value:
            return InlineImage(document, io.BytesIO(value[PICTURE_KEY]), height=Cm(value["height_cm"]))
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


def docx_mark(docx: bytes, text: str) -> bytes:
    """The DOCX with `text` in large red capitals at the head of every page (each section's header,
    first-page and even headers included): a mark such as "DICABUT" that prints with the document
    and comes out of LibreOffice in the same PDF/A with its font embedded."""
    from docx import Document as open_docx
    from docx.shared import Pt, RGBColor

    document = open_docx(io.BytesIO(docx))
    for section in document.sections:
        headers = [section.header, section.first_page_header, section.even_page_header]
        for header in headers:
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.insert_paragraph_before("")  # keep the template's own header below the mark
            mark = header.paragraphs[0]
            run = mark.add_run(text)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(20), RGBColor(0xC0, 0x00, 0x00)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite_docx_text(docx: bytes, rewrite: Callable[[str], str]) -> bytes:
    """The DOCX with `rewrite` applied to the XML of its body, headers and footers; the other parts as
    they were."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = rewrite(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def docx_to_pdf(docx: bytes, title: str = "") -> bytes:
    """The filled DOCX as LibreOffice lays it out (`converter`): PDF/A-2b, fonts embedded, titled.
    A converter that is down raises `ConverterUnavailable` for the caller to say so."""
    try:
        return convert_to_pdf(with_properties(docx, title=title, author=settings.BANGKOM_AGENCY_UNIT))
    except ConversionFailed as error:
        raise TemplateError(f"LibreOffice tidak dapat mengubah berkas menjadi PDF: {error}") from error
