"""The documents pages: template upload refusals shown to the user, downloads of the rendered files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document as open_docx

from bangkom.documents.kinds import build_template
from bangkom.documents.models import DocumentTemplate
from bangkom.documents.services import document_draft
from bangkom.documents.tests.test_engine import CONTENT

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def admin_client(users) -> Client:
    client = Client()
    client.force_login(users["admin"])
    return client


def test_template_upload_refuses_with_the_reason_and_accepts_a_good_file(users) -> None:
    client = admin_client(users)
    url = reverse("documents:template-upload", args=["uji_surat"])
    response = client.post(
        url, {"file": SimpleUploadedFile("a.docx", b"hello", content_type=DOCX), "number_format": "{nomor}"}
    )
    assert "Berkas a.docx bukan DOCX" in response.content.decode()
    bad = build_template((("p", "{{ gaji }}"),))
    response = client.post(
        url, {"file": SimpleUploadedFile("b.docx", bad, content_type=DOCX), "number_format": "{nomor}"}, follow=True
    )
    assert "Placeholder tidak dikenal untuk Surat uji: gaji" in response.content.decode()
    good = build_template((("p", "{{ perihal }}"),))
    response = client.post(url, {"file": SimpleUploadedFile("c.docx", good, content_type=DOCX),
                                 "number_format": "B-{nomor}/{tahun}", "note": "kop baru"}, follow=True)  # fmt: skip
    assert "Templat versi 1 disimpan." in response.content.decode()
    assert DocumentTemplate.objects.get(kind="uji_surat").number_format == "B-{nomor}/{tahun}"
    download = client.get(reverse("documents:template-download", args=["uji_surat"]))
    assert open_docx(io.BytesIO(download.content)).paragraphs[0].text == "{{ perihal }}"


def test_rendered_files_download_and_unknown_formats_are_404(users) -> None:
    document = document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    client = Client()
    client.force_login(users["tspdi"])
    pdf = client.get(reverse("documents:download", args=[document.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("documents:download", args=[document.pk, "docx"]))
    assert docx.content.startswith(b"PK")
    assert client.get(reverse("documents:download", args=[document.pk, "exe"])).status_code == 404
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Paraf" in page and "Tandatangani" not in page  # the TSPDI initials; only the leadership signs
