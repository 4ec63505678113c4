"""Uploads are parsed by the library that reads their type before they are accepted."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from bangkom.core.uploads import DOCUMENT_TYPES, DOCX, validate_upload
from bangkom.documents.kinds import build_template
from conftest import SAMPLE_PDF, SAMPLE_PNG

LIMIT = 5 * 1024 * 1024


def _check(content: bytes, name: str, allowed=DOCUMENT_TYPES):  # type: ignore[no-untyped-def]
    return validate_upload(SimpleUploadedFile(name, content), max_bytes=LIMIT, allowed=allowed)


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(SAMPLE_PDF)))
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_real_files_are_accepted() -> None:
    assert _check(SAMPLE_PDF, "a.pdf").extension == "pdf"
    assert _check(SAMPLE_PNG, "a.png").extension == "png"
    assert _check(build_template((("p", "x"),)), "a.docx", (DOCX,)).extension == "docx"


@pytest.mark.parametrize(
    ("content", "name", "allowed", "message"),
    [
        (b"%PDF-1.4<html><script>alert(1)</script></html>", "palsu.pdf", DOCUMENT_TYPES, "palsu.pdf rusak"),
        (SAMPLE_PDF[: len(SAMPLE_PDF) // 3], "potong.pdf", DOCUMENT_TYPES, "potong.pdf rusak"),
        (None, "kunci.pdf", DOCUMENT_TYPES, "PDF dikunci dengan kata sandi"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "rusak.png", DOCUMENT_TYPES, "rusak.png rusak"),
        (None, "kosong.docx", (DOCX,), "bukan jenis yang diizinkan"),
        (b"MZ\x90\x00" + b"\x00" * 100, "program.pdf", DOCUMENT_TYPES, "bukan jenis yang diizinkan (PDF, JPG, PNG)"),
    ],
)
def test_files_that_only_look_right_are_refused(content, name, allowed, message) -> None:  # type: ignore[no-untyped-def]
    if name == "kunci.pdf":
        content = _encrypted_pdf()
    if name == "kosong.docx":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
        content = out.getvalue()
    with pytest.raises(ValidationError) as refused:
        _check(content, name, allowed)
    assert message in refused.value.messages[0]


@pytest.mark.django_db
def test_a_body_past_the_largest_upload_is_refused_before_it_is_read(users) -> None:
    from django.test import Client, override_settings
    from django.urls import reverse

    client = Client()
    client.force_login(users["admin"])
    with override_settings(IMPORT_MAX_BYTES=1000, DOCUMENT_MAX_BYTES=1000):
        big = SimpleUploadedFile("besar.csv", b"x" * (2 * 1024 * 1024 + 10))
        response = client.post(reverse("people:import"), {"file": big})
    assert response.status_code == 413
    assert "melebihi batas unggahan" in response.content.decode()
