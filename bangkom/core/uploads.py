"""Checks on uploaded files: size limit and type decided by content, never by the file name, and the
content parsed by the library that reads that type (a file that only starts like a PDF is refused)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader


@dataclass(frozen=True)
class AllowedType:
    extension: str
    mime: str


DOCUMENT_TYPES = (
    AllowedType("pdf", "application/pdf"),
    AllowedType("jpg", "image/jpeg"),
    AllowedType("png", "image/png"),
)
DOCX = AllowedType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
PPTX = AllowedType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ZIP_MIME = "application/zip"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def save_with_file(instance: Any, upload: UploadedFile, *, before_save: Callable[[], None] | None = None) -> None:
    """Store the upload in the instance's `file` and save the validated row; if the row is refused,
    the stored file is removed again, so nothing is half-saved and no orphan file stays on disk."""
    instance.file.save(upload.name, upload, save=False)
    try:
        instance.full_clean()
        if before_save is not None:
            before_save()
        instance.save()
    except Exception:
        instance.file.delete(save=False)
        raise


def detect_type(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(upload: UploadedFile, *, max_bytes: int, allowed: tuple[AllowedType, ...]) -> AllowedType:
    """Return the detected type of the upload or raise a ValidationError saying why it is refused."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Berkas %(name)s berukuran %(size)s, melebihi batas %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = detect_type(head)
    for allowed_type in allowed:
        if allowed_type.mime == mime:
            problem = _content_problem(upload, mime)
            if problem is not None:
                raise ValidationError(
                    _("Berkas %(name)s rusak atau tidak utuh sebagai %(type)s (%(problem)s).")
                    % {"name": upload.name, "type": allowed_type.extension.upper(), "problem": problem}
                )
            return allowed_type
    raise _refused(upload, allowed)


# The part each Office format must hold to be a document at all.
OFFICE_PARTS = {DOCX.mime: "word/document.xml", PPTX.mime: "ppt/presentation.xml", XLSX_MIME: "xl/workbook.xml"}


def _content_problem(upload: UploadedFile, mime: str) -> str | None:
    """Why the content cannot be read as its type, or None when it reads."""
    upload.seek(0)
    try:
        if mime == "application/pdf":
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                return _("PDF dikunci dengan kata sandi")
            if len(reader.pages) < 1:
                return _("PDF tidak memuat halaman")
        elif mime.startswith("image/"):
            with Image.open(upload) as image:
                image.verify()
        elif mime in OFFICE_PARTS:
            with zipfile.ZipFile(upload) as archive:
                if OFFICE_PARTS[mime] not in archive.namelist():
                    return _("bagian %(part)s tidak ada") % {"part": OFFICE_PARTS[mime]}
    except Exception as error:  # every parser's own error means the same to the user: unreadable
        return error.__class__.__name__
    finally:
        upload.seek(0)
    return None


def _refused(upload: UploadedFile, allowed: tuple[AllowedType, ...]) -> ValidationError:
    names = ", ".join(t.extension.upper() for t in allowed)
    return ValidationError(
        _("Isi berkas %(name)s bukan jenis yang diizinkan (%(names)s).") % {"name": upload.name, "names": names}
    )


@contextmanager
def upload_on_disk(upload: UploadedFile) -> Iterator[Path]:
    """A path to the upload's bytes: Django's own temporary file for a large upload, a copy for a
    small one kept in memory. Removed when the block ends."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(suffix=".upload") as copy:
        upload.seek(0)
        shutil.copyfileobj(upload, copy)
        copy.flush()
        yield Path(copy.name)
