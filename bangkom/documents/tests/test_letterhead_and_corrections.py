"""The agency's kop and lambang kept in Data referensi, the parts of a letter its drafter sets (Sifat,
Lampiran, Tembusan), and corrections after a return: fields corrected or a corrected DOCX uploaded,
every version kept, signing filling the number, date and signer into the corrected letter."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.test import Client
from docx import Document as open_docx
from PIL import Image

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.kinds import DocumentKind, register
from bangkom.documents.models import Document, DocumentStatus, DocumentVersion, Letterhead
from bangkom.documents.tests import pdf
from bangkom.documents.tests.test_engine import CONTENT, LETTER
from bangkom.documents.tests.test_every_kind_signed import NEW_YEAR_NIGHT
from bangkom.selection.letters import ADVICE, DECREE

pytestmark = pytest.mark.django_db

# A letter whose content its owning flow fills from the subject (as the flows' kinds do), to show a
# redraft keeps the parts the drafter set.
BUILT_LETTER = register(DocumentKind(
    code="uji_surat_alur", name="Surat uji alur", number_format="800/{nomor}/ALUR/{tahun}",
    sample={"isi": ""}, build=lambda subject: ("Surat alur", {"isi": f"Isi terbaru untuk {subject.username}"}),
    blocks=(("kop",), ("letter", "Uji alur", "Kepala Dinas", "Tempat"), ("p", "{{ isi }}"),
            ("letter_sign", "KEPALA,")),
))  # fmt: skip
ROLES_WITHOUT_LETTERHEAD = ("operator", "tspdi", "pimpinan", "kabid", "pegawai", "penilai", "umum", "nobody")


def picture(image_format: str = "PNG", size: tuple[int, int] = (300, 360)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 20, 40)).save(out, format=image_format)
    return out.getvalue()


def flat(content: bytes) -> str:
    return " ".join(pdf.text(content).split())


def _draft(users, kind: str = LETTER.code, context: dict | None = None) -> Document:
    return services.document_draft(
        actor=users["admin"],
        kind=kind,
        subject=users["admin"],
        title="Uji",
        context=context if context is not None else CONTENT,
    )


def _signed(users, document: Document) -> Document:
    services.document_check(actor=users["tspdi"], document=document)
    return services.document_sign(actor=users["pimpinan"], document=document)


def test_until_the_agency_saves_its_letterhead_the_settings_stand_in(settings) -> None:
    settings.BANGKOM_AGENCY_CITY = "Kota Lama"
    head = services.agency()
    assert head["kota"] == "Kota Lama" and head["lambang"] == ""
    assert not Letterhead.objects.exists()


def test_only_the_administrator_keeps_the_letterhead(users) -> None:
    head = services.letterhead()
    for role in ROLES_WITHOUT_LETTERHEAD:
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.letterhead_save(actor=users[role], head=head, lambang=picture(), lambang_name="lambang.png")
    assert not Letterhead.objects.exists()
    head.city = "Sukamaju Baru"
    saved = services.letterhead_save(actor=users["admin"], head=head, lambang=picture("JPEG"), lambang_name="l.jpg")
    assert Image.open(io.BytesIO(bytes(saved.lambang))).format == "PNG"  # kept as PNG whatever came
    # A second save edits the one row; it never makes another.
    again = services.letterhead()
    again.pk = None
    services.letterhead_save(actor=users["admin"], head=again)
    assert Letterhead.objects.count() == 1 and services.agency()["kota"] == "Sukamaju Baru"


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"GIF89a" + b"\0" * 40, "lambang.gif", "bukan gambar yang dapat dibaca"),
        (b"%PDF-1.7 not a picture", "lambang.pdf", "bukan gambar yang dapat dibaca"),
        (b"", "kosong.png", "bukan gambar yang dapat dibaca"),
        (b"\x89PNG" + b"\0" * (3 * 1024 * 1024), "besar.png", "melebihi batas 2048 KB"),
    ],
)
def test_a_bad_lambang_is_refused_naming_the_file_and_nothing_is_saved(users, content, name, reason) -> None:
    with pytest.raises(ServiceError, match=reason) as refusal:
        services.letterhead_save(actor=users["admin"], head=services.letterhead(), lambang=content, lambang_name=name)
    assert name in str(refusal.value)
    assert not Letterhead.objects.exists()


def test_a_bmp_is_refused_as_the_wrong_format(users) -> None:
    with pytest.raises(ServiceError, match="berformat BMP; unggah gambar PNG atau JPEG"):
        services.lambang_png(picture("BMP"), "lambang.bmp")


def test_a_large_lambang_is_scaled_down_to_what_print_needs(users) -> None:
    kept = services.lambang_png(picture(size=(4000, 5000)), "besar.png")
    assert max(Image.open(io.BytesIO(kept)).size) == services.MAX_LAMBANG_PIXELS


def test_the_lambang_prints_on_the_agency_kop_and_on_the_region_heads_decree(users) -> None:
    without = _draft(users)
    assert pdf.distinct_images(bytes(without.pdf)) == 0
    head = services.letterhead()
    head.government, head.region_head = "Pemerintah Kota Bima", "Wali Kota Bima"
    services.letterhead_save(actor=users["admin"], head=head, lambang=picture(), lambang_name="lambang.png")
    letter = _draft(users)
    assert pdf.distinct_images(bytes(letter.pdf)) == 1
    assert flat(bytes(letter.pdf)).startswith("PEMERINTAH KOTA BIMA BADAN KEPEGAWAIAN")
    # No grid around the kop (the top of the page): the lambang and the text sit in a borderless table.
    kop_lines = [s for s in pdf.line_segments(bytes(letter.pdf)) if min(s[1], s[3]) > 700]
    assert not [s for s in kop_lines if abs(s[0] - s[2]) < 0.5], kop_lines
    decree = _draft(users, DECREE.code, {**services.declared_context(DECREE), "tingkat": "III"})
    assert pdf.distinct_images(bytes(decree.pdf)) == 1
    assert flat(bytes(decree.pdf)).startswith("WALI KOTA BIMA KEPUTUSAN WALI KOTA BIMA NOMOR")


def test_the_administrator_uploads_the_lambang_in_data_referensi(users) -> None:
    client = Client()
    client.force_login(users["admin"])
    form = {"government": "Pemerintah Kabupaten Sukamaju", "agency_name": "BKPSDM", "address": "Jl. Merdeka 1",
            "phone": "", "website": "", "email": "", "city": "Sukamaju", "region_head": "Bupati Sukamaju"}  # fmt: skip
    bad = io.BytesIO(b"bukan gambar")
    bad.name = "lambang.png"
    response = client.post("/admin/documents/letterhead/add/", {**form, "lambang_file": bad})
    assert response.status_code == 200 and "lambang.png bukan gambar yang dapat dibaca" in response.content.decode()
    assert not Letterhead.objects.exists()
    good = io.BytesIO(picture())
    good.name = "lambang.png"
    response = client.post("/admin/documents/letterhead/add/", {**form, "lambang_file": good})
    assert response.status_code == 302
    assert Letterhead.objects.get().lambang
    assert client.get("/admin/documents/letterhead/add/").status_code == 403  # one letterhead only
    for role in ROLES_WITHOUT_LETTERHEAD:
        other = Client()
        other.force_login(users[role])
        assert other.get("/admin/documents/letterhead/").status_code in (302, 403), role


def test_a_letter_has_sifat_lampiran_hal_yth_and_tembusan(users) -> None:
    context = {**services.declared_context(ADVICE), "tim": "TSPDI", "seleksi": "Seleksi Diklatpim III"}
    document = _draft(users, ADVICE.code, context)
    text = flat(bytes(document.pdf))
    assert "Nomor : … Sifat : Biasa Lampiran : - Hal : Hasil pertimbangan TSPDI atas Seleksi Diklatpim III" in text
    assert "Yth. Bupati Sukamaju di Sukamaju" in text
    assert "Tembusan" not in text
    corrected = services.document_correct(
        actor=users["admin"],
        document=document,
        sifat="Segera",
        lampiran="1 (satu) berkas",
        tembusan=["Sekretaris Daerah", "  ", "Inspektur   Daerah"],
        note="rincian",
    )
    text = flat(bytes(corrected.pdf))
    assert "Sifat : Segera Lampiran : 1 (satu) berkas" in text
    assert "Tembusan: 1. Sekretaris Daerah 2. Inspektur Daerah" in text
    assert corrected.context["tembusan"] == ["Sekretaris Daerah", "Inspektur Daerah"]


def test_a_redraft_refills_the_content_from_its_subject_but_keeps_the_letter_parts(users) -> None:
    document = services.document_generate(actor=users["admin"], kind=BUILT_LETTER.code, subject=users["tspdi"])
    document.context = {**document.context, "isi": "Isi lama"}
    document.save(update_fields=["context"])
    services.document_correct(
        actor=users["admin"], document=document, sifat="Segera", lampiran="-", tembusan=["Inspektur Daerah"]
    )
    services.document_return(actor=users["tspdi"], document=document, note="perbaiki")
    redrafted = services.document_redraft(actor=users["admin"], document=Document.objects.get(pk=document.pk))
    text = flat(bytes(redrafted.pdf))
    assert "Isi terbaru untuk u_tspdi" in text and "Isi lama" not in text
    assert "Sifat : Segera" in text and "Tembusan: 1. Inspektur Daerah" in text
    assert DocumentVersion.objects.filter(document=document).count() == 3  # draft, correction, redraft


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"sifat": "Kilat"}, "Sifat 'Kilat' tidak dikenal"),
        ({"lampiran": "x" * 101}, "Lampiran paling banyak 100 karakter"),
        ({"tembusan": [f"Penerima {n}" for n in range(21)]}, "Tembusan paling banyak 20 baris"),
        ({"tembusan": ["Sekda", "y" * 201]}, "Tembusan baris 2 lebih dari 200 karakter"),
    ],
)
def test_bad_letter_parts_are_refused_and_the_draft_is_unchanged(users, changes, reason) -> None:
    document = _draft(users)
    posted = {"sifat": "Biasa", "lampiran": "-", "tembusan": [], **changes}
    with pytest.raises(ServiceError, match=reason):
        services.document_correct(actor=users["admin"], document=document, **posted)
    assert Document.objects.get(pk=document.pk).context == document.context
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_only_drafters_correct_and_only_drafts_or_returned_letters(users) -> None:
    document = _draft(users)
    parts = {"sifat": "Biasa", "lampiran": "-", "tembusan": []}
    for role in ROLES_WITHOUT_LETTERHEAD:  # only the BKPSDM administrator drafts
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.document_correct(actor=users[role], document=document, **parts)
    signed = _signed(users, document)
    with pytest.raises(ServiceError, match="berstatus Ditandatangani tidak dapat diperbaiki"):
        services.document_correct(actor=users["admin"], document=signed, **parts)
    with pytest.raises(ServiceError, match="berstatus Ditandatangani tidak dapat diperbaiki"):
        services.document_correction_upload(actor=users["admin"], document=signed, content=b"PK", name="x.docx")


def _edited(editable: bytes, old: str, new: str) -> bytes:
    """The editable DOCX as a drafter changes it in Word: one sentence rewritten."""
    document = open_docx(io.BytesIO(editable))
    paragraphs = [p for p in document.paragraphs if old in p.text]
    assert paragraphs, old
    paragraphs[0].text = paragraphs[0].text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_returned_letter_is_corrected_in_word_and_signing_fills_its_number_date_and_signer(users) -> None:
    document = _draft(users)
    services.document_return(actor=users["tspdi"], document=document, note="perihal salah")
    document = Document.objects.get(pk=document.pk)
    editable = services.document_editable_docx(document)
    body = "\n".join(p.text for p in open_docx(io.BytesIO(editable)).paragraphs)
    assert "{{ nomor }}" in body and "{{ tanggal }}" in body and "{{ penandatangan }}" in body
    corrected = _edited(editable, "Uji & coba <pertama>", "Undangan rapat koordinasi")
    services.document_correction_upload(
        actor=users["admin"],
        document=document,
        content=corrected,
        name="surat-perbaikan.docx",
        note="perihal diperbaiki",
    )
    document = Document.objects.get(pk=document.pk)
    assert document.status == DocumentStatus.DRAFT and document.uploaded_version.uploaded
    assert "Undangan rapat koordinasi" in flat(bytes(document.pdf)) and "KONSEP" in flat(bytes(document.pdf))
    with mock.patch("django.utils.timezone.now", return_value=NEW_YEAR_NIGHT):  # 00:30 WIB, 1 January 2027
        signed = _signed(users, document)
    text = flat(bytes(signed.pdf))
    assert "Undangan rapat koordinasi" in text and "Uji & coba" not in text
    assert f"Nomor: {signed.number}" in text and signed.number == "800/1/UJI/I/2027"
    assert "1 Januari 2027" in text and "Cici" in text
    assert "{{" not in text and "zzbk" not in text.lower()
    # Every version kept: the first draft, and the uploaded correction with its own PDF.
    versions = list(DocumentVersion.objects.filter(document=document).order_by("number"))
    assert [(v.number, v.uploaded) for v in versions] == [(1, False), (2, True)]
    assert "Uji & coba" in flat(bytes(versions[0].pdf)) and "Undangan rapat" in flat(bytes(versions[1].pdf))


def _docx_with(text: str) -> bytes:
    document = open_docx()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_docx_with("Surat tanpa nomor, tanggal {{ tanggal }}"), r"tidak memuat \{\{ nomor \}\}"),
        (
            _docx_with("{{ nomor }} {{ tanggal }} {{ perihal }}"),
            "placeholder yang tidak diisi saat penandatanganan: perihal",
        ),
        (_docx_with("{{ nomor }} {% for %}"), "surat.docx: placeholder tidak sah"),
        (b"PK\x03\x04 rusak", "surat.docx: berkas bukan DOCX yang dapat dibaca"),
    ],
)
def test_a_bad_corrected_docx_is_refused_naming_the_file_and_nothing_changes(users, content, reason) -> None:
    document = _draft(users)
    with pytest.raises(ServiceError, match=reason):
        services.document_correction_upload(actor=users["admin"], document=document, content=content, name="surat.docx")
    unchanged = Document.objects.get(pk=document.pk)
    assert unchanged.uploaded_version is None and bytes(unchanged.pdf) == bytes(document.pdf)
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_the_document_page_offers_the_correction_and_lists_the_versions(users) -> None:
    document = _draft(users)
    client = Client()
    client.force_login(users["admin"])
    page = client.get(f"/dokumen/{document.pk}/").content.decode()
    assert 'data-testid="letter-parts"' in page and 'data-testid="document-versions"' in page
    response = client.post(f"/dokumen/{document.pk}/perbaiki/", {"sifat": "Kilat", "lampiran": "", "tembusan": ""})
    assert response.status_code == 302
    assert "Sifat" in client.get(f"/dokumen/{document.pk}/").content.decode()
    client.post(f"/dokumen/{document.pk}/perbaiki/", {"sifat": "Rahasia", "lampiran": "", "tembusan": "Sekda"})
    assert Document.objects.get(pk=document.pk).context["sifat"] == "Rahasia"
    editable = client.get(f"/dokumen/{document.pk}/docx-perbaikan/")
    assert editable.status_code == 200 and editable.content.startswith(b"PK")
    upload = io.BytesIO(_edited(editable.content, "Uji & coba <pertama>", "Perihal baru"))
    upload.name = "perbaikan.docx"
    client.post(f"/dokumen/{document.pk}/unggah-perbaikan/", {"file": upload, "note": ""})
    assert Document.objects.get(pk=document.pk).uploaded_version is not None
    version = client.get(f"/dokumen/{document.pk}/versi/3/pdf/")
    assert version.status_code == 200 and "Perihal baru" in flat(version.content)
    # A reader without access to the document reaches none of its versions.
    outsider = Client()
    outsider.force_login(users["pegawai"])
    assert outsider.get(f"/dokumen/{document.pk}/versi/1/pdf/").status_code in (403, 404)
    assert outsider.post(f"/dokumen/{document.pk}/perbaiki/", {"sifat": "Biasa"}).status_code == 403
