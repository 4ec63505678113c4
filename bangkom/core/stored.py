"""Generated files (a letter's DOCX and PDF, a signed sheet's scan) live in the storage backend (a local
folder, or an S3-compatible bucket when configured), named by their SHA-256, and the database row
holds only that name: the database and its backups stay small however many letters are signed.

The name is the content's fingerprint, so the same bytes are stored once, a file is never
overwritten, and what comes back from the storage is checked against its name before it is used: a
letter altered or damaged in the bucket is refused, never handed out or signed."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext as _

from .errors import ServiceError


class StoredContentDamaged(ServiceError):
    """The stored file's bytes no longer match the fingerprint it was stored under."""


def content_name(folder: str, content: bytes, extension: str) -> str:
    """Where `content` is kept: `folder/ab/abcdef….extension` after its SHA-256 (no extension when
    the kind of file varies, as a scan's)."""
    digest = hashlib.sha256(content).hexdigest()
    return f"{folder}/{digest[:2]}/{digest}" + (f".{extension}" if extension else "")


def content_store(storage: Storage, folder: str, content: bytes, extension: str) -> str:
    """Keep `content` (once: the same bytes are already there under the same name); return its name.
    Written when the value is set, before the row commits: a rolled-back write leaves at most an
    unreferenced file, never a row pointing at nothing."""
    if not content:
        return ""
    name = content_name(folder, content, extension)
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # another writer stored the same bytes a moment before: keep one name
            storage.delete(saved)
    return name


def content_read(storage: Storage, name: str) -> bytes:
    if not name:
        return b""
    with storage.open(name, "rb") as handle:
        content = handle.read()
    expected = name.rsplit("/", 1)[-1].split(".", 1)[0]
    if hashlib.sha256(content).hexdigest() != expected:
        raise StoredContentDamaged(
            _("Berkas %(name)s di penyimpanan tidak lagi sama dengan saat disimpan; hubungi administrator.")
            % {"name": name}
        )
    return content


def stored_content(field_name: str, folder: str, extension: str) -> Any:
    """A model attribute read and set as bytes, kept in the storage of the FileField `field_name`.
    A property (not another descriptor) so that `Model(pdf=…)` and `objects.create(pdf=…)` accept it;
    the bytes read are cached per instance for the file name they came from, so a refreshed row
    reads its new file."""
    cache = f"_{field_name}_content"

    def read(instance: Any) -> bytes:
        file = getattr(instance, field_name)
        cached = instance.__dict__.get(cache)
        if cached is not None and cached[0] == file.name:
            return cached[1]
        content = content_read(file.storage, file.name or "")
        instance.__dict__[cache] = (file.name, content)
        return content

    def write(instance: Any, value: bytes | memoryview | None) -> None:
        content = bytes(value or b"")
        file = getattr(instance, field_name)
        name = content_store(file.storage, folder, content, extension)
        setattr(instance, field_name, name)
        instance.__dict__[cache] = (name, content)

    return property(read, write)
