"""Checks on uploaded files: size limit and type decided by content, never by the file name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


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
            return allowed_type
    names = ", ".join(t.extension.upper() for t in allowed)
    raise ValidationError(
        _("Isi berkas %(name)s bukan jenis yang diizinkan (%(names)s).") % {"name": upload.name, "names": names}
    )
