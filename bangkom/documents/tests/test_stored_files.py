"""Generated letters live in the storage backend, not in database rows: a row holds the name of its
DOCX and PDF (their SHA-256), the same bytes are kept once, a file altered in storage is refused with
a page that says so, and the migration moves an existing archive out of the database and back."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from bangkom.core.stored import StoredContentDamaged, content_name, content_read, content_store
from bangkom.core.tests.test_temporal import _migrate
from bangkom.documents.models import Document, DocumentVersion
from bangkom.documents.services import document_draft
from bangkom.documents.tests.test_engine import CONTENT

BEFORE = [("documents", "0013_waiting_step")]


def test_content_is_named_by_its_fingerprint_kept_once_and_checked_when_read(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path
    content = b"%PDF-1.7 surat"
    digest = hashlib.sha256(content).hexdigest()
    assert content_name("documents/pdf", content, "pdf") == f"documents/pdf/{digest[:2]}/{digest}.pdf"
    assert content_name("documents/scans", content, "") == f"documents/scans/{digest[:2]}/{digest}"
    name = content_store(default_storage, "documents/pdf", content, "pdf")
    assert content_store(default_storage, "documents/pdf", content, "pdf") == name  # the same bytes: one file
    assert sorted(p.name for p in (tmp_path / "documents/pdf" / digest[:2]).iterdir()) == [f"{digest}.pdf"]
    assert content_read(default_storage, name) == content
    assert (content_store(default_storage, "documents/pdf", b"", "pdf"), content_read(default_storage, "")) == ("", b"")
    (tmp_path / name).write_bytes(b"%PDF-1.7 surat yang diubah")
    with pytest.raises(StoredContentDamaged) as refused:
        content_read(default_storage, name)
    assert str(refused.value) == (
        f"Berkas {name} di penyimpanan tidak lagi sama dengan saat disimpan; hubungi administrator."
    )


@pytest.mark.django_db
def test_a_letter_keeps_its_files_in_storage_and_its_row_only_their_names(users) -> None:
    document = document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    stored = Document.objects.filter(pk=document.pk).values("docx_file", "pdf_file", "paper_scan_file").get()
    pdf = default_storage.open(stored["pdf_file"]).read()
    assert pdf.startswith(b"%PDF") and stored["pdf_file"] == content_name("documents/pdf", pdf, "pdf")
    docx = default_storage.open(stored["docx_file"]).read()
    assert docx.startswith(b"PK") and stored["docx_file"] == content_name("documents/docx", docx, "docx")
    assert stored["paper_scan_file"] == ""
    assert not [f.name for f in Document._meta.concrete_fields if f.get_internal_type() == "BinaryField"]
    assert not [f.name for f in DocumentVersion._meta.concrete_fields if f.get_internal_type() == "BinaryField"]
    fresh = Document.objects.get(pk=document.pk)
    assert (fresh.pdf, fresh.docx, fresh.paper_scan) == (pdf, docx, b"")
    first = DocumentVersion.objects.get(document=document)
    assert first.pdf_file.name == stored["pdf_file"]  # the version and the letter share the one file


@pytest.mark.django_db
def test_a_letter_altered_in_storage_is_refused_with_a_page_that_says_so(users, caplog) -> None:
    document = document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    name = document.pdf_file.name
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-1.7 palsu"))
    client = Client(raise_request_exception=False)
    client.force_login(users["admin"])
    response = client.get(reverse("documents:download", args=[document.pk, "pdf"]))
    page = response.content.decode()
    assert response.status_code == 500 and "Traceback" not in page
    assert f"Berkas {name} di penyimpanan tidak lagi sama dengan saat disimpan" in page
    assert "Stored file damaged" in caplog.text
    assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_archive_into_storage_and_back() -> None:
    old = _migrate(BEFORE)
    try:
        user = old.get_model("accounts", "User").objects.create(username="penyusun")
        kind = old.get_model("contenttypes", "ContentType").objects.get(app_label="accounts", model="user")
        template = old.get_model("documents", "DocumentTemplate").objects.create(
            kind="uji_surat", version=1, content=b"PK templat", number_format="{nomor}"
        )
        letter = old.get_model("documents", "Document").objects.create(
            kind="uji_surat", title="Surat lama", subject_type_id=kind.pk, subject_id=user.pk, template=template,
            docx=b"PK surat lama", pdf=b"%PDF surat lama", paper_scan=b"\x89PNG pindaian", drafted_by=user,
        )  # fmt: skip
        old.get_model("documents", "DocumentVersion").objects.create(
            document=letter, number=1, docx=b"PK surat lama", pdf=b"%PDF konsep", created_by=user
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    moved = Document.objects.get(pk=letter.pk)
    assert (moved.docx, moved.pdf, moved.paper_scan) == (b"PK surat lama", b"%PDF surat lama", b"\x89PNG pindaian")
    assert moved.pdf_file.name == content_name("documents/pdf", b"%PDF surat lama", "pdf")
    assert moved.paper_scan_file.name == content_name("documents/scans", b"\x89PNG pindaian", "")
    version = DocumentVersion.objects.get(document=moved)
    assert version.docx_file.name == moved.docx_file.name and version.pdf == b"%PDF konsep"
    back = _migrate(BEFORE)  # and back again: each file into its row
    try:
        row = back.get_model("documents", "Document").objects.get(pk=letter.pk)
        assert (bytes(row.docx), bytes(row.pdf), bytes(row.paper_scan)) == (
            b"PK surat lama",
            b"%PDF surat lama",
            b"\x89PNG pindaian",
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
