"""What a test reads off a PDF with pypdf: its text, PDF/A identification, fonts and line segments."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import ContentStream


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def pdfa_identification(pdf: bytes) -> tuple[str, str]:
    """(part, conformance) from the XMP metadata, e.g. ("2", "B") for PDF/A-2b."""
    metadata = reader(pdf).xmp_metadata
    xml = metadata.stream.get_data().decode() if metadata else ""
    part = re.search(r"pdfaid:part>(\d)<", xml) or re.search(r'pdfaid:part="(\d)"', xml)
    conformance = re.search(r"pdfaid:conformance>([ABU])<", xml) or re.search(r'pdfaid:conformance="([ABU])"', xml)
    return (part.group(1) if part else "", conformance.group(1) if conformance else "")


def fonts_not_embedded(pdf: bytes) -> list[str]:
    """The fonts used on any page whose program is not inside the file."""
    missing = []
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def line_segments(pdf: bytes, page_number: int = 0) -> list[tuple[float, float, float, float]]:
    """Straight lines drawn on a page (moveto … lineto), as (x0, y0, x1, y1)."""
    pdf_reader = reader(pdf)
    page = pdf_reader.pages[page_number]
    segments, start = [], (0.0, 0.0)
    for operands, operator in ContentStream(page.get_contents(), pdf_reader).operations:
        if operator == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif operator == b"l":
            end = (float(operands[0]), float(operands[1]))
            segments.append((*start, *end))
            start = end
    return segments


def distinct_images(pdf: bytes) -> int:
    """How many different pictures the PDF holds: LibreOffice shares one resource dictionary between
    pages, so an image listed on every page is still one picture."""
    return len({image.data for page in reader(pdf).pages for image in page.images})


def sendable_problems(content: bytes, *, number: str, day: str, name: str, nip: str, rank: str) -> list[str]:
    """What keeps a signed letter from being sent as it is: its number, its (Jakarta) date, the
    signer's name, pangkat and NIP not printed; not PDF/A-2b; a font not embedded. [] when sendable."""
    printed = " ".join(text(content).split())
    expected = {"nomor": number, "tanggal": day, "nama": name, "NIP": f"NIP. {nip}", "pangkat": rank}
    problems = [
        f"{label} {value!r} tidak tercetak"
        for label, value in expected.items()
        if value not in printed and value.upper() not in printed
    ]
    if pdfa_identification(content) != ("2", "B"):
        problems.append(f"bukan PDF/A-2b: {pdfa_identification(content)}")
    problems += [f"huruf {font} tidak tertanam" for font in fonts_not_embedded(content)]
    return problems
