"""The "KONSEP" mark across every page of a draft: a letter that is not signed must not pass for one.
Laid over the finished PDF, so it does not depend on how the PDF was made."""

from __future__ import annotations

import io
from functools import lru_cache

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

DRAFT_MARK = "KONSEP"


@lru_cache(maxsize=8)
def _stamp(width: float, height: float, text: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    canvas.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.18))
    canvas.setFont("Helvetica-Bold", min(width, height) / 5)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -min(width, height) / 15, text)
    canvas.save()
    return out.getvalue()


def watermarked(pdf: bytes, text: str = DRAFT_MARK) -> bytes:
    """The same PDF with `text` drawn diagonally, faintly, over every page (any page size)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        box = page.mediabox
        stamp = PdfReader(io.BytesIO(_stamp(float(box.width), float(box.height), text))).pages[0]
        page.merge_page(stamp, over=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
