"""One renderer: LibreOffice's converter makes every PDF, built-in or uploaded, as PDF/A-2b with its
fonts embedded; an agency's own Word template comes out as Word shows it; `render_document` is the
same path from the command line; a converter that is down is said plainly and nothing is saved."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from docx import Document as DocxFile
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.charts import bar_chart_png, chart_spec
from bangkom.documents.kinds import KINDS, build_template
from bangkom.documents.models import Document
from bangkom.documents.render import docx_to_pdf, render_docx
from bangkom.documents.tests import pdf
from bangkom.documents.tests.test_engine import CONTENT, LETTER


def agency_template() -> bytes:
    """An agency's own letterhead as Word makes it: the logo in a borderless table cell beside the
    name, a page header and footer, a double rule, automatic numbering and a borderless table."""
    picture = io.BytesIO()
    Image.new("RGB", (120, 140), "red").save(picture, "PNG")
    picture.seek(0)
    document = DocxFile()
    section = document.sections[0]
    section.header.paragraphs[0].text = "KOP KHUSUS KABUPATEN CONTOH"
    section.footer.paragraphs[0].text = "Jalan Contoh No. 9 - {{ perihal }}"
    letterhead = document.add_table(rows=1, cols=2)  # no style: no borders
    letterhead.rows[0].cells[0].paragraphs[0].add_run().add_picture(picture, width=Cm(2))
    letterhead.rows[0].cells[1].text = "{{ instansi.pemerintah|upper }}"
    rule = document.add_paragraph("")
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for name, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)
    for item in ("Pertama tentang {{ perihal }}", "Kedua", "Ketiga"):
        document.add_paragraph(item, style="List Number")
    people = document.add_table(rows=2, cols=2)
    people.rows[0].cells[0].text, people.rows[0].cells[1].text = "Nama", "NIP"
    people.rows[1].cells[0].text, people.rows[1].cells[1].text = "Ani", "198001012005011001"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_kind_is_pdfa_2b_with_every_font_embedded(code: str) -> None:
    kind = KINDS[code]
    sample = services.declared_context(kind)
    made = docx_to_pdf(render_docx(kind.default_template(), sample, declared=sample), title="Uji")
    assert pdf.pdfa_identification(made) == ("2", "B")
    assert pdf.fonts_not_embedded(made) == []
    assert pdf.reader(made).metadata.title == "Uji"


def test_an_agency_template_comes_out_as_word_shows_it() -> None:
    made = docx_to_pdf(render_docx(agency_template(), {"perihal": "uji", "instansi": {"pemerintah": "Kab. Contoh"}}))
    page = pdf.reader(made).pages[0]
    text = page.extract_text()
    assert [image.name for image in page.images]  # the logo in the table cell
    assert "KOP KHUSUS KABUPATEN CONTOH" in text  # page header
    assert "Jalan Contoh No. 9 - uji" in text  # page footer, its placeholder filled
    assert "KAB. CONTOH" in text
    assert "1. Pertama tentang uji" in text and "2. Kedua" in text and "3. Ketiga" in text
    segments = pdf.line_segments(made)
    # The double rule is two horizontal lines; the borderless tables add no grid (no vertical line).
    assert segments and all(y0 == y1 for _x0, y0, _x1, y1 in segments)
    assert len({y0 for _x0, y0, _x1, _y1 in segments}) == 2


def test_a_long_table_repeats_its_header_and_breaks_no_word(users) -> None:
    people = [{"nama": f"Pengembangan Kompetensi Aparatur {index}"} for index in range(120)]
    document = services.document_draft(
        actor=users["admin"],
        kind=LETTER.code,
        subject=users["admin"],
        title="Uji",
        context={**CONTENT, "orang": people},
    )
    pages = pdf.reader(bytes(document.pdf)).pages
    assert len(pages) >= 3
    pages_with_rows = [page.extract_text() for page in pages if "Aparatur" in page.extract_text()]
    assert len(pages_with_rows) >= 2
    assert all(text.count("Nama") >= 1 for text in pages_with_rows)  # the header row on every page of the table
    text = pdf.text(bytes(document.pdf))
    assert all(f"Pengembangan Kompetensi Aparatur {index}" in text for index in range(120))


def test_a_converter_that_is_down_is_said_and_nothing_is_saved(users, settings) -> None:
    settings.BANGKOM_CONVERTER = "127.0.0.1:1"
    with pytest.raises(ServiceError, match="LibreOffice"):
        services.document_draft(
            actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="Uji", context=CONTENT
        )
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_render_document_writes_the_pdf_through_the_apps_path(tmp_path: Path) -> None:
    template, data, output = tmp_path / "surat.docx", tmp_path / "data.json", tmp_path / "surat.pdf"
    template.write_bytes(agency_template())
    data.write_text(json.dumps({"perihal": "Rapat koordinasi"}))
    call_command("render_document", str(template), "--data", str(data), "--output", str(output), stdout=io.StringIO())
    made = output.read_bytes()
    assert "Pertama tentang Rapat koordinasi" in pdf.text(made)
    assert pdf.pdfa_identification(made) == ("2", "B")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "perihal"),  # a placeholder the data lacks
        ("[1, 2]", "objek JSON"),
        ("{perihal: 1", "bukan JSON yang sah"),
    ],
)
def test_render_document_refuses_bad_data_with_status_2_and_writes_nothing(tmp_path: Path, data, message) -> None:
    template, data_file, output = tmp_path / "surat.docx", tmp_path / "data.json", tmp_path / "surat.pdf"
    template.write_bytes(agency_template())
    data_file.write_text(data if isinstance(data, str) else json.dumps(data))
    with pytest.raises(CommandError, match=message) as refused:
        call_command("render_document", str(template), "--data", str(data_file), "--output", str(output))
    assert refused.value.returncode == 2
    assert sorted(tmp_path.iterdir()) == sorted([template, data_file])  # no PDF, no half-written part


@pytest.mark.django_db
def test_render_document_names_a_key_the_kind_does_not_know(tmp_path: Path) -> None:
    template, data, output = tmp_path / "surat.docx", tmp_path / "data.json", tmp_path / "surat.pdf"
    template.write_bytes(agency_template())
    data.write_text(json.dumps({"perihal": "x", "gaji": 1}))
    with pytest.raises(CommandError, match="gaji") as refused:
        call_command(
            "render_document", str(template), "--data", str(data), "--output", str(output), "--kind", LETTER.code
        )
    assert refused.value.returncode == 2 and not output.exists()


def test_render_document_exit_status_from_the_shell(tmp_path: Path) -> None:
    template, data, output = tmp_path / "rusak.docx", tmp_path / "data.json", tmp_path / "out.pdf"
    template.write_bytes(b"bukan docx")
    data.write_text("{}")
    environment = {**os.environ, "BANGKOM_CONVERTER": settings.BANGKOM_CONVERTER}
    finished = subprocess.run(
        [sys.executable, "manage.py", "render_document", str(template), "--data", str(data), "--output", str(output)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 2, finished.stderr
    assert "bukan DOCX" in finished.stderr and not output.exists()


def test_run_converter_stands_by_while_another_serves_its_address(converter: str) -> None:
    """A second `make run` must not fail every two seconds on a port in use: it waits instead."""
    environment = {**os.environ, "BANGKOM_CONVERTER": converter, "LOG_LEVEL": "WARNING"}
    waiting = subprocess.Popen(
        [sys.executable, "manage.py", "run_converter"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert "sudah berjalan" in (waiting.stdout.readline() if waiting.stdout else "")
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=3)
    finally:
        waiting.terminate()
        waiting.wait(timeout=20)


def test_a_chart_of_forty_units_keeps_full_names_and_fits_the_page() -> None:
    names = [f"Dinas Pekerjaan Umum dan Penataan Ruang Bagian {index}" for index in range(40)]
    spec = chart_spec("JP per unit kerja", names, [("JP rencana", range(0, 400, 10)), ("JP realisasi", range(40))])
    with Image.open(io.BytesIO(bar_chart_png(spec))) as picture:
        wide, high = picture.size
    assert high > wide  # grows with the labels instead of squeezing them
    docx = render_docx(build_template((("chart", "grafik"),), landscape=True), {"grafik": spec})
    [shape] = DocxFile(io.BytesIO(docx)).inline_shapes
    section = DocxFile(io.BytesIO(docx)).sections[0]
    assert shape.height <= section.page_height - section.top_margin - section.bottom_margin
    made = docx_to_pdf(docx)
    assert len(pdf.reader(made).pages) == 1 and pdf.distinct_images(made) == 1


def test_an_empty_list_prints_nihil_instead_of_an_empty_table(users) -> None:
    empty = services.document_draft(
        actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="Uji", context={**CONTENT, "orang": []}
    )
    full = services.document_draft(
        actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="Uji", context=CONTENT
    )
    assert "nihil" in pdf.text(bytes(empty.pdf)) and "Nama" not in pdf.text(bytes(empty.pdf))
    assert "nihil" not in pdf.text(bytes(full.pdf)) and "Budi" in pdf.text(bytes(full.pdf))


def test_the_letterhead_carries_the_agencys_contact_line_when_set(users, settings) -> None:
    settings.BANGKOM_AGENCY_PHONE, settings.BANGKOM_AGENCY_WEBSITE = "(0262) 123456", "bkpsdm.garut.go.id"
    settings.BANGKOM_AGENCY_EMAIL = ""
    letter = services.document_draft(
        actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="Uji", context=CONTENT
    )
    assert "Telepon (0262) 123456 · Laman bkpsdm.garut.go.id" in pdf.text(bytes(letter.pdf))
    assert "Pos-el" not in pdf.text(bytes(letter.pdf))
    settings.BANGKOM_AGENCY_PHONE = settings.BANGKOM_AGENCY_WEBSITE = ""
    bare = services.document_draft(
        actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="Uji", context=CONTENT
    )
    assert "Telepon" not in pdf.text(bytes(bare.pdf))
