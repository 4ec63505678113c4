"""Checks on uploaded files: size limit and type decided by content, never by the file name."""

from __future__ import annotations

from dataclasses import dataclass

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
ZIP_MIME = "application/zip"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
